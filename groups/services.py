"""Writes for groups: the group itself, rule versions, officers and field-officer assignments."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.dates import today
from core.inputs import EARLIEST_FOUNDING, check_date
from core.inputs import field_error as _field_error

from .legal_forms import LegalFormChange
from .models import FieldOfficerAssignment, Group, GroupOfficer
from .periods import check_open
from .regimes import LegalForm
from .rules import GroupRules

# What the group's own form may change; rules, officers and assignments have services of their own.
GROUP_FIELDS = ("code", "name", "region", "village", "address", "founded_on", "lkp_founded_on", "status",
                "legal_form", "meeting_week", "meeting_weekday", "meeting_place")


def _check_group_fields(values):
    unknown = set(values) - set(GROUP_FIELDS)
    if unknown:
        raise ValueError(f"not a group field: {', '.join(sorted(unknown))}")
    for field in ("founded_on", "lkp_founded_on"):
        check_date(values.get(field), field=field, earliest=EARLIEST_FOUNDING, future=False)


@transaction.atomic
def group_create(*, actor, **values):
    """Create a group from ``values`` (fields of :data:`GROUP_FIELDS`) and return it.

    Its chart of accounts is seeded by ``books.signals`` in the same transaction.
    """
    _check_group_fields(values)
    group = Group(**values)
    group.full_clean()
    group.save()
    audit_record(actor=actor, action="group.create", obj=group, group=group, data={"code": group.code})
    return group


@transaction.atomic
def group_update(*, actor, group, **values):
    """Change the group's own fields (of :data:`GROUP_FIELDS`) and return it; one audit event names them.

    Its region decides the district every report counts it in, so the event is what tells
    ``core.cache`` that cached figures are stale.
    """
    _check_group_fields(values)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if "legal_form" in values and values["legal_form"] != group.legal_form:
        # A new legal form is a change from today, kept with the form before (legal_form_change).
        _record_legal_form(group=group, legal_form=values.pop("legal_form"), effective_from=today(), actor=actor)
    changed = sorted(f for f, v in values.items() if getattr(group, f) != v)
    for field, value in values.items():
        setattr(group, field, value)
    group.full_clean()
    if changed:
        group.save(update_fields=changed)
        audit_record(actor=actor, action="group.update", obj=group, group=group, data={"changed": changed})
    return group


@transaction.atomic
def legal_form_change(*, group, legal_form, effective_from, actor, decision_note=""):
    """Record that the LKP has the legal form ``legal_form`` from ``effective_from`` (today or earlier).

    The form before is kept on the change, so loan quality on an earlier day still reads the regime
    of the form then (``groups.selectors.legal_form_on``). Changes go in date order, one a day, never
    in a closed year (its provisions and RAT package were made under the form then).
    """
    check_date(effective_from, field="effective_from", future=False)
    group = Group.objects.select_for_update().get(pk=group.pk)
    return _record_legal_form(group=group, legal_form=legal_form, effective_from=effective_from, actor=actor,
                              decision_note=decision_note)


def _record_legal_form(*, group, legal_form, effective_from, actor, decision_note=""):
    """Write the change of ``group`` (its row locked by the caller) and its new form; return the change."""
    if legal_form not in LegalForm.values:
        raise _field_error("legal_form", _("Choose one of the legal forms."), "legal_form_unknown")
    if legal_form == group.legal_form:
        raise _field_error("legal_form", _("The LKP already has this legal form."), "legal_form_same")
    latest = LegalFormChange.objects.filter(group=group).order_by("-effective_from").first()
    if latest and effective_from <= latest.effective_from:
        raise _field_error("effective_from", _("The change must come after the last change of legal form "
                                               "(%(date)s).") % {"date": date_format(latest.effective_from)},
                           "legal_form_not_after_latest")
    check_open(effective_from, group.books_closed_through, field="effective_from")
    change = LegalFormChange.objects.create(group=group, effective_from=effective_from,
                                            previous_form=group.legal_form, legal_form=legal_form,
                                            decision_note=(decision_note or "").strip(), created_by=actor)
    group.legal_form = legal_form
    group.save(update_fields=["legal_form"])
    audit_record(actor=actor, action="group.legal_form_change", obj=change, group=group,
                 data={"from": change.previous_form, "to": legal_form, "effective_from": effective_from.isoformat()})
    return change


@transaction.atomic
def rules_add_version(*, group, actor, effective_from, allow_past=False, decision_note="", **values):
    """Create a new rules version for ``group`` from ``effective_from``; never change an old one.

    A version may not start before today (that would rewrite what was already due) unless
    ``allow_past`` is set by an import or the demo seeding, and never on or before the latest
    existing version's date.
    """
    check_date(effective_from, field="effective_from")
    Group.objects.select_for_update().get(pk=group.pk)
    latest = GroupRules.objects.filter(group=group).order_by("-effective_from").first()
    if latest and effective_from <= latest.effective_from:
        raise ValidationError(
            _("The new rules must start after the current version (%(date)s).")
            % {"date": latest.effective_from.strftime("%d/%m/%Y")},
            code="rules_not_after_latest",
        )
    if not allow_past and effective_from < today():
        raise ValidationError(
            _("New rules cannot start in the past; history is never rewritten."), code="rules_in_past"
        )
    base = latest.copy_fields() if latest else {}
    base.update(values)
    rules = GroupRules(group=group, effective_from=effective_from, created_by=actor, decision_note=decision_note,
                       **base)
    rules.full_clean()
    if rules.shu_total_pct != 100:
        raise ValidationError(
            _("The SHU shares must add up to 100 %% (now %(total)s %%).") % {"total": rules.shu_total_pct},
            code="shu_not_100",
        )
    if not rules.allowed_terms:
        raise ValidationError(_("Give at least one allowed loan term in months."), code="no_terms")
    rules.save()
    audit_record(actor=actor, action="rules.add_version", obj=rules, group=group,
                 data={"effective_from": effective_from.isoformat()})
    return rules


@transaction.atomic
def assignment_start(*, group, officer, start, actor):
    """Assign ``officer`` to ``group`` from ``start``, ending any open assignment the day before."""
    if not officer.is_field_officer:
        raise ValidationError(_("Only a field officer can be assigned to a group."), code="not_field_officer")
    check_date(start, field="start")
    Group.objects.select_for_update().get(pk=group.pk)
    open_ones = FieldOfficerAssignment.objects.filter(group=group, end__isnull=True)
    for a in open_ones:
        if a.start >= start:
            raise ValidationError(_("The new assignment must start after the current one."), code="overlap")
        a.end = start - datetime.timedelta(days=1)
        a.save(update_fields=["end"])
    assignment = FieldOfficerAssignment.objects.create(group=group, officer=officer, start=start)
    audit_record(actor=actor, action="group.assign_officer", obj=assignment, group=group,
                 data={"officer": officer.username, "start": start.isoformat()})
    return assignment


@transaction.atomic
def officer_appoint(*, group, member, role, start, actor):
    """Record ``member`` as the group's ``role`` from ``start``; the previous holder's term ends the day before."""
    check_date(start, field="start")
    Group.objects.select_for_update().get(pk=group.pk)
    if member.group_id != group.pk or member.exited_on:
        raise ValidationError(_("Only an active member of this group can be an officer."), code="not_member")
    current = GroupOfficer.objects.filter(group=group, role=role, end__isnull=True)
    for officer in current:
        if officer.start >= start:
            raise ValidationError(_("The new term must start after the current one."), code="overlap")
        officer.end = start - datetime.timedelta(days=1)
        officer.save(update_fields=["end"])
    officer = GroupOfficer.objects.create(group=group, member=member, role=role, start=start)
    audit_record(actor=actor, action="group.appoint_officer", obj=officer, group=group,
                 data={"member": member.code, "role": role, "start": start.isoformat()})
    return officer
