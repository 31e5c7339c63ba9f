"""Reads for the meeting sheet: what each member owes and may do, the cash, what a meeting posted.

Above savings and loans (docs/architecture.md, "Layers"): the sheet gathers their selectors.
"""
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from books.totals import sums_by_account
from core.money import format_rupiah
from groups.selectors import rules_for
from loans.models import Loan, LoanStatus, Repayment
from loans.selectors import dues_for_members, eligibility_for_members
from loans.services.lifecycle import admin_fee_for
from meetings.models import Attendance, Meeting, SheetRow
from meetings.selectors import sheet_members
from members.models import Member
from savings.models import SavingsTransaction
from savings.selectors import balances_for_members, wajib_status_for_members

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Cash each column brings in (+1) or pays out (-1) at the meeting.
CASH_SIGN = {"pokok": 1, "wajib": 1, "sukarela_in": 1, "sukarela_out": -1, "instalment": 1,
             "cover_amount": 1, "disbursed": -1}
AMOUNT_FIELDS = SheetRow.AMOUNT_FIELDS
COLUMN_LABELS = {"pokok": _("Pokok"), "wajib": _("Wajib"), "sukarela_in": _("Sukarela in"),
                 "sukarela_out": _("Sukarela out"), "instalment": _("Instalment"),
                 "cover_amount": _("Covers (tanggung renteng)"), "disbursed": _("Loan disbursed")}
DUE_FIELDS = ("pokok", "wajib", "instalment")


def cash_for(values: Mapping[str, Any], *, fee: int = 0) -> int:
    """Return the net cash of one row's ``values``; the admin fee of a disbursed loan comes back in."""
    cash = sum(CASH_SIGN[f] * values.get(f, 0) for f in AMOUNT_FIELDS)
    return cash + (fee if values.get("disbursed", 0) else 0)


@dataclass
class SheetLine:
    """What the sheet shows for one member: what she owes now and what was entered so far."""

    member: Member
    due: dict[str, int]
    values: dict[str, int]
    attendance: str = ""
    cover_for_id: int | None = None
    note: str = ""
    sukarela_balance: int | None = None
    eligible_amount: int | None = None
    approved_amount: int | None = None
    approved_fee: int = 0
    errors: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Return her member id as the text of the row's cell names (``<key>-wajib``)."""
        return str(self.member.pk)

    @property
    def name(self) -> str:
        return str(self.member)

    @property
    def cash(self) -> int:
        """Return the cash this line brings in (negative: pays out); a deducted admin fee stays in the box."""
        return cash_for(self.values, fee=self.approved_fee)

    @property
    def attendance_label(self) -> "StrPromise | str":
        return Attendance.Status(self.attendance).label if self.attendance else ""

    @property
    def due_total(self) -> int:
        return sum(self.due.get(f, 0) for f in DUE_FIELDS)

    @property
    def cells(self) -> list[dict[str, Any]]:
        """Return the amount cells in column order, ready for the page: text, due, error, changed.

        Also what the page writes of each cell as text (its classes, ``data-`` values, aria label),
        made here once per cell: the sheet renders 7 cells for each of 30 rows, and each template
        condition and lazy label there costs more than the line of Python that replaces it.
        """
        member = str(self.member)
        result = []
        for f in AMOUNT_FIELDS:
            value = self.values.get(f, 0)
            text = self.raw[f] if f in self.raw else (format_rupiah(value, prefix=False) if value else "")
            due = self.due.get(f) if f in DUE_FIELDS else None
            error = self.errors.get(f) or []  # a list: the page joins it, and None would print "None"
            changed = due is not None and text != "" and value != due
            placeholder = self.approved_amount if f == "disbursed" else due
            fee = self.approved_fee if f == "disbursed" else 0
            label = str(COLUMN_LABELS[f])
            result.append({
                "field": f, "label": label, "text": text, "due": due, "sign": CASH_SIGN[f],
                "error": error, "changed": changed,
                "disabled": f == "disbursed" and not self.approved_amount and not value,
                "placeholder": placeholder, "fee": fee,
                "td_class": "sheet-cell sheet-changed" if changed else "sheet-cell",
                "input_class": "form-control form-control-sm num is-invalid" if error
                else "form-control form-control-sm num",
                "sign_text": str(CASH_SIGN[f]), "due_text": "" if due is None else str(due),
                "placeholder_text": format_rupiah(placeholder, prefix=False) if placeholder else "",
                "fee_text": str(fee) if fee else "", "aria_label": f"{label} {member}",
                "feedback_class": "invalid-feedback d-block" if error else "invalid-feedback",
            })
        return result


