"""Loan simulator (simulasi pinjaman): any signed-in user sees a schedule before a member applies.

No member or money is involved; a group appears only to prefill its rules (``?group=<pk>``),
and then only a group the user may see (else 404).
"""
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.dates import today
from core.forms import add_service_errors
from core.pdf import pdf_response
from groups.calendar import due_dates_for, monthly_due_dates
from groups.rules import InterestMethod
from groups.selectors import get_group_for_user, rules_for

from ..forms.simulator import SimulatorForm
from ..quality_selectors import group_regime
from ..rates import rates_for_schedule
from ..schedule import MAX_TERM, build_schedule


def _group_and_rules(request):
    """Return (group, rules in force) named by ``?group=``, or (None, None); 404 when out of scope."""
    raw = request.GET.get("group", "")
    if not raw:
        return None, None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise Http404
    group = get_group_for_user(request.user, int(raw))
    return group, rules_for(group)


def _initial(rules):
    if rules is None:
        return {}
    terms = rules.allowed_terms
    return {"rate": rules.loan_interest_rate, "method": rules.loan_interest_method, "rounding": rules.loan_rounding,
            "term": terms[0] if terms else None}


def _simulate(request):
    """Return the page context: the form and, when its input is good, the schedule."""
    group, rules = _group_and_rules(request)
    form = SimulatorForm(request.GET if "principal" in request.GET else None, initial=_initial(rules))
    schedule = None
    if form.is_bound and form.is_valid():
        inputs = dict(form.cleaned_data)
        start = inputs.pop("disbursed_on", None)
        try:
            if start is not None:
                inputs["due_dates"] = _due_dates(group, start, inputs.get("term"))
            schedule = build_schedule(**inputs)
        except ValidationError as exc:
            add_service_errors(form, exc)
    rates = None
    if schedule is not None:
        rates = rates_for_schedule(group_regime(group, today()) if group else None, principal=schedule.principal,
                                   instalments=[line.total for line in schedule.lines], rate=schedule.rate,
                                   method=schedule.method)
    return {"form": form, "group": group, "rules": rules, "schedule": schedule, "query": request.GET.urlencode(),
            "rates": rates,
            "method_label": InterestMethod(schedule.method).label if schedule else "",
            "rate_label": _plain_number(schedule.rate) if schedule else ""}


def _due_dates(group, start, term):
    """Return the due dates of a loan disbursed on ``start``: at the group's meetings by its rules then, or monthly."""
    rules = rules_for(group, start) if group is not None else None
    if not isinstance(term, int) or not 0 < term <= MAX_TERM:
        return None  # build_schedule names the bad term
    if rules is None:
        return monthly_due_dates(start=start, count=term)
    return due_dates_for(group, rules, start=start, count=term)


def _plain_number(value):
    """Write a Decimal without trailing zeros in the active language (1,5 rather than 1,500)."""
    value = value.normalize()
    return number_format(value.quantize(1) if value.as_tuple().exponent > 0 else value)


def simulator(request):
    """Show the simulator form and, for good input, the schedule with totals."""
    return render(request, "loans/simulator.html", _simulate(request))


def simulator_pdf(request):
    """Return the simulated schedule as a PDF (A4 or F4 by ``?paper=``); bad input shows the form."""
    context = _simulate(request)
    if context["schedule"] is None:
        return render(request, "loans/simulator.html", context)
    return pdf_response(request, "loans/simulator_pdf.html", context, filename=_("loan-simulation") + ".pdf")
