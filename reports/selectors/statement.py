"""The member statement (laporan anggota, passbook style) for a period, for one or many members.

Savings, loans with their schedule positions (the loans app's ``loan_positions``), payments,
covers and paybacks are read for all the members at once: a fixed number of queries however
many members or loans.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from loans.models import CoverPayback, Loan, Repayment
from loans.selectors import cover_outstanding_for_members, loan_positions
from savings.models import SavingsKind, SavingsTransaction
from savings.selectors import balances_for_members, wajib_status_for_members

KINDS = tuple(SavingsKind.values)


@dataclass
class SavingsAccount:
    kind: str
    label: str
    opening: int
    rows: list = field(default_factory=list)
    closing: int = 0


@dataclass
class MemberStatement:
    member: object
    start: datetime.date
    end: datetime.date
    savings: list
    savings_total: int
    wajib: object
    loans: list
    payments: list
    covers_given: list
    paybacks: list
    covers_owed: int

    @property
    def outstanding_total(self):
        return sum(p.outstanding_principal for p in self.loans)

    @property
    def overdue_total(self):
        return sum(p.overdue_amount for p in self.loans)


def member_statements(members, *, start, end):
    """Return a MemberStatement for each of ``members`` (in their order) over [start, end]."""
    members = list(members)
    ids = [m.pk for m in members]
    before = start - datetime.timedelta(days=1)
    opening = balances_for_members(ids, as_of=before)
    wajib = wajib_status_for_members(members, as_of=end)
    txns = {}
    for txn in (SavingsTransaction.objects.filter(member_id__in=ids, value_date__gte=start, value_date__lte=end)
                .order_by("value_date", "id")):
        txns.setdefault(txn.member_id, []).append(txn)
    loans = list(Loan.objects.filter(member_id__in=ids, disbursed_on__lte=end).exclude(closed_on__lt=start)
                 .select_related("member", "group").order_by("disbursed_on", "id"))
    positions = {}
    for position in loan_positions(loans, as_of=end).values():
        positions.setdefault(position.loan.member_id, []).append(position)
    payments = {}
    for rep in (Repayment.objects.filter(member_id__in=ids, value_date__gte=start, value_date__lte=end)
                .select_related("coverer", "reversal", "loan").order_by("value_date", "id")):
        payments.setdefault(rep.member_id, []).append(rep)
    given = {}
    for rep in (Repayment.objects.filter(coverer_id__in=ids, value_date__gte=start, value_date__lte=end)
                .select_related("member").order_by("value_date", "id")):
        given.setdefault(rep.coverer_id, []).append(rep)
    paybacks = {}
    for pb in (CoverPayback.objects.filter(cover__member_id__in=ids, value_date__gte=start, value_date__lte=end)
               .select_related("cover", "cover__coverer").order_by("value_date", "id")):
        paybacks.setdefault(pb.cover.member_id, []).append(pb)
    owed = cover_outstanding_for_members(ids, as_of=end)
    labels = dict(SavingsKind.choices)
    result = []
    for m in members:
        accounts = []
        for kind in KINDS:
            account = SavingsAccount(kind, labels[kind], opening[m.pk][kind])
            balance = account.opening
            for txn in txns.get(m.pk, []):
                if txn.kind == kind:
                    balance += txn.signed_amount
                    account.rows.append({"txn": txn, "balance": balance})
            account.closing = balance
            accounts.append(account)
        result.append(MemberStatement(
            member=m, start=start, end=end, savings=accounts, savings_total=sum(a.closing for a in accounts),
            wajib=wajib[m.pk], loans=positions.get(m.pk, []),
            payments=payments.get(m.pk, []), covers_given=given.get(m.pk, []), paybacks=paybacks.get(m.pk, []),
            covers_owed=owed.get(m.pk, 0),
        ))
    return result


def members_for_statements(group, *, start, end):
    """Return the group's members who were members at some time in [start, end], by name."""
    return (group.members.filter(joined_on__lte=end).filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start))
            .select_related("group").order_by("full_name"))
