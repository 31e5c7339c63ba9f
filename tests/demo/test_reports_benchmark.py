"""The benchmark command runs every measured page and prints its time and query count."""
import io

import pytest
from django.core.management import CommandError, call_command

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_benchmark_prints_each_page(manager, group_a):
    MemberFactory.create_batch(3, group=group_a)
    out = io.StringIO()
    call_command("reports_benchmark", "--runs", "2", stdout=out)
    text = out.getvalue()
    for label in ("manager dashboard", "indicators, all groups", "one member statement PDF",
                  "group statements PDF (3 members)"):
        assert label in text
    assert text.count(" cold ") == 5 and text.count("warm median") == 5
    assert "load average" in text


def test_benchmark_times_the_first_view_after_a_change_apart(manager, group_a):
    MemberFactory.create_batch(2, group=group_a)
    out = io.StringIO()
    call_command("reports_benchmark", "--runs", "2", "--after-change", "--only", "dashboard", stdout=out)
    lines = out.getvalue().splitlines()
    assert "warm median" in lines[1] and "after a change in one group" in lines[2] and "(min " in lines[2]
    assert "warmed by the worker" in lines[3] and "the warming took" in lines[3]


def test_benchmark_needs_a_warm_run(manager, group_a):
    MemberFactory.create_batch(2, group=group_a)
    with pytest.raises(CommandError, match="--runs 2"):
        call_command("reports_benchmark", "--runs", "1", stdout=io.StringIO())


def test_benchmark_needs_data(db):
    with pytest.raises(CommandError):
        call_command("reports_benchmark", "--runs", "2", stdout=io.StringIO())


def test_benchmark_times_the_rat_package_of_the_last_book_year(manager, group_a):
    from tests.yearend.scenarios import build_small

    build_small(group_a, manager)
    out = io.StringIO()
    call_command("reports_benchmark", "--runs", "2", stdout=out)
    text = out.getvalue()
    assert "RAT package 2025 " in text and "RAT package 2025 PDF" in text and text.count(" cold ") == 7
