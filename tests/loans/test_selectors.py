"""Batched reads of loans: ``loan_positions`` equals ``loan_position`` loan by loan, in bounded queries."""
import datetime

import pytest

from loans import services
from loans.models import Loan
from loans.positions import loan_position, loan_positions
from tests.factories import MemberFactory, make_rules
from tests.utils import count_queries

from .conftest import OPEN_RULES, disburse_loan

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def varied(lgroup, officer, manager):
    """Loans in every state a statement shows: paid on time, late with penalties, covered, reversed,
    written off, rescheduled, closed, and one disbursed after the date asked for."""
    make_rules(lgroup, effective_from=D(2023, 6, 1), created_by=manager,
               **{**OPEN_RULES, "loan_penalty_type": "fixed", "loan_penalty_value": "5000"})

    def new(name, **kwargs):
        return disburse_loan(MemberFactory(group=lgroup, full_name=name), officer, **kwargs)

    on_time, penalised, covered, reversed_, written, rescheduled, closed = (
        new(name) for name in ("Rosmaniar", "Yusnimar", "Nurhayati", "Elvi", "Desmawati", "Rahmi", "Yenti"))
    later = new("Zuraida", date=D(2024, 6, 20))
    for month in (2, 3, 4):
        services.loan_repay(loan=on_time, amount=120_000, date=D(2024, month, 15), actor=officer)
    services.loan_repay(loan=penalised, amount=370_000, date=D(2024, 4, 15), actor=officer)  # 2 × 5,000 penalty
    services.loan_cover(loan=covered, amount=120_000, date=D(2024, 2, 15), actor=officer)
    wrong = services.loan_repay(loan=reversed_, amount=120_000, date=D(2024, 2, 15), actor=officer)
    services.repayment_reverse(repayment=wrong, actor=officer, reason="Salah catat")
    services.loan_write_off(loan=written, date=D(2024, 5, 1), actor=manager, reason="Pindah")
    services.loan_reschedule(loan=rescheduled, term=12, date=D(2024, 3, 1), actor=manager, reason="Usaha sepi")
    services.loan_repay(loan=closed, amount=1_200_000, date=D(2024, 2, 1), actor=officer)
    return [on_time, penalised, covered, reversed_, written, rescheduled, closed, later]


@pytest.mark.parametrize("as_of", [D(2024, 1, 14), D(2024, 2, 15), D(2024, 4, 30), D(2024, 6, 30)])
def test_loan_positions_equal_loan_position_for_each_loan(varied, as_of):
    loans = Loan.objects.filter(pk__in=[loan.pk for loan in varied]).order_by("pk")
    batched = loan_positions(loans, as_of=as_of)
    assert list(batched) == [loan.pk for loan in loans]
    for loan in loans:
        assert batched[loan.pk] == loan_position(loan, as_of=as_of), loan.member.full_name


def test_worked_values_of_the_batched_positions(varied):
    positions = loan_positions(varied, as_of=D(2024, 4, 30))
    on_time, penalised, covered, reversed_, written, *_rest = (positions[loan.pk] for loan in varied)
    assert on_time.outstanding_principal == 700_000 and on_time.overdue_amount == 0
    # 370,000 on 15 April: penalties 2 × 5,000 first, then Feb and Mar in full, 120,000 of April.
    assert [s.penalty_due for s in penalised.instalments[:3]] == [5_000, 5_000, 0]
    assert penalised.outstanding_principal == 700_000
    assert covered.outstanding_principal == 900_000 and covered.days_past_due == 46  # late since 15 March
    assert reversed_.outstanding_principal == 1_000_000  # the reversed payment no longer counts
    assert (written.written_off, written.outstanding_principal) == (0, 1_000_000)  # written off on 1 May
    written = loan_positions([varied[4]], as_of=D(2024, 6, 30))[varied[4].pk]
    assert (written.written_off, written.outstanding_principal) == (1_000_000, 0)


