"""Reads for savings: balances, wajib arrears, history and exit settlement, all derived from rows."""
import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import BigIntegerField, Case, F, Min, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce

from core.dates import add_months, month_end
from groups.models import Group
from groups.rules import GroupRules
from groups.selectors import groups_visible_to, rules_on, rules_versions
from members.models import Member

from .models import SavingsKind, SavingsTransaction, TxnType

if TYPE_CHECKING:
    from accounts.models import User

KINDS = tuple(SavingsKind.values)
SIGNED = F("direction") * F("amount")


def _zero() -> dict[str, int]:
    return dict.fromkeys(KINDS, 0)


def _kind_sums(prefix: str = "") -> dict[str, Coalesce]:
    """Return Sum annotations of the signed amount per kind (``prefix`` reaches the rows through a relation)."""
    signed = F(f"{prefix}direction") * F(f"{prefix}amount")
    return {k: Coalesce(Sum(signed, filter=Q(**{f"{prefix}kind": k})), 0) for k in KINDS}


def _sums(member_ids: Iterable[int], *, as_of: datetime.date,
          rows: QuerySet[SavingsTransaction] | None = None) -> dict[int, dict[str, int]]:
    result = {mid: _zero() for mid in member_ids}
    rows = SavingsTransaction.objects.all() if rows is None else rows
    sums = (rows.filter(member_id__in=list(result), value_date__lte=as_of)
            .values("member_id", "kind").annotate(total=Sum(SIGNED)).order_by())
    for row in sums:
        result[row["member_id"]][row["kind"]] = row["total"]
    return result


def balances_for_members(member_ids: Iterable[int], *, as_of: datetime.date) -> dict[int, dict[str, int]]:
    """Return {member_id: {"pokok", "wajib", "sukarela"}} of rows dated up to ``as_of``, in one query.

    Every id asked for is in the result (zeros when she has no rows).
    """
    return _sums(member_ids, as_of=as_of)


def member_balances(member: Member, *, as_of: datetime.date) -> dict[str, int]:
    """Return {"pokok", "wajib", "sukarela"} of one member as of ``as_of`` (one query)."""
    return balances_for_members([member.pk], as_of=as_of)[member.pk]


def opening_key(member_code: str, kind: str) -> str:
    """Return the idempotency key of her opening balance of ``kind``: one per member and kind, ever."""
    return f"opening:{member_code}:{kind}"


