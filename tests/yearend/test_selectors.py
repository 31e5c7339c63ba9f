"""The SHU of a book year per member, from the books and the members' rows, in exact Rupiah."""
import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_rules
from tests.yearend.scenarios import SHU_RULES, YEAR, D
from yearend.selectors import shu_distribution

pytestmark = pytest.mark.django_db


def by_code(distribution):
    return {s.member.code: (s.savings_basis, s.business_basis, s.jasa_modal, s.jasa_anggota, s.total, s.paid_as)
            for s in distribution.shares}


def test_reference_example_from_the_books(example):
    """indicators.md: Rosmaniar (loans 5.000.000, savings 2.000.000) receives 1.000.000 + 240.000."""
    d = shu_distribution(example["group"], YEAR)
    assert d.income_statement["income_total"] == 60_010_000 and d.income_statement["expense_total"] == 10_000
    assert d.surplus == 60_000_000
    assert d.pools == {"reserves": 24_000_000, "other_funds": 9_000_000, "jasa_anggota": 15_000_000,
                       "jasa_modal": 12_000_000}
    shares = by_code(d)
    assert shares["A-001"] == (2_000_000, 5_000_000, 240_000, 1_000_000, 1_240_000, "sukarela")
    assert all(shares[f"A-{i:03d}"][2:5] == (840_000, 1_000_000, 1_840_000) for i in range(2, 16))
    assert d.jasa_modal_total == 12_000_000 and d.jasa_anggota_total == 15_000_000 and d.undistributed == 0


def test_interest_paid_a_member_who_joined_mid_year_and_a_member_who_left(small):
    """Dewi left on 30 September: by default she shares nothing; Cici joined in July, counted at the year end.

    Jasa anggota 250.000 by interest 100.000 : 50.000 → 166.666,67 and 83.333,33: the Rupiah the
    floors leave goes to Ani. Jasa modal 200.000 by savings 1.000.000 : 500.000 : 300.000 →
    111.111,11 / 55.555,56 / 33.333,33: the Rupiah goes to Butet.
    """
    d = shu_distribution(small["group"], YEAR)
    assert d.surplus == 1_000_000
    assert d.pools == {"reserves": 400_000, "other_funds": 150_000, "jasa_anggota": 250_000, "jasa_modal": 200_000}
    assert by_code(d) == {
        "B-001": (1_000_000, 100_000, 111_111, 166_667, 277_778, "sukarela"),
        "B-002": (500_000, 50_000, 55_556, 83_333, 138_889, "sukarela"),
        "B-003": (300_000, 0, 33_333, 0, 33_333, "sukarela"),
    }
    assert [m.code for m in d.left_out] == ["B-004"]
    assert d.jasa_anggota_total == 250_000 and d.jasa_modal_total == 200_000


def test_a_member_who_left_shares_when_the_rules_say_so(small, manager):
    """With leavers sharing, Dewi counts with her savings the day she left (200.000) and her interest (30.000).

    Jasa modal 200.000 by 1.000.000 : 500.000 : 300.000 : 200.000 divides exactly; jasa anggota
    250.000 by 100.000 : 50.000 : 30.000 leaves 2 Rupiah for Ani (,89) and Dewi (,67). Her share is
    held as payable: she has no sukarela any more.
    """
    make_rules(small["group"], effective_from=D(YEAR, 12, 1), created_by=manager, **SHU_RULES,
               shu_leavers_share=True)
    shares = by_code(shu_distribution(small["group"], YEAR))
    assert shares == {
        "B-001": (1_000_000, 100_000, 100_000, 138_889, 238_889, "sukarela"),
        "B-002": (500_000, 50_000, 50_000, 69_444, 119_444, "sukarela"),
        "B-003": (300_000, 0, 30_000, 0, 30_000, "sukarela"),
        "B-004": (200_000, 30_000, 20_000, 41_667, 61_667, "payable"),
    }
    assert sum(s[4] for s in shares.values()) == 450_000


def test_principal_basis_and_all_savings_basis(small, manager):
    """Principal disbursed 1.000.000 : 500.000 (Dewi left); savings with sukarela: Ani also saved 200.000 sukarela."""
    from savings.services import savings_deposit

    savings_deposit(member=small["ani"], kind="sukarela", amount=200_000, date=D(YEAR, 6, 1), actor=manager)
    make_rules(small["group"], effective_from=D(YEAR, 12, 31), created_by=manager, **SHU_RULES,
               shu_jasa_anggota_basis="principal_disbursed", shu_jasa_modal_basis="all_savings")
    shares = by_code(shu_distribution(small["group"], YEAR))
    # jasa modal 200.000 by 1.200.000 : 500.000 : 300.000 = 120.000 / 50.000 / 30.000
    # jasa anggota 250.000 by 1.000.000 : 500.000 = 166.666,67 / 83.333,33
    assert {code: s[:4] for code, s in shares.items()} == {
        "B-001": (1_200_000, 1_000_000, 120_000, 166_667),
        "B-002": (500_000, 500_000, 50_000, 83_333),
        "B-003": (300_000, 0, 30_000, 0),
    }


def test_the_rules_in_force_on_31_december_decide(small, manager):
    """A version from 1 January of the next year does not change the year before; one from 31 December does."""
    change = {**SHU_RULES, "shu_reserve_pct": "55", "shu_other_funds_pct": "0"}
    make_rules(small["group"], effective_from=D(YEAR + 1, 1, 1), created_by=manager, **change)
    assert shu_distribution(small["group"], YEAR).pools["reserves"] == 400_000
    make_rules(small["group"], effective_from=D(YEAR, 12, 31), created_by=manager, **change)
    assert shu_distribution(small["group"], YEAR).pools == {"reserves": 550_000, "other_funds": 0,
                                                            "jasa_anggota": 250_000, "jasa_modal": 200_000}


def test_shares_not_summing_to_100_are_refused(small, manager):
    """Rules written around the service (an old import) with 110 %: the year end says so and computes nothing."""
    make_rules(small["group"], effective_from=D(YEAR, 12, 1), created_by=manager, **{**SHU_RULES,
                                                                                    "shu_reserve_pct": "50"})
    with pytest.raises(ValidationError) as exc:
        shu_distribution(small["group"], YEAR)
    assert exc.value.code == "shu_not_100"
    assert "110 %" in exc.value.messages[0]


def test_a_pool_without_any_business_stays_undistributed(group_a, manager):
    """Nobody borrowed: the 250.000 of jasa anggota cannot be shared and stays in SHU belum dibagi."""
    from books.services import post_other_income
    from tests.factories import MemberFactory
    from tests.yearend.scenarios import rules_for_example, save

    rules_for_example(group_a, manager)
    member = MemberFactory(group=group_a, code="C-001", joined_on=D(2023, 1, 1))
    save(member, 100_000, actor=manager)
    post_other_income(group=group_a, date=D(YEAR, 5, 1), amount=1_000_000, memo="Sewa tenda", actor=manager)
    d = shu_distribution(group_a, YEAR)
    assert d.undistributed == 250_000
    assert by_code(d)["C-001"][2:5] == (200_000, 0, 200_000)
