"""``manage.py loan_quality``: every open loan's days, months, class and reserve, on a small worked example.

Group Mawar (informal, so POJK 62/2015 by calendar months in 2024) disbursed two loans on
15 January 2024, Rp 1.000.000 each over 10 months: Nurhayati pays nothing, Rosna pays every
instalment when due. At 31 May 2024 Nurhayati is about 106 days late: three whole calendar months
and some days, so more than 3 months, Diragukan (50 % = Rp 500.000); under POJK 41/2024's days she
is Kurang lancar (15 % = Rp 150.000). Rosna is Lancar, 0 days, no reserve.
"""
import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from loans import services
from tests.factories import MemberFactory
from tests.loans.conftest import disburse_loan

AS_OF = datetime.date(2024, 5, 31)


@pytest.fixture
def two_loans(borrower, lgroup, officer):
    late = disburse_loan(borrower, officer)
    paying = disburse_loan(MemberFactory(group=lgroup, full_name="Rosna"), officer)
    for inst in paying.instalments.filter(due_date__lte=AS_OF).order_by("number"):
        services.loan_repay(loan=paying, amount=inst.total, date=inst.due_date, actor=officer)
    return late, paying


def _run(*args):
    out = StringIO()
    call_command("loan_quality", *args, stdout=out)
    return out.getvalue()


def test_json_lists_every_open_loan_under_the_groups_regime(two_loans):
    late, paying = two_loans
    first_due = late.instalments.order_by("number").first().due_date
    days = (AS_OF - first_due).days
    assert 92 < days <= 120  # more than three calendar months, not four
    paid = paying.instalments.filter(due_date__lte=AS_OF).count()
    rows = json.loads(_run("--as-of", "2024-05-31", "--format", "json"))
    assert rows == [
        {"loan": late.pk, "member": late.member.code, "group": "PDG-010", "regime": "pojk-62-2015",
         "days_past_due": days, "months_in_arrears": 3, "class": "diragukan", "outstanding": 1_000_000,
         "provision": 500_000},
        {"loan": paying.pk, "member": paying.member.code, "group": "PDG-010", "regime": "pojk-62-2015",
         "days_past_due": 0, "months_in_arrears": 0, "class": "lancar", "outstanding": 1_000_000 - paid * 100_000,
         "provision": 0},
    ]


def test_regime_option_classes_every_loan_under_it(two_loans):
    late, _ = two_loans
    rows = json.loads(_run("--as-of", "2024-05-31", "--group", "PDG-010", "--regime", "pojk-41-2024",
                           "--format", "json"))
    assert [(r["loan"], r["class"], r["provision"]) for r in rows][0] == (late.pk, "kurang_lancar", 150_000)
    assert {r["regime"] for r in rows} == {"pojk-41-2024"}


def test_table_has_a_total(two_loans):
    text = _run("--as-of", "2024-05-31")
    assert "diragukan" in text
    assert text.strip().splitlines()[-1].split()[-1] == "500.000"


def test_a_loan_before_disbursement_or_another_group_is_not_listed(two_loans):
    assert json.loads(_run("--as-of", "2024-01-14", "--format", "json")) == []


@pytest.mark.parametrize(("args", "message"), [
    (["--as-of", "31-05-2024"], "--as-of"),
    (["--as-of", "2024-02-30"], "--as-of"),
    (["--as-of", "1900-01-01"], "--as-of"),
    (["--as-of", "2024-05-31", "--regime", "pojk-99"], "--regime"),
    (["--as-of", "2024-05-31", "--group", "NOPE"], "--group"),
])
def test_bad_arguments_are_a_clear_command_error(db, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)
