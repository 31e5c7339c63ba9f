"""The report pages as PDF for a board meeting (A4 or F4, like the statements): indicators, repayments
and arrears, field officers, districts. Each reads the page's own context, so the PDF shows the
page's figures; scope as on the page (out of scope is a 404)."""
from django.utils.translation import gettext as _

from core.dates import today
from core.pdf import pdf_response

from . import views


def _pdf(request, template, context, name):
    context = {**context, "pdf": True, "printed_on": today(),
               "signature_labels": [_("Prepared by"), _("Checked by"), _("Approved by")]}
    period = context["period"]
    return pdf_response(request, template, context, filename=f"{name}-{period.start}-{period.end}.pdf")


def indicators_pdf(request):
    """Download the indicators of a scope and period with each one's definition and source."""
    context = views.indicators_context(request)
    return _pdf(request, "reports/pdf/indicators.html", context, _("indicators"))


def portfolio_pdf(request):
    """Download the repayments and arrears of a scope: figures, cover views, collectibility, who is late."""
    context = views.portfolio_context(request)
    return _pdf(request, "reports/pdf/portfolio.html", context, _("arrears"))


def officers_pdf(request):
    """Download the table by field officer for a period."""
    context = views.officers_context(request)
    return _pdf(request, "reports/pdf/officers.html", context, _("field-officers"))


def districts_pdf(request):
    """Download the table by district for a period."""
    context = views.districts_context(request)
    return _pdf(request, "reports/pdf/districts.html", context, _("districts"))