@dataclass(frozen=True)
class MemberDues:
    """What a member owes and may do at a meeting, gathered from the savings and loans selectors."""

    pokok: int
    wajib: int
    instalment: int
    sukarela_balance: int
    eligible_amount: int | None
    approved_loan: Loan | None = None
    approved_fee: int = 0
    loan_owed: dict[int, int] = field(default_factory=dict)


def loan_dues_on(member_ids: Iterable[int], *, on: datetime.date) -> dict[int, dict[int, int]]:
    """Return {member_id: {loan_id: owed}}: what fell due on her loans up to and including ``on``, with penalties.

    ``loans.selectors.dues_for_members`` calls overdue what fell due before its day and counts
    the penalty as of that day; the instalments falling due on the meeting day itself are the
    difference between its overdue of the next day and of the day.
    """
    today_dues = dues_for_members(member_ids, on=on)
    next_day = dues_for_members(member_ids, on=on + datetime.timedelta(days=1))
    result: dict[int, dict[int, int]] = {}
    for member_id, dues in next_day.items():
        before = {d.loan_id: d for d in today_dues[member_id].loans} if member_id in today_dues else {}
        for d in dues.loans:
            known = before.get(d.loan_id)
            owed = d.overdue + (known.penalty if known else 0)
            if owed:
                result.setdefault(member_id, {})[d.loan_id] = owed
    return result


def dues_for_sheet(meeting: Meeting, members: Sequence[Member], *,
                   with_eligibility: bool = True) -> dict[int, MemberDues]:
    """Return {member_id: MemberDues} at ``meeting`` in a bounded number of queries.

    Pokok: what is unpaid of her simpanan pokok; wajib: this month's due plus arrears; instalment:
    what has fallen due on her loans by the meeting day and is unpaid, with penalties; her sukarela
    balance; what she may borrow (left out when ``with_eligibility`` is false: submitting needs
    it not); and her loan approved but not yet disbursed, with its admin fee.
    """
    on = meeting.date
    ids = [m.pk for m in members]
    wajib = wajib_status_for_members(members, as_of=on)
    loans = loan_dues_on(ids, on=on)
    balances = balances_for_members(ids, as_of=on)
    eligibility = (eligibility_for_members(members, on=on, balances=balances, wajib=wajib)
                   if with_eligibility else {})
    approved: dict[int, Loan] = {}
    loan: Loan | None  # each approved loan below, then each member's (or None)
    waiting = Q(status=LoanStatus.APPROVED)
    if not meeting.is_draft:
        # Posted: the loan the sheet disbursed waits no more, but its fee stays in the meeting's cash.
        waiting |= Q(disbursed_on=on)
    for loan in Loan.objects.filter(waiting, member_id__in=ids).order_by("decided_on", "pk"):
        approved.setdefault(loan.member_id, loan)
    rules = rules_for(meeting.group, on=on)
    result: dict[int, MemberDues] = {}
    for m in members:
        status = wajib.get(m.pk)
        loan = approved.get(m.pk)
        verdict = eligibility.get(m.pk)
        result[m.pk] = MemberDues(
            pokok=status.pokok_owing if status else 0, wajib=status.arrears if status else 0,
            instalment=sum(loans.get(m.pk, {}).values()), loan_owed=loans.get(m.pk, {}),
            sukarela_balance=balances.get(m.pk, {}).get("sukarela", 0),
            eligible_amount=verdict.max_amount if verdict else None, approved_loan=loan,
            approved_fee=_fee(loan, rules),
        )
    return result


