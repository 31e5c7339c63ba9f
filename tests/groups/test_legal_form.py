"""The LKP's legal form over time: a change from a date keeps the form before (groups.services.legal_form_change)."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from core.dates import today
from groups import services
from groups.legal_forms import LegalFormChange
from groups.models import Group
from groups.selectors import legal_form_by_day, legal_form_on, legal_forms_on

pytestmark = pytest.mark.django_db
D = datetime.date
KSP_FROM = D(2026, 3, 1)


def test_a_change_keeps_the_form_before_it(group_a, manager):
    change = services.legal_form_change(group=group_a, legal_form="ksp", effective_from=KSP_FROM, actor=manager,
                                        decision_note="Akta koperasi No. 12, disahkan 1 Maret 2026")
    group_a.refresh_from_db()
    assert (change.previous_form, change.legal_form, group_a.legal_form) == ("informal", "ksp", "ksp")
    assert legal_form_on(group_a, D(2026, 2, 28)) == "informal"  # the day before
    assert legal_form_on(group_a, KSP_FROM) == "ksp"  # the day itself
    assert legal_forms_on([group_a.pk], D(2026, 2, 28)) == {group_a.pk: "informal"}
    assert legal_forms_on([group_a.pk], KSP_FROM) == {group_a.pk: "ksp"}
    event = AuditEvent.objects.get(action="group.legal_form_change")
    assert event.data == {"from": "informal", "to": "ksp", "effective_from": "2026-03-01"}
    # Then an LKM from 1 July: each day reads the form then.
    services.legal_form_change(group=group_a, legal_form="lkm", effective_from=D(2026, 7, 1), actor=manager)
    assert [legal_form_on(group_a, d) for d in (D(2026, 2, 28), D(2026, 6, 30), D(2026, 7, 1))] == [
        "informal", "ksp", "lkm"]
    group_a.refresh_from_db()
    form_on = legal_form_by_day(group_a)  # the same, read once for many days (the month-end batch)
    days = [D(2026, 2, 28), KSP_FROM, D(2026, 6, 30), D(2026, 7, 1), D(2026, 12, 31)]
    assert [form_on(d) for d in days] == [legal_form_on(group_a, d) for d in days] == [
        "informal", "ksp", "ksp", "lkm", "lkm"]


def test_a_group_that_never_changed_reads_its_form(group_a):
    assert legal_form_on(group_a, D(2020, 1, 1)) == legal_form_on(group_a, today()) == "informal"


@pytest.mark.parametrize("values, code", [
    ({"legal_form": "informal", "effective_from": KSP_FROM}, "legal_form_same"),
    ({"legal_form": "bank", "effective_from": KSP_FROM}, "legal_form_unknown"),
    ({"legal_form": "lkm", "effective_from": D(2026, 2, 1)}, "legal_form_not_after_latest"),
    ({"legal_form": "lkm", "effective_from": KSP_FROM}, "legal_form_not_after_latest"),
])
def test_refusals_change_nothing(group_a, manager, values, code):
    if code == "legal_form_not_after_latest":
        services.legal_form_change(group=group_a, legal_form="ksp", effective_from=KSP_FROM, actor=manager)
    before = LegalFormChange.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.legal_form_change(group=group_a, actor=manager, **values)
    assert [e.code for errors in exc.value.error_dict.values() for e in errors] == [code]
    assert LegalFormChange.objects.count() == before


def test_no_change_in_the_future_or_in_a_closed_year(group_a, manager):
    with pytest.raises(ValidationError):
        services.legal_form_change(group=group_a, legal_form="ksp", effective_from=today() + datetime.timedelta(days=1),
                                   actor=manager)
    Group.objects.filter(pk=group_a.pk).update(books_closed_through=D(2025, 12, 31))
    with pytest.raises(ValidationError) as exc:
        services.legal_form_change(group=group_a, legal_form="ksp", effective_from=D(2025, 12, 31), actor=manager)
    assert exc.value.error_dict["effective_from"][0].code == "period_closed"
    assert not LegalFormChange.objects.exists()


def test_the_group_form_records_a_change_from_today(group_a, manager):
    services.group_update(actor=manager, group=group_a, legal_form="ksp")
    change = LegalFormChange.objects.get()
    assert (change.effective_from, change.previous_form, change.legal_form) == (today(), "informal", "ksp")
    assert legal_form_on(group_a, today() - datetime.timedelta(days=1)) == "informal"


def test_the_page_records_it_for_a_manager_only(login, users, group_a, group_b):
    url = f"/groups/{group_a.pk}/legal-form/new/"
    payload = {"legal_form": "ksp", "effective_from": "2026-03-01", "decision_note": "Akta No. 12"}
    assert login(users["pendamping1"]).post(url, payload).status_code == 403
    assert login(users["pendamping2"]).get(url).status_code == 404  # not her group
    client = login(users["manager"])
    assert client.get(url).status_code == 200
    bad = client.post(url, {**payload, "legal_form": "informal"})
    assert bad.status_code == 200 and "legal_form" in bad.context["form"].errors
    assert client.post(url, payload).status_code == 302
    detail = client.get(f"/groups/{group_a.pk}/").content.decode()
    assert "Akta No. 12" in detail
    assert LegalFormChange.objects.get().effective_from == KSP_FROM
