"""Write loans outstanding at the cut-over (see ``loans.opening``), in bulk so a whole LKP comes in at once."""
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record_many, event_for
from books.models import EntryKind
from books.periods import closed_through_by_group
from books.services import Entry, Line, credit, debit, journal_post_many
from groups.selectors import rules_on, rules_versions
from loans.models import Allocation, Instalment, Loan, LoanStatus, Repayment, ScheduleVersion
from loans.opening import OpeningLoan, opening_key, opening_problems, paid_parts
from members.services import lock_members

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def loans_open_outstanding(*, openings: Iterable[OpeningLoan], actor: "User") -> list[Loan]:
    """Post loans outstanding at their cut-over (:class:`loans.opening.OpeningLoan`); return the loans.

    Each becomes a disbursed loan with its original terms and schedule (the rules version in force
    on the disbursement date gives the rounding), so instalments, arrears and days past due after
    the cut-over come out as for a loan disbursed here. In the books, dated the cut-over day:

    * the loan's opening entry: Dr ``loans_receivable`` (the member) the original principal, Cr
      ``opening_equity``;
    * when something was paid before the cut-over, one opening repayment allocated to the
      instalments (see ``loans.opening.paid_parts``), whose entry moves the principal repaid back
      out (Dr ``opening_equity``, Cr ``loans_receivable``) and shows the interest received then as
      equity brought in (Dr and Cr ``opening_equity``): it is not income of the cut-over day.

    The receivable then equals the principal still owed. A member's loan disbursed on the same date
    must not exist already (``loan_exists``); any problem refuses them all and nothing is written.
    """
    openings = list(openings)
    if not openings:
        return []
    members = lock_members(o.member.pk for o in openings)
    versions = rules_versions({m.group_id for m in members.values()})
    closed = closed_through_by_group({m.group_id for m in members.values()})
    taken = set(Loan.objects.filter(member_id__in=list(members)).values_list("member_id", "disbursed_on"))
    planned = []
    for item in openings:
        member = members[item.member.pk]
        item.member = member
        rules = rules_on(versions.get(member.group_id, []), item.disbursed_on)
        problems, schedule = opening_problems(item, rules, closed=closed.get(member.group_id))
        if problems:
            raise ValidationError(f"{member.code}: {problems[0][1]}", code="opening_loan")
        if (member.pk, item.disbursed_on) in taken:
            raise ValidationError(_("%(code)s: a loan of this member disbursed on this date already exists") % {
                "code": member.code}, code="loan_exists")
        taken.add((member.pk, item.disbursed_on))
        parts = paid_parts(schedule, principal_paid=item.principal_paid, interest_paid=item.interest_paid)
        planned.append((item, rules, schedule, parts))
    return _write(planned, actor)


def _entry(item: OpeningLoan, memo: str, lines: list[Line]) -> Entry:
    return Entry(item.member.group_id, item.cut_over, EntryKind.OPENING, lines,
                 memo % {"code": item.member.code, "name": item.member.full_name},
                 opening_key(item.member, item.disbursed_on))


def _write(planned: list[tuple[OpeningLoan, Any, Any, Any]], actor: "User") -> list[Loan]:
    entry_ids = journal_post_many([
        _entry(item, _("Opening loan balance: %(code)s %(name)s"),
               [debit("loans_receivable", item.amount, item.member), credit("opening_equity", item.amount)])
        for item, *_rest in planned], actor=actor, audit=False)
    loans = Loan.objects.bulk_create([
        Loan(group_id=item.member.group_id, member=item.member, amount=item.amount, term=item.term,
             purpose=item.purpose or _("Opening balance"), business=item.member.get_business_type_display(),
             applied_on=item.disbursed_on, decided_on=item.disbursed_on, disbursed_on=item.disbursed_on,
             status=LoanStatus.ACTIVE, created_by=actor, rules=rules, method=item.method, rate=item.rate,
             rescheduled=item.rescheduled, disbursement_entry_id=entry_id)
        for (item, rules, _s, _p), entry_id in zip(planned, entry_ids, strict=True)])
    versions = ScheduleVersion.objects.bulk_create([
        # the loans were just built with disbursed_on=item.disbursed_on (a date); the field type is nullable
        ScheduleVersion(loan=loan, version=1, start=loan.disbursed_on,  # type: ignore[misc]
                        principal=loan.amount, term=loan.term, reason=_("Opening balance"), created_by=actor)
        for loan in loans])
    instalments = Instalment.objects.bulk_create([
        Instalment(schedule=sv, loan=sv.loan, number=ln.number, due_date=ln.due_date, principal=ln.principal,
                   interest=ln.interest)
        for sv, (_i, _r, schedule, _p) in zip(versions, planned, strict=True) for ln in schedule.lines])
    by_key = {(i.loan_id, i.number): i for i in instalments}

    paying = [(loan, item, parts) for loan, (item, _r, _s, parts) in zip(loans, planned, strict=True) if parts]
    pay_entry_ids = journal_post_many([
        _entry(item, _("Opening repayments: %(code)s %(name)s"), [
            debit("opening_equity", item.principal_paid + item.interest_paid),
            credit("loans_receivable", item.principal_paid, item.member),
            credit("opening_equity", item.interest_paid)])
        for _loan, item, _parts in paying], actor=actor, audit=False)
    repayments = Repayment.objects.bulk_create([
        Repayment(loan=loan, group_id=loan.group_id, member=item.member,
                  amount=item.principal_paid + item.interest_paid, value_date=item.cut_over, entry_id=entry_id,
                  created_by=actor)
        for (loan, item, _parts), entry_id in zip(paying, pay_entry_ids, strict=True)])
    Allocation.objects.bulk_create([
        Allocation(repayment=repayment, instalment=by_key[(loan.pk, number)], component=component, amount=amount)
        for repayment, (loan, _item, parts) in zip(repayments, paying, strict=True)
        for number, component, amount in parts])
    audit_record_many([
        event_for("loans.opening", loan, group_id=loan.group_id,
                  data={"amount": loan.amount, "principal_paid": item.principal_paid,
                        "interest_paid": item.interest_paid, "cut_over": item.cut_over.isoformat()})
        for loan, (item, *_rest) in zip(loans, planned, strict=True)], actor=actor)
    return loans