def test_query_count_does_not_grow_with_loans(varied):
    _, one = count_queries(lambda: loan_positions(varied[:1], as_of=D(2024, 6, 30)))
    _, all_ = count_queries(lambda: loan_positions(varied, as_of=D(2024, 6, 30)))
    assert one == all_ == 4


def test_own_view_leaves_covers_out(varied):
    from loans.positions import days_past_due_by_loan, outstanding_principal_by_loan

    covered = Loan.objects.filter(pk=varied[2].pk)
    on = D(2024, 4, 30)
    # The cover paid February (100,000 principal + 20,000 interest); March and April are unpaid.
    assert outstanding_principal_by_loan(covered, as_of=on) == {covered[0].pk: 900_000}
    assert days_past_due_by_loan(covered, as_of=on) == {covered[0].pk: 46}  # since 15 March
    # Her own: nothing paid, late since 15 February (14 + 31 + 30 days).
    assert outstanding_principal_by_loan(covered, as_of=on, own=True) == {covered[0].pk: 1_000_000}
    assert days_past_due_by_loan(covered, as_of=on, own=True) == {covered[0].pk: 75}
    on_time = Loan.objects.filter(pk=varied[0].pk)
    assert outstanding_principal_by_loan(on_time, as_of=on, own=True) == {on_time[0].pk: 700_000}


def _outstanding_from_rows(loan, as_of, own):
    """Outstanding principal of one loan from its rows, in Python: disbursed − principal repaid − written off."""
    from loans.models import Allocation, Repayment, WriteOff

    repaid = 0
    for a in Allocation.objects.filter(repayment__loan=loan, component="principal").select_related("repayment"):
        reversal = getattr(a.repayment, "reversal", None)
        counted = a.repayment.value_date <= as_of and (reversal is None or reversal.date > as_of)
        if counted and (not own or a.repayment.kind == Repayment.Kind.MEMBER):
            repaid += a.amount
    written = WriteOff.objects.filter(loan=loan, date__lte=as_of).first()
    return loan.amount - repaid - (written.principal if written else 0)


@pytest.mark.parametrize("as_of", [D(2024, 1, 14), D(2024, 2, 15), D(2024, 3, 16), D(2024, 4, 30), D(2024, 6, 30)])
def test_set_based_positions_equal_the_per_loan_computation(varied, as_of):
    """Days past due, outstanding and overdue principal of the grouped queries equal each loan's own
    position (``loan_position``, instalment by instalment) on loans in every state."""
    from loans.positions import days_past_due_by_loan, outstanding_principal_by_loan, unpaid_instalments

    loans = Loan.objects.filter(pk__in=[loan.pk for loan in varied])
    dpd = days_past_due_by_loan(loans, as_of=as_of)
    outstanding = outstanding_principal_by_loan(loans, as_of=as_of)
    overdue = {}
    for inst in unpaid_instalments(loans, as_of=as_of):
        overdue[inst.loan_id] = overdue.get(inst.loan_id, 0) + inst.principal - inst.paid_principal
    for loan in loans:
        position = loan_position(loan, as_of=as_of)
        name = loan.member.full_name
        assert dpd.get(loan.pk, 0) == position.days_past_due, name
        if loan.disbursed_on <= as_of:
            assert outstanding[loan.pk] == _outstanding_from_rows(loan, as_of, own=False), name
            assert outstanding_principal_by_loan(Loan.objects.filter(pk=loan.pk), as_of=as_of, own=True)[loan.pk] \
                == _outstanding_from_rows(loan, as_of, own=True), name
        else:
            assert loan.pk not in outstanding
        assert overdue.get(loan.pk, 0) == sum(s.principal_due - s.principal_paid for s in position.instalments
                                              if s.due_date < as_of), name
    if as_of == D(2024, 4, 30):  # worked: the covered loan late since 15 March, the penalised one paid up
        assert (dpd[varied[2].pk], dpd.get(varied[1].pk, 0)) == (46, 0)
        assert days_past_due_by_loan(loans, as_of=as_of, own=True)[varied[2].pk] == 75
