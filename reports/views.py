"""Report pages. Every group is reached through the user's scope; out of scope is a 404."""
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.cache import reuse_for_scope
from core.export import export_response, wants_export
from core.pdf import paper_from, pdf_response
from groups.models import Group, GroupOfficer
from groups.selectors import get_group_for_user, groups_visible_to
from jobs.shortcuts import ask_page
from loans.forms.provisions import ProvisionForm, ProvisionReverseForm
from loans.quality_selectors import allowance_in_books, latest_provision, regimes_of
from loans.selectors import can_approve_loans
from members.selectors import get_member_for_user

from .forms import DistrictStatementsForm, MonthEndProvisionsForm, PeriodForm, ScopeForm, default_period
from .indicators.registry import BY_KEY
from .indicators.serialize import plain_values
from .jobs import request_district_statements, request_member_statements
from .selectors.comparison import indicator_report
from .selectors.dashboard import district_summary, officer_summary
from .selectors.group_report import group_report
from .selectors.indicators import combine
from .selectors.portfolio import arrears_rows, combine_quality
from .selectors.reused import figures_by_group, quality_for_groups
from .selectors.scope import Period, officers_visible_to, scope_from_params
from .selectors.statement import member_statements
from .selectors.statements import financial_statements
from .statement_print import printed_statement


def _period(form):
    if form.is_valid():
        return Period(form.cleaned_data["start"], form.cleaned_data["end"])
    return Period(*default_period())


def _scope_and_period(request):
    """Return (form, scope, period) from the query; a group, region or officer out of scope is a 404."""
    period = _period(PeriodForm(request.GET or None))
    scope = scope_from_params(request.user, request.GET, on=period.end)
    return ScopeForm(request.GET or None, user=request.user), scope, period


def indicators_context(request):
    """Return the indicators page's context (form, scope, period, report, regimes) for the query."""
    form, scope, period = _scope_and_period(request)
    compared = groups_visible_to(request.user)
    key = (scope.groups, scope.group is not None, period.start, period.end)
    report = reuse_for_scope("indicators", compared, key, lambda: indicator_report(scope=scope, period=period,
                                                                                  comparison_groups=compared))
    return {"form": form, "scope": scope, "period": period, "report": report,
            "regimes": regimes_of(scope.groups, on=period.end)}


def indicators(request):
    """Show accessibility and sustainability side by side for a scope and period."""
    context = indicators_context(request)
    fmt = wants_export(request)
    if fmt:
        return _export_indicators(context["report"], context["scope"], context["period"], fmt)
    context["pdf_url"] = _pdf_url("reports:indicators_pdf", request)
    return render(request, "reports/indicators.html", context)


def _pdf_url(name, request, args=()):
    params = request.GET.copy()
    for key in ("export", "paper"):
        params.pop(key, None)
    return reverse(name, args=args) + ("?" + params.urlencode() if params else "")


COVER_PAIRS = ["par1", "par30", "par90", "repayment_rate", "on_time_rate"]
ARREARS_PER_PAGE = 50  # late loans drawn per page; the download has them all


def portfolio_context(request):
    """Return the repayments page's context: figures, the two views of cover, collectibility, a page of arrears.

    Each group's figures are reused until that group changes (``core.cache``), like the dashboard's.
    """
    form, scope, period = _scope_and_period(request)
    quality = combine_quality(quality_for_groups(scope.groups, as_of=period.end).values())
    raw = figures_by_group(scope.groups, start=period.start, end=period.end)
    values = combine(raw.values(), start=period.start, end=period.end)
    keys = ["glp", "active_borrowers", "loans_disbursed", "disbursed_value", "arrears_rate", "write_off_ratio"]
    figures = [{"indicator": BY_KEY[k], "value": values[k]} for k in keys]
    # indicators.md: with tanggung renteng, PAR and repayment are shown after the group's cover and
    # as the member's own, one beside the other.
    covers = [{"after": BY_KEY[k], "own": BY_KEY[f"{k}_own"], "after_value": values[k], "own_value": values[f"{k}_own"]}
              for k in COVER_PAIRS]
    page = Paginator(quality["late"], ARREARS_PER_PAGE).get_page(request.GET.get("page"))
    quality["arrears"] = arrears_rows(page.object_list, as_of=period.end)
    return {
        "form": form, "scope": scope, "period": period, "figures": figures, "covers": covers, "quality": quality,
        "provisions": _provisions(request.user, scope, period),
        "page": page,
        "by_group": None if scope.group else _by_group(raw, period),
        "period_query": f"start={period.start}&end={period.end}",
    }


