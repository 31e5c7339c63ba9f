"""Loans outstanding at the cut-over date, as the group's books had them on paper.

Each row becomes a disbursed :class:`~loans.models.Loan` with its original date, principal,
term, method and rate, and the schedule ``loans.schedule`` computes for them, so instalments,
arrears and days past due after the cut-over come out as for a loan disbursed here. In the
books, dated the cut-over day:

* the opening entry of the loan: Dr ``loans_receivable`` (the member) the original principal,
  Cr ``opening_equity``;
* when instalments were already paid, one opening repayment allocated to them (principal and
  interest, so they show as paid) whose entry moves the principal repaid back out: Dr
  ``opening_equity``, Cr ``loans_receivable``. Interest received before the cut-over is part of
  the equity the group brings in, not income of the cut-over day.

The receivable then equals the principal still owed. A loan is found again by its member and
disbursement date, so importing the same file twice creates nothing the second time.
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from audit.models import AuditEvent
from books.models import Account, EntryKind, JournalEntry, JournalLine
from books.services import credit, debit
from core.dates import add_months
from loans.models import Allocation, Instalment, Loan, Repayment, ScheduleVersion
from loans.schedule import build_schedule


@dataclass
class OpeningLoan:
    loan: Loan  # unsaved, with member, amount, term, method, rate, disbursed_on and rules set
    cut_over: object
    paid: int  # instalments fully paid before the cut-over


def schedule_for(loan):
    return build_schedule(principal=loan.amount, rate=loan.rate, term=loan.term, method=loan.method,
                          rounding=loan.rules.loan_rounding, first_due=add_months(loan.disbursed_on, 1))


def arrears_at(schedule, paid, on):
    """Return what was due by ``on`` on the instalments after the first ``paid`` (principal + interest)."""
    return sum(ln.total for ln in schedule.lines[paid:] if ln.due_date <= on)


def _memo(text, member):
    return (text % {"code": member.code, "name": member.full_name})[:255]


def _entry(item, memo, actor):
    loan = item.loan
    return JournalEntry(group_id=loan.group_id, date=item.cut_over, kind=EntryKind.OPENING, memo=memo,
                        reference=f"opening-loan:{loan.member.code}:{loan.disbursed_on.isoformat()}"[:60],
                        created_by=actor)


def write_opening_loans(items, *, actor):
    """Write the loans of ``items`` with schedules, opening repayments, entries and audit events in bulk."""
    if not items:
        return
    accounts = {}
    for account in Account.objects.filter(group_id__in={i.loan.group_id for i in items}):
        accounts.setdefault(account.group_id, {})[account.key] = account
    schedules = [schedule_for(i.loan) for i in items]

    openings = [_entry(i, _memo(_("Opening loan balance: %(code)s %(name)s"), i.loan.member), actor) for i in items]
    JournalEntry.objects.bulk_create(openings)
    lines = []
    for item, entry in zip(items, openings, strict=True):
        group_accounts = accounts[item.loan.group_id]
        for ln in (debit("loans_receivable", item.loan.amount, item.loan.member),
                   credit("opening_equity", item.loan.amount)):
            lines.append(JournalLine(entry=entry, account=group_accounts[ln.account], debit=ln.debit,
                                     credit=ln.credit, member=ln.member))
    for item, entry in zip(items, openings, strict=True):
        item.loan.disbursement_entry = entry
    loans = Loan.objects.bulk_create([i.loan for i in items])
    versions = ScheduleVersion.objects.bulk_create([
        ScheduleVersion(loan=loan, version=1, start=loan.disbursed_on, principal=loan.amount, term=loan.term,
                        reason=_("Opening balance"), created_by=actor) for loan in loans])
    instalments = Instalment.objects.bulk_create([
        Instalment(schedule=sv, loan=sv.loan, number=ln.number, due_date=ln.due_date, principal=ln.principal,
                   interest=ln.interest)
        for sv, schedule in zip(versions, schedules, strict=True) for ln in schedule.lines])
    by_loan = {}
    for inst in instalments:
        by_loan.setdefault(inst.loan_id, []).append(inst)

    paying = [(item, by_loan[item.loan.pk][:item.paid]) for item in items if item.paid]
    pay_entries = [_entry(item, _memo(_("Opening repayments: %(code)s %(name)s"), item.loan.member), actor)
                   for item, _paid in paying]
    JournalEntry.objects.bulk_create(pay_entries)
    repayments = []
    for (item, paid), entry in zip(paying, pay_entries, strict=True):
        principal = sum(i.principal for i in paid)
        group_accounts = accounts[item.loan.group_id]
        for ln in (debit("opening_equity", principal), credit("loans_receivable", principal, item.loan.member)):
            lines.append(JournalLine(entry=entry, account=group_accounts[ln.account], debit=ln.debit,
                                     credit=ln.credit, member=ln.member))
        repayments.append(Repayment(loan=item.loan, group_id=item.loan.group_id, member=item.loan.member,
                                    amount=sum(i.total for i in paid), value_date=item.cut_over, entry=entry,
                                    created_by=actor))
    JournalLine.objects.bulk_create(lines)
    Repayment.objects.bulk_create(repayments)
    Allocation.objects.bulk_create([
        Allocation(repayment=repayment, instalment=inst, component=component, amount=amount)
        for repayment, (_item, paid) in zip(repayments, paying, strict=True) for inst in paid
        for component, amount in (("principal", inst.principal), ("interest", inst.interest)) if amount])
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=actor, action="loans.opening", group_id=i.loan.group_id, object_type=Loan._meta.label_lower,
                   object_id=str(i.loan.pk), data={"amount": i.loan.amount, "paid_instalments": i.paid,
                                                   "cut_over": i.cut_over.isoformat()})
        for i in items])
