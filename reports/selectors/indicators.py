"""Indicators for a set of groups and a period, aggregated in the database.

``group_figures`` runs a fixed number of grouped queries (one per source: groups, members,
travel times, meetings, attendance, event participants, books) however many groups there are, and returns each
group's raw numerators and denominators. ``combine`` adds raw figures of any set of groups and
turns them into indicator values, so a scope's totals, each group's own values (for ranks) and
the previous period all come from the same arithmetic.
"""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from books.models import CHART, DEBIT_NORMAL
from books.totals import sums_by_account
from core.dates import months_between
from core.money import round_half_up
from meetings.calendar import expected_dates
from meetings.models import Attendance, Meeting
from members.models import Member

from ..indicators import calc
from .loans import LOAN_SUMMED, add_loan_figures

REVENUE_ACCOUNTS = ("interest_income", "fee_income", "penalty_income")
# OSS counts the loan-loss provision expense (indicators.md): the month-end reserve and write-offs beyond it.
EXPENSE_ACCOUNTS = ("savings_interest_expense", "loan_loss_expense", "provision_expense", "meeting_expense",
                    "stationery_expense", "operating_expense")
SAVINGS_ACCOUNTS = ("savings_pokok", "savings_wajib", "savings_sukarela")
OWN_CAPITAL_ACCOUNTS = ("savings_pokok", "savings_wajib", "reserves", "grants")
YIELD_ACCOUNTS = ("interest_income", "fee_income")

SUMMED = ("active_start", "active_end", "joined", "att_expected", "att_present", "att_represented",
          "routine_held", "routine_with_officer", "meetings_expected", "capacity_events",
          "capacity_participants", "revenue", "expense", "interest_fee", "savings_start", "savings_end",
          "own_capital_end", "assets_end", "receivable_start", "receivable_end") + LOAN_SUMMED
LISTS = ("travel", "founded", "disburse_days")


def _empty():
    raw = dict.fromkeys(SUMMED, 0)
    raw.update({key: [] for key in LISTS})
    return raw


def group_figures(groups, *, start, end):
    """Return {group_id: raw figures} for ``groups`` over [start, end]; twenty-three queries in all."""
    before = start - datetime.timedelta(days=1)
    figures = {}
    for g in groups.order_by().values("id", "lkp_founded_on", "meeting_week", "meeting_weekday"):
        raw = figures[g["id"]] = _empty()
        opened = max(start, g["lkp_founded_on"] or start)
        raw["meetings_expected"] = len(expected_dates(
            week=g["meeting_week"], weekday=g["meeting_weekday"], start=opened, end=end))
        if g["lkp_founded_on"] and g["lkp_founded_on"] <= end:
            raw["founded"].append(g["lkp_founded_on"])
    ids = list(figures)
    if not ids:
        return figures

    def active_on(day):
        return Q(joined_on__lte=day) & (Q(exited_on__isnull=True) | Q(exited_on__gt=day))

    members = Member.objects.filter(group_id__in=ids).values("group_id").annotate(
        active_start=Count("id", filter=active_on(before)),
        active_end=Count("id", filter=active_on(end)),
        joined=Count("id", filter=Q(joined_on__gte=start, joined_on__lte=end)),
    ).order_by()
    for row in members:
        figures[row["group_id"]].update(active_start=row["active_start"], active_end=row["active_end"],
                                        joined=row["joined"])
    travel = Member.objects.filter(active_on(end), group_id__in=ids, travel_minutes__isnull=False)
    for group_id, minutes in travel.values_list("group_id", "travel_minutes"):
        figures[group_id]["travel"].append(minutes)

    # A routine meeting counts as held once its sheet is submitted, and at most once a month
    # (the calendar expects one a month), so the rate never passes 100 %.
    held = Q(type=Meeting.Type.ROUTINE) & ~Q(status=Meeting.Status.DRAFT)
    meetings = Meeting.objects.filter(group_id__in=ids, date__gte=start, date__lte=end).values("group_id").annotate(
        routine_held=Count(TruncMonth("date"), filter=held, distinct=True),
        routine_with_officer=Count(TruncMonth("date"), filter=held & Q(officer_attended=True), distinct=True),
        capacity_events=Count("id", filter=Q(type__in=Meeting.CAPACITY_BUILDING)),
    ).order_by()
    for row in meetings:
        figures[row.pop("group_id")].update(row)

    in_routine = Q(meeting__type=Meeting.Type.ROUTINE)
    attendance = Attendance.objects.filter(
        meeting__group_id__in=ids, meeting__date__gte=start, meeting__date__lte=end,
    ).values("meeting__group_id").annotate(
        att_expected=Count("id", filter=in_routine),
        att_present=Count("id", filter=in_routine & Q(status=Attendance.Status.PRESENT)),
        att_represented=Count("id", filter=in_routine & Q(status=Attendance.Status.REPRESENTED)),
    ).order_by()
    for row in attendance:
        figures[row.pop("meeting__group_id")].update(row)
    participants = Meeting.participants.through.objects.filter(
        meeting__group_id__in=ids, meeting__date__gte=start, meeting__date__lte=end,
        meeting__type__in=Meeting.CAPACITY_BUILDING,
    ).values("meeting__group_id").annotate(n=Count("id")).order_by()
    for row in participants:
        figures[row["meeting__group_id"]]["capacity_participants"] = row["n"]

    _add_books(figures, ids, start=start, end=end)
    add_loan_figures(figures, ids, start=start, end=end)
    return figures