def portfolio(request):
    """Show the repayment dashboard: portfolio, PAR, repayment, collectibility and who is late.

    Who is late comes a page at a time (``ARREARS_PER_PAGE``); ``?export=xlsx`` or ``csv`` has the whole list.
    """
    context = portfolio_context(request)
    fmt = wants_export(request)
    if fmt:  # the whole list; the page shows it a page at a time
        period = context["period"]
        rows = [(a["member"].full_name, a["member"].code, a["group"].name, a["days"], a["overdue"], a["outstanding"],
                 a["phone"]) for a in arrears_rows(context["quality"]["late"], as_of=period.end)]
        headers = [_("Member"), _("Code"), _("Group"), _("Days late"), _("Overdue"), _("Outstanding principal"),
                   _("Phone")]
        return export_response(headers=headers, rows=rows, fmt=fmt, filename=_("arrears") + f" {period.end}")
    context["pdf_url"] = _pdf_url("reports:portfolio_pdf", request)
    return render(request, "reports/portfolio.html", context)


def _provisions(user, scope, period):
    """Return the allowance in the books and, for a manager looking at one group, the month-end reserve forms."""
    can_post = scope.group is not None and can_approve_loans(user)
    return {"allowance": allowance_in_books(scope.groups, on=period.end), "can_post": can_post,
            "latest": latest_provision(scope.group) if can_post else None,
            "form": ProvisionForm() if can_post else None, "reverse_form": ProvisionReverseForm() if can_post else None,
            # Every group at once, in the background (reports.provision_jobs): a manager, whatever the scope shown.
            "month_end_form": MonthEndProvisionsForm() if can_approve_loans(user) else None}


def _by_group(figures, period):
    """Return each group's row (indicators of its own) for the drill-down from an area or officer."""
    groups = Group.objects.filter(pk__in=list(figures)).order_by("name")
    return [{"group": g, "values": combine([figures[g.pk]], start=period.start, end=period.end)} for g in groups]


def officers_context(request):
    """Return the table by field officer for the period: all of them for a manager, herself for one."""
    form = PeriodForm(request.GET or None)
    period = _period(form)
    user = request.user
    groups = groups_visible_to(user)
    rows = officer_summary(groups, start=period.start, end=period.end,
                           figures=figures_by_group(groups, start=period.start, end=period.end),
                           officers=None if user.sees_all_groups else officers_visible_to(user))
    return {"form": form, "period": period, "officers": rows, "period_query": f"start={period.start}&end={period.end}"}


def officers(request):
    """Show (or export) portfolio, PAR > 30 days, repayment rate, groups and members per field officer."""
    context = officers_context(request)
    fmt = wants_export(request)
    if fmt:
        period = context["period"]
        plain = [(row, plain_values(row["values"])) for row in context["officers"]]
        data = [(str(row["officer"] or _("No field officer")), row["groups"], values["active_members"],
                 values["glp"], values["par30"], values["repayment_rate"]) for row, values in plain]
        headers = [_("Field officer"), _("Groups"), _("Active members"), _("Gross loan portfolio"),
                   _("Portfolio at risk > 30 days"), _("Repayment rate")]
        return export_response(headers=headers, rows=data, fmt=fmt,
                               filename=_("field officers") + f" {period.start} {period.end}")
    context["pdf_url"] = _pdf_url("reports:officers_pdf", request)
    return render(request, "reports/officers.html", context)


def districts_context(request):
    """Return the table by district of the user's groups for the period in the query."""
    form = PeriodForm(request.GET or None)
    period = _period(form)
    groups = groups_visible_to(request.user)
    total, rows = district_summary(groups, start=period.start, end=period.end,
                                   figures=figures_by_group(groups, start=period.start, end=period.end))
    return {"form": form, "period": period, "districts": rows, "total": total}


def districts(request):
    """Download the dashboard's table by district (XLSX or CSV) for the user's groups and a period.

    The table itself is on the dashboard; without ``?export=`` this goes back there.
    """
    fmt = wants_export(request)
    if not fmt:
        return redirect("dashboard")
    context = districts_context(request)
    period = context["period"]
    data = [(row["name"], row["groups"], values["active_members"], values["savings_total"],
             values["loans_receivable"], values["glp"], values["par30"], values["attendance_rate"], values["oss"])
            for row, values in ((row, plain_values(row["values"])) for row in context["districts"])]
    headers = [_("District"), _("Groups"), _("Active members"), _("Member savings"), _("Loans receivable"),
               _("Gross loan portfolio"), _("Portfolio at risk > 30 days"), _("Attendance"),
               _("Operational self-sufficiency")]
    return export_response(headers=headers, rows=data, fmt=fmt,
                           filename=_("districts") + f" {period.start} {period.end}")


