"""The reports' long work, done in the background (``jobs``): every member's statement of a group or
of a district in one PDF, and the RAT package PDF.

The views ask with ``request_*`` (scope already checked: out of scope was a 404) and show the job's
page; a worker runs ``run_*``. Each member's statement is laid out on its own (its pages numbered
"1 / 2" for her), which lets the job say how far it is, and the pages are then written as one PDF.
Its tables are printed as columns of text (``reports.statement_print``) and every statement of a job
shares one font configuration and one parsed stylesheet (one a group: its name is in the header): a
statement is a few boxes a table, not a box a cell, fonts are found and embedded once and the rules
parsed once (docs/performance.md, "The statements PDF").
"""
import datetime
import io

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pypdf import PdfWriter

from core.pdf import PAPERS, _static_fetcher
from groups.models import Group
from jobs.registry import Result, register
from jobs.services import job_request
from yearend.selectors import book_years

from .selectors.rat import rat_package
from .selectors.scope import Period
from .selectors.statement import member_statements, members_for_statements
from .statement_print import printed_statement

MEMBER_STATEMENTS = "reports.member_statements"
DISTRICT_STATEMENTS = "reports.district_statements"
RAT_PACKAGE = "reports.rat_package"
PDF = "application/pdf"


def _paper(paper):
    return paper if paper in PAPERS else "A4"


def _layout(template, context, paper, *, fonts=None, stylesheet=None):
    """Lay out ``template`` as a WeasyPrint document (not yet written); ``fonts``: a shared FontConfiguration,
    ``stylesheet``: a parsed stylesheet (``_statement_stylesheet``) used instead of the page's own ``<style>``."""
    from weasyprint import HTML  # heavy (Pango, fonts): loaded only when a PDF is made

    html = render_to_string(template, {**context, "paper_size": PAPERS[paper], "paper": paper,
                                       "shared_stylesheet": stylesheet is not None})
    return HTML(string=html, base_url="http://localhost/", url_fetcher=_static_fetcher).render(
        font_config=fonts, stylesheets=None if stylesheet is None else [stylesheet])


def _fonts():
    from weasyprint.text.fonts import FontConfiguration  # heavy, as above

    return FontConfiguration()


def _statement_stylesheet(context, paper, fonts):
    """Parse the statements' stylesheet for ``context`` (its group and period) once: each statement is a
    document of its own, and parsing its ``<style>`` again was ~6 % of the job's CPU."""
    from weasyprint import CSS  # heavy, as above

    css = render_to_string("reports/pdf/member_statements.css", {**context, "paper_size": PAPERS[paper]})
    return CSS(string=css, base_url="http://localhost/", url_fetcher=_static_fetcher, font_config=fonts)


def _write(documents):
    """Write the pages of ``documents`` as one PDF."""
    return documents[0].copy([page for doc in documents for page in doc.pages]).write_pdf()


def _period_from(params):
    return Period(datetime.date.fromisoformat(params["start"]), datetime.date.fromisoformat(params["end"]))


# Asking (from the views) ---------------------------------------------------------------------------

def request_member_statements(*, group, period, paper, actor):
    """Ask for every member's statement of ``group`` over ``period`` in one PDF; return the job."""
    paper = _paper(paper)
    return job_request(
        kind=MEMBER_STATEMENTS, scope_key=f"group:{group.pk}:{period.start}:{period.end}:{paper}",
        params={"start": period.start.isoformat(), "end": period.end.isoformat(), "paper": paper},
        title=_("Member statements of %(group)s, %(start)s to %(end)s") % {
            "group": group, "start": date_format(period.start), "end": date_format(period.end)},
        group=group, actor=actor)


def request_district_statements(*, region, period, paper, actor):
    """Ask for every member's statement of every group in ``region`` over ``period``; return the job."""
    paper = _paper(paper)
    return job_request(
        kind=DISTRICT_STATEMENTS, scope_key=f"region:{region.pk}:{period.start}:{period.end}:{paper}",
        params={"start": period.start.isoformat(), "end": period.end.isoformat(), "paper": paper},
        title=_("Member statements of every group in %(region)s, %(start)s to %(end)s") % {
            "region": region.name, "start": date_format(period.start), "end": date_format(period.end)},
        region=region, actor=actor)