def _fee(loan: Loan | None, rules: Any) -> int:
    """The admin fee charged (a loan disbursed) or to charge at its disbursement under ``rules``."""
    if loan is None:
        return 0
    if loan.disbursed_on is not None:
        return loan.admin_fee
    return admin_fee_for(rules, loan.amount) if rules else 0


def sheet_lines(meeting: Meeting, *, with_eligibility: bool = True) -> list[SheetLine]:
    """Return the sheet: one SheetLine per member, pre-filled with the draft or with what is due.

    A constant number of queries whatever the number of members.
    """
    members = sheet_members(meeting)
    dues = dues_for_sheet(meeting, members, with_eligibility=with_eligibility)
    saved = {r.member_id: r for r in SheetRow.objects.filter(meeting=meeting)} if meeting.pk else {}
    lines: list[SheetLine] = []
    for m in members:
        d = dues[m.pk]
        line = SheetLine(member=m, due={"pokok": d.pokok, "wajib": d.wajib, "instalment": d.instalment},
                         values=dict.fromkeys(AMOUNT_FIELDS, 0), sukarela_balance=d.sukarela_balance,
                         eligible_amount=d.eligible_amount,
                         approved_amount=d.approved_loan.amount if d.approved_loan else None,
                         approved_fee=d.approved_fee)
        row = saved.get(m.pk)
        if row is not None:
            line.values = {f: getattr(row, f) for f in AMOUNT_FIELDS}
            line.attendance, line.cover_for_id, line.note = row.attendance, row.cover_for_id, row.note
        lines.append(line)
    return lines


def opening_cash(meeting: Meeting) -> int:
    """Return the group's cash in the books at the end of the day before the meeting (two queries).

    From the month totals of the group's cash account and the lines of the meeting's month before
    its day (``books.totals``): a few hundred rows at ten years, not every line of the federation.
    """
    sums = sums_by_account([meeting.group_id], end=meeting.date - datetime.timedelta(days=1), keys=["cash"])
    debit, credit = sums.get((meeting.group_id, "cash"), (0, 0))
    return debit - credit  # cash is an asset: debit normal


def sheet_totals(lines: Sequence[SheetLine], *, opening: int = 0) -> dict[str, Any]:
    """Return the column totals, the meeting's net cash and the cash the box should hold at the end."""
    totals: dict[str, Any] = {f: sum(line.values.get(f, 0) for line in lines) for f in AMOUNT_FIELDS}
    totals["due"] = sum(line.due.get(f, 0) for line in lines for f in ("pokok", "wajib", "instalment"))
    totals["fees"] = sum(line.approved_fee for line in lines if line.values.get("disbursed", 0))
    totals["cash_in"] = sum(totals[f] for f in AMOUNT_FIELDS if CASH_SIGN[f] > 0) + totals["fees"]
    totals["cash_out"] = sum(totals[f] for f in AMOUNT_FIELDS if CASH_SIGN[f] < 0)
    totals["net_cash"] = totals["cash_in"] - totals["cash_out"]
    totals["opening_cash"] = opening
    totals["expected_cash"] = opening + totals["net_cash"]
    totals["columns"] = [{"field": f, "label": COLUMN_LABELS[f], "amount": totals[f]} for f in AMOUNT_FIELDS]
    return totals


def posted_for_meeting(meeting: Meeting) -> tuple[list[SavingsTransaction], list[Repayment]]:
    """Return what the meeting posted: (savings transactions, loan payments), each with its reversal if any.

    Two queries: corrections after submission are reversals of these rows, never edits.
    """
    savings = list(SavingsTransaction.objects.filter(meeting=meeting).exclude(type="reversal")
                   .select_related("member", "reversed_by").order_by("member__full_name", "pk"))
    payments = list(Repayment.objects.filter(meeting=meeting).select_related("member", "coverer", "reversal")
                    .order_by("member__full_name", "pk"))
    return savings, payments
