"""``groups_changed``: sent once a transaction, after it commits, naming every group its events changed."""
import pytest
from django.db import transaction

from audit.services import audit_record
from audit.signals import groups_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    received = []
    groups_changed.connect(lambda sender, group_ids, **kw: received.append(group_ids), weak=False,
                           dispatch_uid="tests.audit")
    yield received
    groups_changed.disconnect(dispatch_uid="tests.audit")


def record(actor, group):
    audit_record(actor=actor, action="tests.change", obj=group, group=group)


def test_many_events_of_one_transaction_send_one_signal_with_every_group(
        sent, manager, group_a, group_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for _ in range(16):  # a sheet: one event for each loan repaid, and one for the meeting
            record(manager, group_a)
        record(manager, group_b)
        assert sent == []  # nothing before the commit
    assert sent == [frozenset({group_a.pk, group_b.pk})]


def test_a_rolled_back_savepoint_drops_its_groups_and_keeps_the_others(
        sent, manager, group_a, group_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(manager, group_a)
        try:
            with transaction.atomic():
                record(manager, group_b)
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        record(manager, group_a)
    assert sent == [frozenset({group_a.pk})]


def test_a_savepoint_kept_sends_its_groups_with_the_transaction(
        sent, manager, group_a, group_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with transaction.atomic():
            record(manager, group_b)
        record(manager, group_a)
    assert sorted(group for ids in sent for group in ids) == sorted([group_a.pk, group_b.pk])


def test_a_rolled_back_transaction_sends_nothing(sent, manager, group_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(manager, group_a)
        transaction.set_rollback(True)
    assert sent == []
