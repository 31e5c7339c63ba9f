"""Every kind of object in ``group_b`` (pendamping2's group), for the attack tests to aim at.

``pendamping1`` and ``bendahara1`` (``group_a``) must never reach any of them; the manager reaches all.
"""
import datetime
import re
import uuid

import pytest
from django.urls import URLResolver, get_resolver

from books import services as books
from core.dates import today
from imports.services import import_check
from loans import services as loans
from loans.forms.provisions import recent_month_ends
from meetings.models import Meeting
from meetings.services import meeting_record
from reports.jobs import request_member_statements
from reports.provision_jobs import request_month_end_provisions
from reports.selectors.scope import Period
from savings.services import savings_deposit
from sheet.services import sheet_submit
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES, disburse_loan

MARKERS = ("Garuda Metro", "Darmawati Unik")  # group_b's name and its member's: never on group_a's pages


def ago(days):
    return today() - datetime.timedelta(days=days)


@pytest.fixture
def world(group_a, group_b, manager, pendamping1, pendamping2, bendahara1):
    make_rules(group_b, effective_from=datetime.date(2021, 1, 1), created_by=manager, **OPEN_RULES)
    member = MemberFactory(group=group_b, full_name="Darmawati Unik", joined_on=datetime.date(2020, 1, 1))
    borrower = MemberFactory(group=group_b, full_name="Darmawati Unik Dua", joined_on=datetime.date(2020, 1, 1))
    meeting = meeting_record(group=group_b, actor=pendamping2, date=datetime.date(2024, 5, 14),
                             type=Meeting.Type.ROUTINE)
    sheet_submit(meeting=meeting, actor=pendamping2, submission_id=uuid.uuid4(), cash_counted=50_000,
                 rows={member.pk: {"attendance": "present", "pokok": 50_000},
                       borrower.pk: {"attendance": "present"}})
    txn = savings_deposit(member=member, kind="sukarela", amount=500_000, date=ago(70), actor=manager)
    entry = books.post_expense(group=group_b, date=ago(10), amount=15_000, memo="Teh Darmawati Unik", actor=manager)
    loan = disburse_loan(borrower, manager, date=ago(70))
    cover = loans.loan_cover(loan=loan, amount=20_000, date=ago(5), actor=manager)
    repayment = loans.loan_repay(loan=loan, amount=50_000, date=ago(3), actor=manager)
    run = import_check(kind="regions", file_name="r.csv", content=b"Kode wilayah,Nama wilayah,Tingkat\nX,Y,z\n",
                       actor=manager)
    job = request_member_statements(group=group_b, period=Period(ago(30), today()), paper="A4", actor=pendamping2)
    month_end = request_month_end_provisions(month=recent_month_ends()[0], actor=manager)  # a job of no group
    return {"group": group_b, "member": member, "job": job, "month_end": month_end,
            "txn": txn, "entry": entry, "loan": loan, "cover": cover,
            "repayment": repayment, "meeting": meeting, "meeting_txn": meeting.savings_transactions.first(),
            "run": run, "income": "income", "members": "members",
            "planned": (today() + datetime.timedelta(days=20)).isoformat(), "year": "2024"}


# What each URL parameter names, by the route up to it. A new URL whose parameter is not here
# fails the scope test until it is added: every new view is then attacked too.
FILL = {
    "groups/<int:pk>": "group", "members/<int:pk>": "member", "savings/members/<int:pk>": "member",
    "savings/transactions/<int:pk>": "txn", "savings/groups/<int:pk>": "group", "books/groups/<int:pk>": "group",
    "books/groups/<int:pk>/record/<slug:kind>": "income", "books/entries/<int:pk>": "entry",
    "loans/member/<int:member_pk>": "member", "loans/group/<int:group_pk>": "group", "loans/<int:pk>": "loan",
    "loans/payments/<int:pk>": "repayment", "loans/covers/<int:pk>": "cover", "meetings/group/<int:group_pk>": "group",
    "meetings/<int:pk>": "meeting", "meetings/<int:pk>/savings/<int:txn_pk>": "meeting_txn",
    "meetings/group/<int:group_pk>/planned/<str:date>": "planned",
    "reports/groups/<int:pk>": "group", "reports/members/<int:pk>": "member", "imports/<int:pk>": "run",
    "imports/template/<slug:kind>": "members", "jobs/<int:pk>": "job", "imports/export/<slug:kind>": "members",
    "reports/groups/<int:pk>/rat/<int:year>": "year", "year-end/groups/<int:pk>": "group",
    "year-end/groups/<int:pk>/<int:year>": "year", "reports/portfolio/month-end/<int:pk>": "month_end",
}
NOT_WALKED = ("admin/", "i18n/", "logout/")  # the admin has its own permissions; these only redirect


def url_patterns(patterns=None, prefix=""):
    """Yield (route, name) of every URL pattern of the project outside NOT_WALKED."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern)
        if route.startswith(NOT_WALKED):
            continue
        if isinstance(p, URLResolver):
            yield from url_patterns(p.url_patterns, route)
        else:
            yield route, p.name


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def fill(route, world):
    """Return ``route`` with each parameter replaced by the id of the ``world`` object it names (or None)."""
    out, last = "", 0
    for m in PARAM.finditer(route):
        kind = FILL.get(route[:m.end()])
        if kind is None:
            return None
        value = world[kind]
        out += route[last:m.start()] + (str(value.pk) if hasattr(value, "pk") else value)
        last = m.end()
    return "/" + out + route[last:]


def has_params(route):
    return bool(PARAM.search(route))
