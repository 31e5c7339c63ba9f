"""The RAT package of a group's book year: the statements with the year before beside them, the
changes in equity, the SHU per member, the year in figures and the indicators.

Every figure comes from the selectors the other report pages use — ``financial_statements`` (the
books), ``group_figures``/``combine`` (the indicators), ``yearend.selectors.distribution_for``
(the SHU posted, or its preview) — so the package says what those pages say for the same year
(``tests/reports/test_rat_package.py``). SAK EP names (Permenkop UKM 2/2024): laporan posisi
keuangan, laporan hasil usaha, laporan perubahan ekuitas.
"""
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from books.models import CLOSING_KINDS, AccountType, EntryKind, JournalLine
from groups.models import Group, GroupOfficer
from members.models import Member
from savings.selectors import balances_for_members
from yearend.selectors import book_year, distribution_for, standing_year_end

from ..indicators.registry import ACCESSIBILITY, SUSTAINABILITY, indicators_in
from .indicators import combine, group_figures
from .statements import financial_statements

# The columns of the statement of changes in equity, by account key; "shu" also takes the
# year's result not yet closed (income − expense) and "other" every other equity account.
EQUITY_COLUMNS = [("pokok", _("Simpanan pokok"), ("savings_pokok",)),
                  ("wajib", _("Simpanan wajib"), ("savings_wajib",)),
                  ("shu", _("SHU"), ("retained_surplus",)),
                  ("reserves", _("Reserves"), ("reserves",)),
                  ("other", _("Other equity"), None)]
# What moved equity during the year, by the kind of entry (a reversal counts with what it reverses).
EQUITY_ROWS = [("paid_in", _("Savings paid in"), (EntryKind.SAVINGS_DEPOSIT,)),
               ("returned", _("Savings returned to members who left"), (EntryKind.EXIT_SETTLEMENT,)),
               ("surplus", _("SHU of the year"), ()),
               ("distributed", _("SHU of the previous year distributed (RAT)"), (EntryKind.SHU_DISTRIBUTION,)),
               ("grants", _("Grants received"), (EntryKind.GRANT,)),
               ("other", _("Other movements (opening balances, transfers, covers)"), None)]
SECTIONS = [(ACCESSIBILITY, _("Accessibility")), (SUSTAINABILITY, _("Sustainability"))]


def _column_of(key):
    for column, _label, keys in EQUITY_COLUMNS:
        if keys is not None and key in keys:
            return column
    return "other"


def _row_of(kind):
    for row, _label, kinds in EQUITY_ROWS:
        if kinds and kind in kinds:
            return row
    return "other"


def changes_in_equity(group, *, start, end, statements, before):
    """Return the statement of changes in equity of [start, end]: columns by equity, rows by what moved it.

    ``statements`` are the ``financial_statements`` of the period and ``before`` those of a period
    ending the day before it starts (their closing balances are the period's end and start). One
    query for the movements; the period's result (before its closing) is the "SHU of the year" row
    of the SHU column, so opening + every row = closing in each column.
    """
    columns = [c for c, _label, _keys in EQUITY_COLUMNS]
    opening = dict.fromkeys(columns, 0)
    closing = dict.fromkeys(columns, 0)
    for line in before["balance_sheet"]["equity"]:
        opening[_column_of(line["account"].key)] += line["amount"]
    for line in statements["balance_sheet"]["equity"]:
        closing[_column_of(line["account"].key)] += line["amount"]
    sheet_before, sheet = before["balance_sheet"], statements["balance_sheet"]
    opening["shu"] += sheet_before["surplus_before"] + sheet_before["surplus_period"]
    closing["shu"] += sheet["surplus_before"] + sheet["surplus_period"]
    moves = {row: dict.fromkeys(columns, 0) for row, _label, _kinds in EQUITY_ROWS}
    lines = (JournalLine.objects.filter(account__group=group, account__type=AccountType.EQUITY,
                                        entry__date__gte=start, entry__date__lte=end)
             .exclude(Q(entry__kind__in=CLOSING_KINDS) | Q(entry__reverses__kind__in=CLOSING_KINDS))
             .values("account__key", "entry__kind", "entry__reverses__kind")
             .annotate(d=Coalesce(Sum("debit"), 0), c=Coalesce(Sum("credit"), 0)).order_by())
    for row in lines:
        kind = row["entry__reverses__kind"] if row["entry__kind"] == EntryKind.REVERSAL else row["entry__kind"]
        moves[_row_of(kind)][_column_of(row["account__key"])] += row["c"] - row["d"]
    moves["surplus"]["shu"] += statements["income_statement"]["surplus"]
    rows = [{"key": key, "label": label, "values": [moves[key][c] for c in columns],
             "total": sum(moves[key].values())} for key, label, _kinds in EQUITY_ROWS]
    return {"columns": [label for _c, label, _keys in EQUITY_COLUMNS],
            "opening": [opening[c] for c in columns], "opening_total": sum(opening.values()),
            "rows": rows,
            "closing": [closing[c] for c in columns], "closing_total": sum(closing.values())}