ACCOUNT_TYPES = {key: type_ for key, _code, _name, type_ in CHART}


def _add_books(figures, ids, *, start, end):
    """Add the book figures: balances at the start and end, and the period's movements.

    Read from the month totals (``books.totals``): five queries however many years of lines.
    """
    before = sums_by_account(ids, end=start - datetime.timedelta(days=1))
    # Income and expense flows before the year-end closing: a closed year keeps its revenue and costs.
    within = sums_by_account(ids, start=start, end=end, before_closing=True)
    for group_id, key in set(before) | set(within):
        raw = figures[group_id]
        d0, c0 = before.get((group_id, key), (0, 0))
        d1, c1 = within.get((group_id, key), (0, 0))
        sign = 1 if ACCOUNT_TYPES[key] in DEBIT_NORMAL else -1
        opening = sign * (d0 - c0)
        movement = sign * (d1 - c1)
        closing = opening + movement
        if key in REVENUE_ACCOUNTS:
            raw["revenue"] += movement
        if key in EXPENSE_ACCOUNTS:
            raw["expense"] += movement
        if key in YIELD_ACCOUNTS:
            raw["interest_fee"] += movement
        if key in SAVINGS_ACCOUNTS:
            raw["savings_start"] += opening
            raw["savings_end"] += closing
        if key in OWN_CAPITAL_ACCOUNTS:
            raw["own_capital_end"] += closing
        if ACCOUNT_TYPES[key] == "asset":
            raw["assets_end"] += closing
        if key == "loans_receivable":
            raw["receivable_start"] += opening
            raw["receivable_end"] += closing


def combine(raws, *, start, end):
    """Return {indicator key: value} for the sum of the raw figures ``raws`` over [start, end]."""
    total = _empty()
    for raw in raws:
        for key in SUMMED:
            total[key] += raw[key]
        for key in LISTS:
            total[key] += raw[key]
    months = months_between(start, end + datetime.timedelta(days=1))
    average_receivable = Decimal(total["receivable_start"] + total["receivable_end"]) / 2
    years = [Decimal((end - founded).days) / Decimal("365.25") for founded in total["founded"]]
    years_operating = calc.median(years)
    travel = calc.median(total["travel"])
    values = {
        "active_members": total["active_end"],
        "new_members": total["joined"],
        "retention": calc.retention(active_start=total["active_start"], active_end=total["active_end"],
                                    joined=total["joined"]),
        "member_growth": calc.growth(total["active_start"], total["active_end"]),
        "travel_minutes": None if travel is None else travel.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        "loans_receivable": total["receivable_end"],
        "oss": calc.operational_self_sufficiency(revenue=total["revenue"], expense=total["expense"]),
        "portfolio_yield": calc.annualised(calc.ratio(total["interest_fee"], average_receivable), months=months),
        "savings_total": total["savings_end"],
        "savings_to_loans": calc.ratio(total["savings_end"], total["receivable_end"]),
        "own_capital_ratio": calc.ratio(total["own_capital_end"], total["assets_end"]),
        "savings_growth": calc.growth(total["savings_start"], total["savings_end"]),
        "attendance_rate": calc.ratio(total["att_present"], total["att_expected"]),
        "represented_rate": calc.ratio(total["att_represented"], total["att_expected"]),
        "meetings_held_rate": calc.ratio(total["routine_held"], total["meetings_expected"]),
        "facilitation": calc.ratio(total["routine_with_officer"], total["routine_held"]),
        "capacity_events": total["capacity_events"],
        "capacity_participants": total["capacity_participants"],
        "years_operating": None if years_operating is None else years_operating.quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP),
    }
    values.update(_loan_values(total, end=end))
    return values