def existing_openings(member_codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Return {member code: {"date": date, kind: amount, ...}} of opening balances already posted (one query)."""
    keys = [opening_key(code, kind) for code in member_codes for kind in KINDS]
    found: dict[str, dict[str, Any]] = {}
    for key, amount, day in SavingsTransaction.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", "amount", "value_date"):
        _prefix, code, kind = key.split(":", 2)
        found.setdefault(code, {"date": day})[kind] = amount
    return found


def first_row_dates(member_ids: Iterable[int]) -> dict[int, datetime.date]:
    """Return {member_id: date of her earliest savings row other than an opening balance} (one query)."""
    return dict(SavingsTransaction.objects.filter(member_id__in=list(member_ids)).exclude(type=TxnType.OPENING)
                .values("member_id")
                .annotate(d=Min("value_date")).order_by().values_list("member_id", "d"))


def lowest_balance_from(member: Member, *, kind: str, date: datetime.date) -> int:
    """Return the lowest balance of ``kind`` she has on ``date`` or any later date (two queries).

    This is what can still be taken on ``date`` without any later balance falling below zero.
    """
    rows = SavingsTransaction.objects.filter(member=member, kind=kind)
    balance = rows.filter(value_date__lte=date).aggregate(b=Coalesce(Sum(SIGNED), 0))["b"]
    lowest = balance
    for signed in rows.filter(value_date__gt=date).order_by("value_date", "id").values_list(SIGNED, flat=True):
        balance += signed
        lowest = min(lowest, balance)
    return lowest


@dataclass(frozen=True)
class WajibStatus:
    """Her simpanan wajib as of a date: due since joining, paid (net of reversals), arrears.

    ``pokok_owing`` is what is still unpaid of the simpanan pokok due once on joining.
    """

    due: int
    paid: int
    arrears: int
    months_behind: int
    pokok_owing: int = 0


def _month_ends(start: datetime.date, end: datetime.date) -> Iterator[datetime.date]:
    """Yield the last day of every month from ``start``'s month through ``end``'s month (clamped to ``end``)."""
    month = start.replace(day=1)
    while month <= end:
        yield min(month_end(month), end)
        month = add_months(month, 1)


def balances_before_exit(member_ids: Iterable[int], *, as_of: datetime.date) -> dict[int, dict[str, int]]:
    """Return {member_id: {kind: balance}} of rows up to ``as_of`` leaving out the exit payout (one query).

    What she held as a member: for a member who left, her balances on the day she left, before
    they were paid out; for the others, their balances. The year end weighs jasa modal with it.
    """
    return _sums(member_ids, as_of=as_of, rows=SavingsTransaction.objects.exclude(type=TxnType.EXIT))


def _paid_for_dues(member_ids: Iterable[int], *, as_of: datetime.date) -> dict[int, dict[str, int]]:
    """Return {member_id: {kind: paid}}: deposits less reversals up to ``as_of``, ignoring the exit payout.

    The payout at exit returns what she paid; it does not undo the payment, so it must not turn
    into arrears afterwards. One query.
    """
    return balances_before_exit(member_ids, as_of=as_of)


def pokok_due_for(member: Member, versions: Sequence[GroupRules]) -> int:
    """Return the simpanan pokok she owes once on joining: the amount of the rules in force that day.

    ``versions`` are the group's rules sorted by effective_from descending; a member who joined
    before the group's first recorded rules owes that first version's amount.
    """
    joining = rules_on(versions, member.joined_on) or (versions[-1] if versions else None)
    return joining.pokok_amount if joining else 0


def pokok_owing(member: Member) -> int:
    """Return what she still owes of her simpanan pokok, counting every row she has (two queries)."""
    due = pokok_due_for(member, rules_versions([member.group_id]).get(member.group_id, []))
    return max(due - member_balances(member, as_of=datetime.date.max)[SavingsKind.POKOK], 0)


def wajib_status_for_members(members: Iterable[Member], *, as_of: datetime.date) -> dict[int, WajibStatus]:
    """Return {member_id: WajibStatus} for ``members`` as of ``as_of`` in two queries.

    Wajib falls due once a month, from the month she joined through the as-of month (or her exit
    month; nothing after she left). Each month's amount is the rules version in force on that
    month's last day (on ``as_of`` for the as-of month), so a rule change applies from its month
    on and never re-prices the past. Paid is what she deposited less reversals as of ``as_of``
    (the exit payout does not count against it); arrears = due - paid, never below zero (paying ahead is not arrears);
    ``months_behind`` counts arrears in months of the current amount, rounded up. Pokok is due
    once, on joining, at the amount in force that day.
    """
    members = list(members)
    versions = rules_versions({m.group_id for m in members})
    paid_by_member = _paid_for_dues([m.pk for m in members], as_of=as_of)
    result: dict[int, WajibStatus] = {}
    for m in members:
        group_versions = versions.get(m.group_id, [])
        due = 0
        end = min(as_of, m.exited_on) if m.exited_on else as_of
        if m.joined_on <= end:
            for day in _month_ends(m.joined_on, end):
                rules = rules_on(group_versions, day)
                due += rules.wajib_amount if rules else 0
        paid = paid_by_member[m.pk][SavingsKind.WAJIB]
        arrears = max(due - paid, 0)
        current = rules_on(group_versions, end)
        monthly = current.wajib_amount if current else 0
        behind = -(-arrears // monthly) if monthly else 0
        pokok_due = pokok_due_for(m, group_versions) if m.joined_on <= as_of and not m.exited_on else 0
        result[m.pk] = WajibStatus(due=due, paid=paid, arrears=arrears, months_behind=behind,
                                   pokok_owing=max(pokok_due - paid_by_member[m.pk][SavingsKind.POKOK], 0))
    return result


@dataclass(frozen=True)
class Settlement:
    """What an exiting member receives: her balances by kind, less deductions (loans, later)."""

    member: object
    on: datetime.date
    balances: dict
    deductions: list = field(default_factory=list)

    @property
    def savings_total(self):
        return sum(self.balances.values())

    @property
    def deductions_total(self):
        return sum(d.amount for d in self.deductions)

    @property
    def payout(self):
        return self.savings_total - self.deductions_total


def member_history_page(member: Member, *, page_number: int | str | None, per_page: int = 25) -> Page:
    """Return a page of her rows, newest first, each with ``balance_after`` (her balance of that kind).

    Three queries whatever the number of rows: the count, the page, and the balances by kind
    before the page's oldest row (from which the running balance is carried forward).
    """
    rows = (SavingsTransaction.objects.filter(member=member)
            .select_related("created_by", "meeting", "reverses", "reversed_by")
            .order_by("-value_date", "-id"))
    page = Paginator(rows, per_page).get_page(page_number)
    items = list(page.object_list)
    if items:
        oldest = items[-1]
        before = SavingsTransaction.objects.filter(member=member).filter(
            Q(value_date__lt=oldest.value_date) | Q(value_date=oldest.value_date, id__lt=oldest.id)
        ).aggregate(**_kind_sums())
        running = dict(before)
        for txn in reversed(items):
            running[txn.kind] += txn.signed_amount
            txn.balance_after = running[txn.kind]
            txn.is_reversed = hasattr(txn, "reversed_by")
    page.object_list = items
    return page


REVERSIBLE_TYPES = (TxnType.DEPOSIT, TxnType.WITHDRAWAL, TxnType.INTEREST, TxnType.OPENING)
FLOW_TYPES = (TxnType.OPENING, TxnType.DEPOSIT, TxnType.WITHDRAWAL, TxnType.INTEREST, TxnType.EXIT, TxnType.SHU)


def savings_flows(rows: QuerySet[SavingsTransaction], *, start: datetime.date,
                  end: datetime.date) -> dict[str, dict[str, int]]:
    """Return {kind: {type: amount}} moved by ``rows`` dated in [start, end], in one query.

    A reversal counts against the type of the row it reverses (a reversed deposit is no deposit).
    An opening balance brought in at the cut-over is its own type, never a deposit: the deposits
    of a period that contains the cut-over day are what members paid in during it.
    """
    flow = Case(When(type=TxnType.REVERSAL, then=F("reverses__type")), default=F("type"))
    amount = Case(When(type=TxnType.REVERSAL, then=-1 * F("amount")), default=F("amount"),
                  output_field=BigIntegerField())
    result: dict[str, dict[str, int]] = {kind: dict.fromkeys(FLOW_TYPES, 0) for kind in KINDS}
    sums = (rows.filter(value_date__gte=start, value_date__lte=end).annotate(flow=flow).values("kind", "flow")
            .annotate(total=Sum(amount)).order_by())
    for row in sums:
        result[row["kind"]][row["flow"]] += row["total"]
    return result


def paid_settlement(member):
    """Return the :class:`Settlement` paid when she left (from her exit rows), or None if she has not left."""
    if member.exited_on is None:
        return None
    balances = _zero()
    for kind, amount in (SavingsTransaction.objects.filter(member=member, type=TxnType.EXIT)
                         .values_list("kind", "amount")):
        balances[kind] += amount
    return Settlement(member=member, on=member.exited_on, balances=balances)


def savings_visible_to(user: "User") -> QuerySet[SavingsTransaction]:
    """Return the savings rows of the groups ``user`` may see."""
    return SavingsTransaction.objects.filter(group__in=groups_visible_to(user))


def savings_summary(member: Member, *, as_of: datetime.date) -> dict[str, Any]:
    """Return her balances by kind, their total and her WajibStatus as of ``as_of`` (three queries)."""
    balances = member_balances(member, as_of=as_of)
    return {"balances": balances, "total": sum(balances.values()),
            "wajib": wajib_status_for_members([member], as_of=as_of)[member.pk]}


def group_savings_rows(group: Group, *, as_of: datetime.date) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Return (rows, totals) for the group's active members: balances by kind, total and WajibStatus.

    Three queries whatever the number of members (members, rules versions, balances).
    """
    members = list(group.members.filter(exited_on__isnull=True).order_by("full_name", "pk"))
    balances = balances_for_members([m.pk for m in members], as_of=as_of)
    statuses = wajib_status_for_members(members, as_of=as_of)
    rows = [{"member": m, "balances": balances[m.pk], "total": sum(balances[m.pk].values()),
             "wajib": statuses[m.pk]} for m in members]
    totals = {k: sum(r["balances"][k] for r in rows) for k in KINDS}
    totals["total"] = sum(r["total"] for r in rows)
    totals["arrears"] = sum(r["wajib"].arrears for r in rows)
    return rows, totals