def _beside(current, previous):
    """Pair the lines of two statements by account: [{"account", "amount", "previous"}]."""
    earlier = {line["account"].key: line["amount"] for line in previous}
    return [{"account": line["account"], "amount": line["amount"], "previous": earlier.get(line["account"].key, 0)}
            for line in current]


def _statements_beside(current, previous):
    sheet, sheet0 = current["balance_sheet"], previous["balance_sheet"]
    income, income0 = current["income_statement"], previous["income_statement"]
    return {
        "assets": _beside(sheet["assets"], sheet0["assets"]),
        "liabilities": _beside(sheet["liabilities"], sheet0["liabilities"]),
        "equity": _beside(sheet["equity"], sheet0["equity"]),
        "unclosed": (sheet["surplus_before"] + sheet["surplus_period"],
                     sheet0["surplus_before"] + sheet0["surplus_period"]),
        "totals": {k: (sheet[k], sheet0[k]) for k in ("assets_total", "liabilities_total", "equity_total",
                                                      "liabilities_and_equity_total")},
        "balanced": sheet["balanced"] and sheet0["balanced"],
        "income": _beside(income["income"], income0["income"]),
        "expense": _beside(income["expense"], income0["expense"]),
        "income_totals": {k: (income[k], income0[k]) for k in ("income_total", "expense_total", "surplus")},
    }


def year_in_figures(group, *, year):
    """Return the year's activity and its indicators beside the year before's (``group_figures`` twice)."""
    start, end = book_year(year)
    start0, end0 = book_year(year - 1)
    scope = Group.objects.filter(pk=group.pk)
    raw = group_figures(scope, start=start, end=end)[group.pk]
    raw0 = group_figures(scope, start=start0, end=end0)[group.pk]
    values, previous = combine([raw], start=start, end=end), combine([raw0], start=start0, end=end0)
    activity = {
        "members_start": raw["active_start"], "members_in": raw["joined"],
        "members_out": raw["active_start"] + raw["joined"] - raw["active_end"], "members_end": raw["active_end"],
        "meetings_held": raw["routine_held"], "meetings_expected": raw["meetings_expected"],
        "attendance_present": raw["att_present"], "attendance_expected": raw["att_expected"],
        "attendance_rate": values["attendance_rate"], "loans_disbursed": raw["disbursed_count"],
        "disbursed_value": raw["disbursed_value"], "repaid": raw["received"], "written_off": raw["written_off"],
        "glp": values["glp"], "par30": values["par30"], "par90": values["par90"],
    }
    sections = [{"label": label, "rows": [{"indicator": i, "value": values[i.key], "previous": previous[i.key]}
                                          for i in indicators_in(key) if i.key in values]}
                for key, label in SECTIONS]
    return {"activity": activity, "values": values, "previous": previous, "sections": sections}


def _officers(group, on):
    officers = (GroupOfficer.objects.filter(group=group, role__in=[GroupOfficer.Role.CHAIR,
                                                                   GroupOfficer.Role.TREASURER], start__lte=on)
                .exclude(end__lt=on).select_related("member"))
    return {o.role: o.member.full_name for o in officers}


def rat_package(group, *, year):
    """Return everything the RAT of ``group``'s book ``year`` is shown, in one dictionary.

    ``distribution`` is None (and ``problem`` says why) when the rules cannot share the SHU.
    """
    start, end = book_year(year)
    start0, end0 = book_year(year - 1)
    statements = financial_statements(group, start=start, end=end)
    previous = financial_statements(group, start=start0, end=end0)  # ends the day before the year starts
    try:
        distribution, problem = distribution_for(group, year), None
    except ValidationError as exc:
        distribution, problem = None, exc.messages[0]
    names = _officers(group, end)
    return {
        "group": group, "year": year, "start": start, "end": end, "previous_year": year - 1,
        "statements": statements, "previous": previous,
        "beside": _statements_beside(statements, previous),
        "equity": changes_in_equity(group, start=start, end=end, statements=statements, before=previous),
        "distribution": distribution, "problem": problem,
        "posted": distribution.year_end if distribution else standing_year_end(group, year),
        "figures": year_in_figures(group, year=year),
        "signatures": [(_("Chair"), names.get(GroupOfficer.Role.CHAIR, "")),
                       (_("Treasurer"), names.get(GroupOfficer.Role.TREASURER, ""))],
    }


def member_register(group, *, year, distribution=None):
    """Return the members of the book year with their savings at its end and their SHU share (two queries).

    The plain register the government's cooperative systems (ODS, SIMKOPDES) ask for: no public
    import format exists, so the columns follow their forms (regulation.md).
    """
    start, end = book_year(year)
    members = list(Member.objects.filter(group=group, joined_on__lte=end)
                   .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start)).order_by("code"))
    balances = balances_for_members([m.pk for m in members], as_of=end)
    shares = {s.member.pk: s.total for s in distribution.shares} if distribution else {}
    return [{"member": m, "balances": balances[m.pk], "shu": shares.get(m.pk, 0),
             "active": m.exited_on is None or m.exited_on > end} for m in members]
