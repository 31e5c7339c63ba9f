"""The month-end loss reserve of every group, from the portfolio page, in the background (issues #13, #16).

Worked example (``build_loans`` in group A, POJK 62/2015 for an informal group, calendar months): at
30 June 2024 Yusnimar's loan (900,000 outstanding, unpaid since 15 March, more than 3 months) is
Diragukan, 50 % = Rp 450.000; Rosmaniar is current and Nurhayati 15 days late, both Lancar (0 %).
Group A's reserve is Rp 450.000, group B (no loans) Rp 0 with no entry.
"""
import datetime

import pytest

from books.models import EntryKind, JournalEntry
from jobs.models import Job
from loans import services
from loans.forms.provisions import recent_month_ends
from loans.models import LoanProvision
from reports.provision_jobs import MONTH_END_PROVISIONS, request_month_end_provisions
from tests.jobs.conftest import DATABASE_TASKS, work
from tests.jobs.helpers import job_of
from tests.reports.factories import build_loans

pytestmark = pytest.mark.django_db
D = datetime.date
JUNE, JULY = D(2024, 6, 30), D(2024, 7, 31)
PORTFOLIO = "/reports/portfolio/?start=2024-01-01&end=2024-06-30"
START = "/reports/portfolio/month-end/"


@pytest.fixture
def queued(settings):
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def loans(group_a, group_b, manager):
    return build_loans(group_a, manager)


def _standing(month):
    return {p.group.code: (p.required, p.amount) for p in LoanProvision.objects.filter(
        month=month, reversed_at__isnull=True).select_related("group")}


def _outcomes(job):
    from reports.provision_jobs import read_summary

    job.refresh_from_db()
    return {row["code"]: row["outcome"] for row in read_summary(job)["groups"]}


def test_a_manager_posts_every_group_from_the_portfolio_page(loans, login, users, group_a, group_b):
    client = login(users["manager"])
    page = client.get(PORTFOLIO).content.decode()
    assert f'action="{START}"' in page and "Posting cadangan akhir bulan semua kelompok" in page
    month = recent_month_ends()[0]
    job = job_of(client.post(START, {"month": month.isoformat()}))  # the answer is the job's page
    assert job.kind == MONTH_END_PROVISIONS and job.status == Job.Status.DONE and job.group is None
    result = client.get(f"/jobs/{job.pk}/")
    assert result.status_code == 302 and result.url == f"{START}{job.pk}/"
    page = client.get(result.url).content.decode()
    assert group_a.name in page and group_b.name in page and "Diposting" in page
    assert set(_standing(month)) == {group_a.code, group_b.code}
    assert _standing(month)[group_b.code] == (0, 0)


def test_the_worked_example_and_asking_again_posts_nothing_twice(loans, group_a, group_b, manager):
    services.loan_provision_post(group=group_a, month=JUNE, actor=manager)  # posted by hand from the page
    job = request_month_end_provisions(month=D(2024, 6, 10), actor=manager)  # any day of the month
    assert _outcomes(job) == {group_a.code: "already", group_b.code: "posted"}
    assert _standing(JUNE) == {group_a.code: (450_000, 450_000), group_b.code: (0, 0)}
    entries = JournalEntry.objects.filter(kind=EntryKind.LOAN_PROVISION).count()
    assert entries == 1  # group A's Rp 450.000; group B's zero posts no entry
    again = request_month_end_provisions(month=JUNE, actor=manager)
    assert again.pk != job.pk and _outcomes(again) == {group_a.code: "already", group_b.code: "already"}
    assert LoanProvision.objects.count() == 2
    assert JournalEntry.objects.filter(kind=EntryKind.LOAN_PROVISION).count() == entries


def test_a_refused_group_is_named_with_the_reason_and_the_others_go_on(loans, login, users, group_a, group_b,
                                                                      manager):
    services.loan_provision_post(group=group_a, month=JULY, actor=manager)
    job = request_month_end_provisions(month=JUNE, actor=manager)
    assert job.status == Job.Status.DONE
    assert _outcomes(job) == {group_a.code: "refused", group_b.code: "posted"}
    page = login(users["manager"]).get(f"{START}{job.pk}/").content.decode()
    assert "Ditolak" in page and "Juli 2024" in page  # months go in order: July is already posted
    assert set(_standing(JUNE)) == {group_b.code}


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_only_a_manager_may_ask_or_see_the_result(loans, login, users, manager, role):
    client = login(users[role])
    assert START not in client.get(PORTFOLIO).content.decode()
    assert client.post(START, {"month": recent_month_ends()[0].isoformat()}).status_code == 403
    assert not Job.objects.exists() and not LoanProvision.objects.exists()
    job = request_month_end_provisions(month=JUNE, actor=manager)
    assert client.get(f"{START}{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_bad_input_changes_nothing(loans, login, users):
    client = login(users["manager"])
    for month in ("", "2099-12-31", "bukan-tanggal"):
        response = client.post(START, {"month": month})
        assert response.status_code == 302 and response.url.startswith("/reports/portfolio/")
    assert client.get(START).status_code == 405
    assert client.get(f"{START}999999/").status_code == 404
    assert not Job.objects.exists() and not LoanProvision.objects.exists()


def test_asked_twice_while_waiting_is_one_job_and_it_shows_its_progress(queued, loans, group_a, group_b, manager,
                                                                       monkeypatch):
    from jobs import services as job_services

    first = request_month_end_provisions(month=JUNE, actor=manager)
    second = request_month_end_provisions(month=D(2024, 6, 1), actor=manager)
    assert first.pk == second.pk and first.status == Job.Status.PENDING
    steps, record = [], job_services.job_progress

    def progress(*, job_id, percent, step=""):
        steps.append((percent, str(step)))
        record(job_id=job_id, percent=percent, step=step)

    monkeypatch.setattr(job_services, "job_progress", progress)
    work()
    first.refresh_from_db()
    assert first.status == Job.Status.DONE and first.percent == 100
    names = sorted([group_a.name, group_b.name])
    assert [s for _p, s in steps][1:] == [f"Kelompok {n} dari 2: {name}" for n, name in enumerate(names, 1)]
    assert [p for p, _s in steps] == sorted(p for p, _s in steps) and steps[-1][0] == 95
    assert set(_standing(JUNE)) == {group_a.code, group_b.code}