def _per(amount, count):
    """Return amount / count rounded half up to whole Rupiah, or None when there is nothing to divide by."""
    return round_half_up(Decimal(amount) / count) if count else None


def gni_per_capita(year):
    """Return the GNI per capita setting for ``year`` (the latest earlier year if not set), or None."""
    table = getattr(settings, "LKP_GNI_PER_CAPITA", {}) or {}
    years = [y for y in table if y <= year]
    return table[max(years)] if years else None


def _loan_values(total, *, end):
    average_glp = Decimal(total["glp_start"] + total["glp_end"]) / 2
    per_borrower = _per(total["glp_end"], total["borrowers"])
    days = calc.median(total["disburse_days"])
    gni = gni_per_capita(end.year)
    return {
        "active_borrowers": total["borrowers"],
        "borrower_share": calc.ratio(total["borrowers"], total["active_end"]),
        "first_loans": total["first_loans"],
        "loans_disbursed": total["disbursed_count"],
        "disbursed_value": total["disbursed_value"],
        "avg_loan_disbursed": _per(total["disbursed_value"], total["disbursed_count"]),
        "avg_outstanding_per_borrower": per_borrower,
        "depth_of_outreach": calc.ratio(per_borrower, gni) if per_borrower is not None else None,
        "approval_rate": calc.ratio(total["approved"], total["decided"]),
        "days_to_disburse": None if days is None else days.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        "glp": total["glp_end"],
        "par1": calc.ratio(total["at_risk1"], total["glp_end"]),
        "par30": calc.ratio(total["at_risk30"], total["glp_end"]),
        "par90": calc.ratio(total["at_risk90"], total["glp_end"]),
        "par1_own": calc.ratio(total["at_risk1_own"], total["glp_own"]),
        "par30_own": calc.ratio(total["at_risk30_own"], total["glp_own"]),
        "par90_own": calc.ratio(total["at_risk90_own"], total["glp_own"]),
        "arrears_rate": calc.ratio(total["overdue_principal"], total["glp_end"]),
        "repayment_rate": calc.repayment_rate(received=total["received"], prepayments=total["prepaid"],
                                              due=total["due"]),
        "repayment_rate_own": calc.repayment_rate(received=total["received_own"],
                                                  prepayments=total["prepaid_own"], due=total["due"]),
        "on_time_rate": calc.ratio(total["on_time"], total["due"]),
        "on_time_rate_own": calc.ratio(total["on_time_own"], total["due"]),
        "write_off_ratio": calc.ratio(total["written_off"], average_glp),
    }


def indicators_for(groups, *, start, end):
    """Return {indicator key: value} for the scope ``groups`` over [start, end] (twenty-three queries)."""
    return combine(group_figures(groups, start=start, end=end).values(), start=start, end=end)


def indicators_by_group(groups, *, start, end):
    """Return {group_id: {indicator key: value}} for each of ``groups`` (twenty-three queries)."""
    return {gid: combine([raw], start=start, end=end)
            for gid, raw in group_figures(groups, start=start, end=end).items()}


def rank_among(values_by_group, key, value, *, higher_is_better=True):
    """Return (rank, out of) of ``value`` among the groups' values of ``key`` (1 = best), or None."""
    others = [v[key] for v in values_by_group.values() if v.get(key) is not None]
    if value is None or not others:
        return None
    better = sum(1 for v in others if (v > value if higher_is_better else v < value))
    return better + 1, len(others)