def _export_indicators(report, scope, period, fmt):
    plain, previous = plain_values(report["values"]), plain_values(report["previous"])
    rows = [(row["indicator"].key, str(row["indicator"].label), plain[row["indicator"].key],
             previous[row["indicator"].key], str(row["indicator"].source))
            for section in report["sections"] for row in section["rows"]]
    headers = [_("Key"), _("Indicator"), _("Value"), _("Previous period"), _("Source")]
    return export_response(headers=headers, rows=rows, fmt=fmt,
                           filename=_("indicators") + f" {scope.label} {period.start} {period.end}")


def _statements_context(request, pk):
    group = get_group_for_user(request.user, pk)
    form = PeriodForm(request.GET or None)
    period = _period(form)
    return {
        "group": group, "form": form, "period": period,
        "statements": financial_statements(group, start=period.start, end=period.end),
    }


def group_statements(request, pk):
    """Show the group's neraca, perhitungan hasil usaha and trial balance for a period."""
    context = _statements_context(request, pk)
    fmt = wants_export(request)
    if fmt:
        return _export_statements(context, fmt)
    context["pdf_url"] = (reverse("reports:group_statements_pdf", args=[pk]) + "?"
                          + request.GET.urlencode())
    return render(request, "reports/group_statements.html", context)


def group_statements_pdf(request, pk):
    """Download the group's financial statements as a PDF with signature lines."""
    context = _statements_context(request, pk)
    group, period = context["group"], context["period"]
    officers = GroupOfficer.objects.filter(
        group=group, role__in=[GroupOfficer.Role.CHAIR, GroupOfficer.Role.TREASURER], start__lte=period.end,
    ).exclude(end__lt=period.end).select_related("member")
    names = {o.role: o.member.full_name for o in officers}
    context["signatures"] = [
        (_("Chair"), names.get(GroupOfficer.Role.CHAIR, "")),
        (_("Treasurer"), names.get(GroupOfficer.Role.TREASURER, "")),
    ]
    filename = _("financial-statements") + f"-{group.code}-{period.start}-{period.end}.pdf"
    return pdf_response(request, "reports/pdf/group_statements.html", context, filename=filename)


def _export_statements(context, fmt):
    statements = context["statements"]
    sheet, income, trial = statements["balance_sheet"], statements["income_statement"], statements["trial_balance"]
    rows = []
    for section, lines in ((_("Balance sheet"), sheet["assets"] + sheet["liabilities"] + sheet["equity"]),
                           (_("Income statement"), income["income"] + income["expense"])):
        rows += [(section, line["account"].code, line["account"].name, "", "", "", line["amount"]) for line in lines]
    rows.append((_("Balance sheet"), "", _("Surplus of earlier periods not yet closed"), "", "", "",
                 sheet["surplus_before"]))
    rows.append((_("Balance sheet"), "", _("Surplus of this period not yet closed"), "", "", "",
                 sheet["surplus_period"]))
    rows += [(_("Trial balance"), r["account"].code, r["account"].name, r["opening"], r["debit"], r["credit"],
              r["closing"]) for r in trial["rows"]]
    headers = [_("Statement"), _("Code"), _("Account"), _("Opening"), _("Debit"), _("Credit"), _("Amount")]
    period = context["period"]
    return export_response(headers=headers, rows=rows, fmt=fmt,
                           filename=_("financial-statements") + f" {context['group'].code} {period.start} {period.end}")


REPORT_KEYS = ["active_members", "new_members", "attendance_rate", "meetings_held_rate", "glp", "active_borrowers",
               "loans_disbursed", "disbursed_value", "repayment_rate", "repayment_rate_own", "par30", "par30_own",
               "oss"]


def _group_report_context(request, pk):
    group = get_group_for_user(request.user, pk)
    form = PeriodForm(request.GET or None)
    period = _period(form)
    report = group_report(group, start=period.start, end=period.end)
    report["figures"] = [{"indicator": BY_KEY[k], "value": report["values"][k]} for k in REPORT_KEYS]
    return {"group": group, "form": form, "period": period, "report": report}


