"""Her statement shows the SHU held for her and each cash payout (issue #14's payable shares).

The small year (tests/yearend/scenarios.py) with shu_paid_as = payable: the RAT of 15 Februari 2025
holds Rp 238.889 for Ani; she is paid Rp 200.000 on 10 Maret 2025, so Rp 38.889 is still owed.
"""
import pytest

from reports.selectors.statement import member_statements
from reports.statement_print import printed_statement
from tests.factories import make_rules
from tests.yearend.scenarios import RAT, SHU_RULES, YEAR, D, build_small
from yearend.services import shu_payout, year_end_post, year_end_reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(group_a, manager):
    small = build_small(group_a, manager)
    make_rules(group_a, effective_from=D(YEAR, 12, 1), created_by=manager, **SHU_RULES,
               shu_paid_as="payable", shu_leavers_share=True)
    year_end = year_end_post(group=group_a, year=YEAR, decided_on=RAT, agreed_by="RAT: 4 dari 4 hadir", actor=manager)
    shu_payout(year_end=year_end, member=small["ani"], amount=200_000, paid_on=D(2025, 3, 10), actor=manager,
               idempotency_key="form-1")
    return {**small, "year_end": year_end}


def test_the_share_held_and_the_payout_show_with_what_is_still_owed(held):
    ani, butet = held["ani"], held["butet"]
    mine, hers = member_statements([ani, butet], start=D(2025, 1, 1), end=D(2025, 3, 31))
    assert [(r["date"], r["label"], r["amount"]) for r in mine.shu_rows] == [
        (D(2025, 2, 15), "SHU 2024 ditahan untuknya", 238_889),
        (D(2025, 3, 10), "SHU 2024 dibayarkan kepadanya", -200_000)]
    assert mine.shu_owed == 38_889
    assert [r["amount"] for r in hers.shu_rows] == [119_444] and hers.shu_owed == 119_444


def test_a_later_period_shows_only_what_is_still_owed(held):
    (later,) = member_statements([held["ani"]], start=D(2025, 4, 1), end=D(2025, 6, 30))
    assert later.shu_rows == [] and later.shu_owed == 38_889
    (before,) = member_statements([held["ani"]], start=D(2024, 7, 1), end=D(2025, 2, 14))
    assert before.shu_rows == [] and before.shu_owed == 0


def test_a_payout_after_the_period_is_not_yet_counted(held):
    (mine,) = member_statements([held["ani"]], start=D(2025, 1, 1), end=D(2025, 3, 9))
    assert [r["amount"] for r in mine.shu_rows] == [238_889] and mine.shu_owed == 238_889


def test_the_printed_statement_carries_the_section(held):
    (mine,) = member_statements([held["ani"]], start=D(2025, 1, 1), end=D(2025, 3, 31))
    printed = printed_statement(mine)
    text = "\n".join(part for _, part in printed.shu.parts)
    assert "SHU 2024 dibayarkan kepadanya" in text and "-Rp 200.000" in text
    assert printed.shu.parts[-1] == ("total", printed.shu.parts[-1][1]) and "Rp 38.889" in printed.shu.parts[-1][1]


def test_the_statement_page_shows_it(held, client, manager):
    client.force_login(manager)
    page = client.get(f"/reports/members/{held['ani'].pk}/statement/", {"start": "2025-01-01", "end": "2025-03-31"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "SHU 2024 dibayarkan kepadanya" in html
    assert "Rp 38.889" in html


def test_a_reversed_year_end_shows_nothing(group_a, manager):
    small = build_small(group_a, manager)
    make_rules(group_a, effective_from=D(YEAR, 12, 1), created_by=manager, **SHU_RULES,
               shu_paid_as="payable", shu_leavers_share=True)
    year_end = year_end_post(group=group_a, year=YEAR, decided_on=RAT, agreed_by="RAT: 4 dari 4 hadir", actor=manager)
    (held,) = member_statements([small["ani"]], start=D(2025, 1, 1), end=D(2025, 3, 31))
    assert held.shu_owed == 238_889
    year_end_reverse(year_end=year_end, actor=manager, reason="Persentase salah")
    (after,) = member_statements([small["ani"]], start=D(2025, 1, 1), end=D(2025, 3, 31))
    assert (after.shu_rows, after.shu_owed) == ([], 0)
