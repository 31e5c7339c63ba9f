"""Eligibility: each rule passing and failing, the ceiling, and the Indonesian explanations."""
import dataclasses
from decimal import Decimal

from django.utils import translation

from groups.rules import GroupRules
from loans.eligibility import (
    ACTIVE_MEMBER,
    ATTENDANCE,
    CEILING,
    CONCURRENT,
    MEMBERSHIP,
    NO_ARREARS,
    WAJIB_CURRENT,
    EligibilityFacts,
    ceiling_for,
    evaluate,
)

GOOD = EligibilityFacts(
    months_of_membership=14, attended=10, meetings_considered=12, savings_total=1_500_000,
    wajib_arrears=0, loans_in_arrears=0, active_loans=0, is_active_member=True,
)


def _rules(**overrides):
    """Return an unsaved rules version with the model defaults (attendance 75 %, ceiling 5 juta...)."""
    return GroupRules(**overrides)


def _check(result, key):
    return next(check for check in result.checks if check.key == key)


def _with(**changes):
    return dataclasses.replace(GOOD, **changes)


def test_a_participating_member_is_eligible_up_to_the_ceiling():
    result = evaluate(GOOD, _rules())
    assert result.eligible and not result.failed
    assert result.max_amount == 5_000_000
    assert [c.key for c in result.checks] == [ACTIVE_MEMBER, MEMBERSHIP, ATTENDANCE, WAJIB_CURRENT, NO_ARREARS,
                                              CONCURRENT, CEILING]


def test_attendance_message_in_indonesian_pass_and_fail():
    passed = _check(evaluate(GOOD, _rules()), ATTENDANCE)
    assert passed.passed
    assert passed.message == "Hadir 10 dari 12 pertemuan terakhir (83 %) — minimal 75 %"
    failed = _check(evaluate(_with(attended=8), _rules()), ATTENDANCE)
    assert not failed.passed
    assert failed.message == "Hadir 8 dari 12 pertemuan terakhir (67 %) — minimal 75 %"


def test_attendance_compares_the_exact_rate_not_the_rounded_one():
    # 2 of 3 = 66.67 %, shown as 67 %, is still below a 66.7 % minimum... and above 66.6 %.
    facts = _with(attended=2, meetings_considered=3)
    assert not _check(evaluate(facts, _rules(loan_min_attendance_rate=Decimal("66.7"))), ATTENDANCE).passed
    check = _check(evaluate(facts, _rules(loan_min_attendance_rate=Decimal("66.6"))), ATTENDANCE)
    assert check.passed
    assert check.message == "Hadir 2 dari 3 pertemuan terakhir (67 %) — minimal 66,6 %"


def test_attendance_without_any_meeting_fails_unless_no_minimum():
    facts = _with(attended=0, meetings_considered=0)
    check = _check(evaluate(facts, _rules()), ATTENDANCE)
    assert not check.passed
    assert check.message == "Belum ada pertemuan tercatat — kehadiran minimal 75 %"
    assert _check(evaluate(facts, _rules(loan_min_attendance_rate=Decimal("0"))), ATTENDANCE).passed


def test_minimum_months_of_membership():
    check = _check(evaluate(_with(months_of_membership=2), _rules(loan_min_membership_months=3)), MEMBERSHIP)
    assert not check.passed
    assert check.message == "Anggota selama 2 bulan — minimal 3 bulan"
    assert _check(evaluate(_with(months_of_membership=3), _rules(loan_min_membership_months=3)), MEMBERSHIP).passed


def test_active_membership():
    result = evaluate(_with(is_active_member=False), _rules())
    check = _check(result, ACTIVE_MEMBER)
    assert not check.passed and check.message == "Bukan anggota aktif"
    assert not result.eligible and result.max_amount == 0
    assert _check(evaluate(GOOD, _rules()), ACTIVE_MEMBER).message == "Anggota aktif"


def test_wajib_must_be_up_to_date_when_the_rules_say_so():
    check = _check(evaluate(_with(wajib_arrears=20_000), _rules()), WAJIB_CURRENT)
    assert not check.passed
    assert check.message == "Tunggakan simpanan wajib Rp 20.000 — harus lunas"
    assert _check(evaluate(GOOD, _rules()), WAJIB_CURRENT).message == "Simpanan wajib lancar"
    relaxed = _check(evaluate(_with(wajib_arrears=20_000), _rules(loan_require_wajib_current=False)), WAJIB_CURRENT)
    assert relaxed.passed and relaxed.message == "Tidak disyaratkan oleh aturan kelompok"


def test_no_arrears_on_another_loan_when_the_rules_say_so():
    check = _check(evaluate(_with(loans_in_arrears=1, active_loans=1), _rules(loan_max_concurrent=2)), NO_ARREARS)
    assert not check.passed
    assert check.message == "1 pinjaman lain menunggak — tidak boleh ada tunggakan"
    assert _check(evaluate(GOOD, _rules()), NO_ARREARS).message == "Tidak ada tunggakan pinjaman lain"
    relaxed = evaluate(_with(loans_in_arrears=1, active_loans=1), _rules(loan_require_no_arrears=False,
                                                                        loan_max_concurrent=2))
    assert _check(relaxed, NO_ARREARS).passed and relaxed.eligible


def test_how_many_loans_at_once():
    check = _check(evaluate(_with(active_loans=1), _rules(loan_max_concurrent=1)), CONCURRENT)
    assert not check.passed
    assert check.message == "1 pinjaman berjalan — maksimal 1 sekaligus"
    assert _check(evaluate(_with(active_loans=1), _rules(loan_max_concurrent=2)), CONCURRENT).passed


def test_ceiling_is_the_lower_of_the_limit_and_the_savings_multiple():
    rules = _rules(loan_max_amount=5_000_000, loan_max_savings_multiple=Decimal("3.00"))
    result = evaluate(GOOD, rules)
    assert result.max_amount == 4_500_000 == result.ceiling
    assert _check(result, CEILING).message == (
        "Plafon Rp 4.500.000: terendah dari batas kelompok Rp 5.000.000 dan 3 × simpanan Rp 1.500.000"
    )
    rich = evaluate(_with(savings_total=2_000_000), rules)
    assert rich.max_amount == 5_000_000
    assert _check(evaluate(GOOD, _rules()), CEILING).message == "Plafon Rp 5.000.000 (batas kelompok)"


def test_savings_multiple_is_floored_to_the_rupiah():
    assert ceiling_for(333_333, _rules(loan_max_savings_multiple=Decimal("1.5"))) == 499_999


def test_no_savings_under_a_savings_multiple_means_no_loan():
    result = evaluate(_with(savings_total=0), _rules(loan_max_savings_multiple=Decimal("2")))
    assert not _check(result, CEILING).passed
    assert not result.eligible and result.max_amount == 0


def test_a_failed_rule_keeps_the_ceiling_for_display_but_allows_nothing():
    result = evaluate(_with(months_of_membership=1), _rules())
    assert [c.key for c in result.failed] == [MEMBERSHIP]
    assert result.ceiling == 5_000_000 and result.max_amount == 0


def test_messages_follow_the_active_language():
    with translation.override("en"):
        check = _check(evaluate(GOOD, _rules()), ATTENDANCE)
    assert check.message == "Attended 10 of the last 12 meetings (83 %) — minimum 75 %"