def group_report_view(request, pk):
    """Show the group report: savings, loans, arrears, meetings and the cash book summary."""
    context = _group_report_context(request, pk)
    fmt = wants_export(request)
    if fmt:
        report = context["report"]
        rows = [(_("Savings"), str(row["kind"]), row["opening"], row["change"], row["closing"])
                for row in report["savings"]]
        rows += [(_("Brought in at the cut-over"), str(row["kind"]), "", row["brought_in"], "")
                 for row in report["savings"] if row["brought_in"]]
        cash = report["cash"]
        rows.append((_("Cash"), _("Cash book"), cash["opening"], cash["in"] - cash["out"], cash["closing"]))
        plain = plain_values(report["values"])
        rows += [(_("Indicators"), str(f["indicator"].label), "", "", plain[f["indicator"].key])
                 for f in report["figures"]]
        rows += [(_("Arrears"), a["member"].full_name, a["days"], a["overdue"], a["outstanding"])
                 for a in report["quality"]["arrears"]]
        headers = [_("Section"), _("Item"), _("Opening"), _("Movement"), _("Closing")]
        return export_response(headers=headers, rows=rows, fmt=fmt,
                               filename=_("group report") + f" {context['group'].code} {context['period'].end}")
    context["pdf_url"] = reverse("reports:group_report_pdf", args=[pk]) + "?" + request.GET.urlencode()
    return render(request, "reports/group_report.html", context)


def group_report_pdf(request, pk):
    """Download the group report as a PDF with the treasurer's and chair's signature lines."""
    context = _group_report_context(request, pk)
    context["signature_labels"] = [_("Chair"), _("Treasurer")]
    filename = _("group-report") + f"-{context['group'].code}-{context['period'].end}.pdf"
    return pdf_response(request, "reports/pdf/group_report.html", context, filename=filename)


def _member_statement_context(request, pk):
    member = get_member_for_user(request.user, pk)
    form = PeriodForm(request.GET or None)
    period = _period(form)
    statement = member_statements([member], start=period.start, end=period.end)[0]
    return {"member": member, "group": member.group, "form": form, "period": period, "statement": statement}


def member_statement(request, pk):
    """Show her statement for a period: savings with running balances, loans, payments, covers."""
    context = _member_statement_context(request, pk)
    fmt = wants_export(request)
    if fmt:
        statement = context["statement"]
        rows = [(account.label, row["txn"].value_date, row["txn"].get_type_display(), row["txn"].signed_amount,
                 row["balance"]) for account in statement.savings for row in account.rows]
        headers = [_("Savings"), _("Date"), _("Transaction"), _("Amount"), _("Balance")]
        return export_response(headers=headers, rows=rows, fmt=fmt,
                               filename=_("statement") + f" {context['member'].code} {context['period'].end}")
    context["pdf_url"] = reverse("reports:member_statement_pdf", args=[pk]) + "?" + request.GET.urlencode()
    return render(request, "reports/member_statement.html", context)


def member_statement_pdf(request, pk):
    """Download her statement as a PDF."""
    context = _member_statement_context(request, pk)
    context["statements"] = [printed_statement(context["statement"])]
    filename = _("statement") + f"-{context['member'].code}-{context['period'].end}.pdf"
    return pdf_response(request, "reports/pdf/member_statements.html", context, filename=filename)


def group_member_statements_pdf(request, pk):
    """Make the statements of every member of the group in the period, one PDF, in the background.

    A POST asks for the job and shows its page; a GET (a bookmarked address) shows the button that asks.
    """
    group = get_group_for_user(request.user, pk)
    period = _period(PeriodForm(request.GET or None))
    if request.method != "POST":
        return ask_page(request, title=_("All member statements (PDF)"), button=_("Make the PDF"),
                        explain=_("Every member's statement of %(group)s from %(start)s to %(end)s, one PDF.") % {
                            "group": group, "start": date_format(period.start), "end": date_format(period.end)})
    job = request_member_statements(group=group, period=period, paper=paper_from(request), actor=request.user)
    return redirect(job)


def district_member_statements(request):
    """Make every member's statement of every group in a district, one PDF, in the background (managers)."""
    if not request.user.sees_all_groups:
        raise Http404("managers only")
    form = DistrictStatementsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = request_district_statements(region=form.cleaned_data["region"], period=_period(form),
                                          paper=form.cleaned_data["paper"], actor=request.user)
        return redirect(job)
    return render(request, "reports/district_statements.html", {"form": form})