def request_rat_package(*, group, year, paper, actor):
    """Ask for the RAT package PDF of ``group``'s book ``year``; return the job."""
    paper = _paper(paper)
    return job_request(kind=RAT_PACKAGE, scope_key=f"group:{group.pk}:{year}:{paper}",
                       params={"year": year, "paper": paper},
                       title=_("RAT package %(year)s of %(group)s") % {"year": year, "group": group},
                       group=group, actor=actor)


# Doing (in the worker) -----------------------------------------------------------------------------

def groups_of_region(region):
    """Return the groups in ``region`` or below it (a district's subdistricts and villages), by name."""
    return Group.objects.filter(Q(region=region) | Q(region__parent=region)
                                | Q(region__parent__parent=region)).order_by("name", "pk")


def _statement_documents(group, period, paper, progress, done, total, fonts):
    """Lay out each member's statement of ``group``; ``done``/``total`` count statements over the job."""
    members = list(members_for_statements(group, start=period.start, end=period.end))
    context = {"group": group, "period": period}
    if not members:
        return [_layout("reports/pdf/member_statements.html", {**context, "statements": []}, paper,
                        fonts=fonts)], done
    documents, stylesheet = [], _statement_stylesheet(context, paper, fonts)
    for statement in member_statements(members, start=period.start, end=period.end):
        done += 1
        progress(5 + 85 * done // max(total, 1), _("Statement %(n)s of %(total)s: %(name)s") % {
            "n": done, "total": total, "name": statement.member.full_name})
        documents.append(_layout("reports/pdf/member_statements.html",
                                 {**context, "statements": [printed_statement(statement)]}, paper, fonts=fonts,
                                 stylesheet=stylesheet))
    return documents, done


def run_member_statements(job, progress):
    group, period, paper = job.group, _period_from(job.params), job.params["paper"]
    progress(2, _("Reading the books"))
    total = members_for_statements(group, start=period.start, end=period.end).count()
    documents, _done = _statement_documents(group, period, paper, progress, 0, total, _fonts())
    progress(92, _("Writing the PDF"))
    return Result(name=_("statements") + f"-{group.code}-{period.end}.pdf", content_type=PDF,
                  data=_write(documents))


def run_district_statements(job, progress):
    region, period, paper = job.region, _period_from(job.params), job.params["paper"]
    progress(2, _("Reading the books"))
    groups = list(groups_of_region(region))
    total = sum(members_for_statements(g, start=period.start, end=period.end).count() for g in groups)
    writer, done, fonts = PdfWriter(), 0, _fonts()
    for group in groups:  # one group's pages at a time: the whole district is never laid out at once
        documents, done = _statement_documents(group, period, paper, progress, done, total, fonts)
        writer.append(io.BytesIO(_write(documents)))
    if not groups:
        writer.append(io.BytesIO(_write([_layout("reports/pdf/member_statements.html", {
            "group": region.name, "period": period, "statements": []}, paper)])))
    progress(95, _("Writing the PDF"))
    out = io.BytesIO()
    writer.write(out)
    return Result(name=_("statements") + f"-{region.code}-{period.end}.pdf", content_type=PDF, data=out.getvalue())


def run_rat_package(job, progress):
    group, year, paper = job.group, int(job.params["year"]), job.params["paper"]
    progress(5, _("Reading the year's books"))
    if year not in {y for y, _posted in book_years(group)}:
        raise ValidationError(_("%(year)s is not an ended book year of this group.") % {"year": year})
    package = rat_package(group, year=year)
    progress(40, _("Laying out the pages"))
    document = _layout("reports/pdf/rat_package.html", package, paper)
    progress(85, _("Writing the PDF"))
    return Result(name=_("rat-package") + f"-{group.code}-{year}.pdf", content_type=PDF, data=_write([document]))


register(MEMBER_STATEMENTS, run_member_statements)
register(DISTRICT_STATEMENTS, run_district_statements)
register(RAT_PACKAGE, run_rat_package)
