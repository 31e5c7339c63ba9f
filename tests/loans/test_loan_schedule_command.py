"""The loan_schedule command: JSON of integers, a readable table with totals, clear errors."""
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _run(*args):
    out = StringIO()
    call_command("loan_schedule", *args, stdout=out)
    return out.getvalue()


def test_json_is_a_list_of_integer_instalments():
    rows = json.loads(_run("--principal", "12000", "--rate", "2", "--term", "4", "--method", "annuity",
                           "--format", "json"))
    assert rows == [
        {"number": 1, "principal": 2911, "interest": 240, "total": 3151, "balance": 9089},
        {"number": 2, "principal": 2969, "interest": 182, "total": 3151, "balance": 6120},
        {"number": 3, "principal": 3029, "interest": 122, "total": 3151, "balance": 3091},
        {"number": 4, "principal": 3091, "interest": 62, "total": 3153, "balance": 0},
    ]


def test_json_with_rounding_and_grace():
    rows = json.loads(_run("--principal", "1200000", "--rate", "2", "--term", "6", "--method", "declining",
                           "--rounding", "1000", "--grace", "2", "--format", "json"))
    assert [r["principal"] for r in rows] == [0, 0, 300_000, 300_000, 300_000, 300_000]
    assert [r["interest"] for r in rows] == [24_000, 24_000, 24_000, 18_000, 12_000, 6_000]


def test_table_shows_every_instalment_and_the_totals():
    text = _run("--principal", "1000000", "--rate", "2", "--term", "10", "--method", "flat")
    lines = text.splitlines()
    assert lines[0] == "Pinjaman Rp 1.000.000, bunga 2 % per bulan, 10 bulan, Bunga flat, pembulatan 1, " \
                       "masa tenggang 0 bulan"
    assert lines[1].split() == ["No.", "Pokok", "Bunga", "Angsuran", "Sisa", "pokok"]
    assert lines[3].split() == ["1", "100.000", "20.000", "120.000", "900.000"]
    assert lines[12].split() == ["10", "100.000", "20.000", "120.000", "0"]
    assert lines[-1].split() == ["Total", "1.000.000", "200.000", "1.200.000"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--principal", "-5", "--rate", "2", "--term", "10", "--method", "flat"],
         "--principal: Jumlah pinjaman harus bilangan bulat Rupiah lebih dari 0."),
        (["--principal", "1000000", "--rate", "2", "--term", "0", "--method", "flat"],
         "--term: Jangka waktu harus bilangan bulat bulan dari 1 sampai 360."),
        (["--principal", "1000000", "--rate", "2", "--term", "6", "--method", "flat", "--grace", "6"],
         "--grace: Masa tenggang (6 bulan) harus lebih pendek dari jangka waktu (6 bulan)."),
        (["--principal", "1000000", "--rate", "dua", "--term", "6", "--method", "flat"],
         "--rate: Suku bunga harus berupa persen per bulan dari 0 sampai 100."),
        (["--principal", "1000000", "--rate", "2", "--term", "6", "--method", "balloon"], "invalid choice"),
        (["--principal", "1000000", "--rate", "2", "--method", "flat"], "--term"),
    ],
)
def test_bad_arguments_raise_a_clear_command_error(args, expected):
    with pytest.raises(CommandError) as exc:
        _run(*args)
    assert expected in str(exc.value)
