"""Year-end scenarios in a group: indicators.md's reference example and a small year with a joiner and a leaver.

The rules share the surplus 40 % reserves, 15 % other funds, 25 % jasa anggota (by loans),
20 % jasa modal (by savings); no admin fee, so the books' only income is what a test posts.
"""
import datetime

from books.services import post_expense, post_other_income
from loans import services as loan_services
from savings.services import savings_deposit
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES

D = datetime.date
YEAR = 2024
RAT = D(2025, 2, 15)  # the RAT of the 2024 books

SHU_RULES = dict(OPEN_RULES, loan_admin_fee_value="0", loan_max_amount=100_000_000, shu_reserve_pct="40",
                 shu_other_funds_pct="15", shu_jasa_anggota_pct="25", shu_jasa_modal_pct="20")


def save(member, amount, *, actor, date=D(YEAR, 1, 10)):
    """Pay her simpanan pokok (Rp 50.000) and the rest as wajib, paid ahead."""
    savings_deposit(member=member, kind="pokok", amount=50_000, date=date, actor=actor)
    if amount > 50_000:
        savings_deposit(member=member, kind="wajib", amount=amount - 50_000, date=date, actor=actor)


def lend(member, amount, *, actor, date=D(YEAR, 2, 10), term=10):
    loan = loan_services.loan_apply(member=member, amount=amount, term=term, purpose="Modal usaha",
                                    business="Warung", date=date, actor=actor)
    loan_services.loan_decide(loan=loan, approved=True, date=date, agreed_by="Rapat anggota", actor=actor)
    return loan_services.loan_disburse(loan=loan, date=date, actor=actor)


def rules_for_example(group, manager, **overrides):
    return make_rules(group, effective_from=D(2021, 1, 1), created_by=manager, **{**SHU_RULES, **overrides})


def build_example(group_a, manager):
    """indicators.md: SHU 60.000.000; loans 75.000.000 and savings 100.000.000 in all.

    Rosmaniar borrowed 5.000.000 and saved 2.000.000; fourteen others borrowed 5.000.000 and
    saved 7.000.000 each. Jasa anggota is by principal disbursed.
    """
    rules_for_example(group_a, manager, shu_jasa_anggota_basis="principal_disbursed")
    rosmaniar = MemberFactory(group=group_a, code="A-001", full_name="Rosmaniar", joined_on=D(2023, 1, 1))
    others = [MemberFactory(group=group_a, code=f"A-{i + 2:03d}", full_name=f"Anggota {i + 2}",
                            joined_on=D(2023, 1, 1)) for i in range(14)]
    save(rosmaniar, 2_000_000, actor=manager)
    for m in others:
        save(m, 7_000_000, actor=manager)
    for m in [rosmaniar, *others]:
        lend(m, 5_000_000, actor=manager)
    post_other_income(group=group_a, date=D(YEAR, 12, 20), amount=60_010_000, memo="Penjualan pupuk", actor=manager)
    post_expense(group=group_a, date=D(YEAR, 12, 20), amount=10_000, memo="Konsumsi RAT", actor=manager,
                 account="meeting_expense")
    return {"group": group_a, "rosmaniar": rosmaniar, "others": others}


def repay(loan, times, *, actor):
    """Pay ``times`` instalments of ``loan``, each on its due date."""
    from loans.models import Instalment

    for inst in Instalment.objects.filter(loan=loan).order_by("number")[:times]:
        loan_services.loan_repay(loan=loan, amount=inst.principal + inst.interest, date=inst.due_date, actor=actor)


def build_small(group_a, manager):
    """Four members in 2024, SHU exactly Rp 1.000.000 (interest 180.000 + other income 820.000).

    Ani saved 1.000.000 and paid 100.000 interest (5 instalments of a 1.000.000 loan, flat 2 %);
    Butet saved 500.000 and paid 50.000; Cici joined on 1 July and saved 300.000, no loan; Dewi
    saved 200.000, paid 30.000 interest on a loan she repaid, and left on 30 September.
    Jasa anggota by interest paid, jasa modal by pokok + wajib (the defaults).
    """
    from exits.services import member_exit

    rules_for_example(group_a, manager)
    ani = MemberFactory(group=group_a, code="B-001", full_name="Ani", joined_on=D(2023, 1, 1))
    butet = MemberFactory(group=group_a, code="B-002", full_name="Butet", joined_on=D(2023, 1, 1))
    cici = MemberFactory(group=group_a, code="B-003", full_name="Cici", joined_on=D(2024, 7, 1))
    dewi = MemberFactory(group=group_a, code="B-004", full_name="Dewi", joined_on=D(2023, 1, 1))
    save(ani, 1_000_000, actor=manager)
    save(butet, 500_000, actor=manager)
    save(cici, 300_000, actor=manager, date=D(YEAR, 7, 1))
    save(dewi, 200_000, actor=manager)
    for member, amount, term, paid in ((ani, 1_000_000, 10, 5), (butet, 500_000, 5, 5), (dewi, 300_000, 5, 5)):
        repay(lend(member, amount, actor=manager, term=term), paid, actor=manager)
    member_exit(member=dewi, date=D(YEAR, 9, 30), actor=manager)
    post_other_income(group=group_a, date=D(YEAR, 11, 5), amount=820_000, memo="Penjualan pupuk", actor=manager)
    dewi.refresh_from_db()
    return {"group": group_a, "ani": ani, "butet": butet, "cici": cici, "dewi": dewi}
