"""The member statement (laporan anggota, passbook style) for a period, for one or many members.

Savings, loans with their schedule positions (the loans app's ``loan_positions``), payments,
covers and paybacks, and SHU held for her and paid out, are read for all the members at once: a
fixed number of queries however many members or loans.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from loans.models import CoverPayback, Loan, Repayment
from loans.positions import loan_positions
from loans.selectors import cover_outstanding_for_members
from savings.models import SavingsKind, SavingsTransaction
from savings.selectors import balances_for_members, wajib_status_for_members
from yearend.selectors import shu_owed_rows

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
    shu_rows: list = field(default_factory=list)
    shu_owed: int = 0

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
    shu_rows, shu_owed = _shu_rows(ids, start=start, end=end)
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
            covers_owed=owed.get(m.pk, 0), shu_rows=shu_rows.get(m.pk, []), shu_owed=shu_owed.get(m.pk, 0),
        ))
    return result


def _shu_rows(ids, *, start, end):
    """Return ({member id: rows}, {member id: still owed at ``end``}) of the SHU held for the members.

    A share credited to her sukarela is already a savings row; a share held as payable shows here
    when the RAT decided it and each cash payout when paid (a reversed year end shows neither), as
    ``yearend.selectors.shu_owed_rows`` reads them at ``end``. Two queries.
    """
    rows, owed, events = {}, {}, []
    for row in shu_owed_rows(members=ids, as_of=end):
        member_id, year = row["member"].pk, row["year_end"].year
        owed[member_id] = owed.get(member_id, 0) + row["owed"]
        events.append((row["year_end"].decided_on, 0, row["share"].pk, member_id,
                       _("SHU %(year)s held for her") % {"year": year}, row["held"]))
        events += [(p.paid_on, 1, p.pk, member_id, _("SHU %(year)s paid out to her") % {"year": year}, -p.amount)
                   for p in row["payouts"]]
    for day, _kind, _pk, member_id, label, amount in sorted(events):
        if day >= start:
            rows.setdefault(member_id, []).append({"date": day, "label": label, "amount": amount})
    return rows, owed


def members_for_statements(group, *, start, end):
    """Return the group's members who were members at some time in [start, end], by name."""
    return (group.members.filter(joined_on__lte=end).filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start))
            .select_related("group").order_by("full_name"))
