"""Writes for members: registration and moves between groups (money lives elsewhere)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record, audit_record_many, event_for
from core.inputs import EARLIEST_BIRTH, check_date
from groups.periods import check_group_open

from .models import Member, Membership


def lock_members(ids):
    """Lock the rows of members ``ids`` in id order and return {id: member}.

    The project's one lock order: a group's row, then its meetings, then members (by id), then
    loans (by id). A service that locks both a member and her loan locks the member first
    (``loans.services.common.lock_loan``), so a meeting sheet and an office repayment for one of
    its members wait for each other instead of deadlocking.
    """
    rows = Member.objects.select_for_update(of=("self",)).filter(pk__in=list(ids)).select_related("group")
    return {m.pk: m for m in rows.order_by("pk")}


@transaction.atomic
def member_register(*, actor, member):
    """Save a new ``member`` (an unsaved instance from a form) and open her membership."""
    check_date(member.joined_on, field="joined_on")
    check_date(member.birth_date, field="birth_date", earliest=EARLIEST_BIRTH, future=False)
    if member.group_id:  # joining is a figure of the year she joins in (members in, in the RAT package)
        check_group_open(member.group_id, member.joined_on, field="joined_on")
    member.full_clean()
    member.save()
    Membership.objects.create(member=member, group=member.group, joined_on=member.joined_on)
    audit_record(actor=actor, action="member.register", obj=member, group=member.group)
    return member


@transaction.atomic
def members_register_many(*, actor, members, data=None):
    """Save new ``members`` (unsaved instances, already checked row by row) in bulk; return them.

    What :func:`member_register` writes for each: the member, her membership (closed on her exit
    date if she already left) and a ``member.register`` audit event with ``data``. For imports.
    """
    members = Member.objects.bulk_create(members)
    Membership.objects.bulk_create([Membership(member=m, group_id=m.group_id, joined_on=m.joined_on,
                                               left_on=m.exited_on) for m in members])
    audit_record_many([event_for("member.register", m, group_id=m.group_id, data=data) for m in members],
                      actor=actor)
    return members


# What the member's own form may change; her group and dates change through member_transfer and member_exit.
MEMBER_FIELDS = ("code", "full_name", "nickname", "nik", "phone", "contact_consent", "address", "village",
                 "birth_date", "business_type", "business_description", "travel_minutes")


@transaction.atomic
def member_update(*, actor, member, **values):
    """Change who she is and how to reach her (fields of :data:`MEMBER_FIELDS`) and return her.

    One audit event names the fields changed (not their values: NIK and phone stay out of the trail).
    """
    unknown = set(values) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"not a member field a form may change: {', '.join(sorted(unknown))}")
    check_date(values.get("birth_date"), field="birth_date", earliest=EARLIEST_BIRTH, future=False)
    member = lock_members([member.pk])[member.pk]
    changed = sorted(f for f, v in values.items() if getattr(member, f) != v)
    for field, value in values.items():
        setattr(member, field, value)
    member.full_clean()
    if changed:
        member.save(update_fields=changed)
        audit_record(actor=actor, action="member.update", obj=member, group=member.group, data={"changed": changed})
    return member


@transaction.atomic
def member_transfer(*, actor, member, to_group, on):
    """Move ``member`` to ``to_group`` from ``on``, keeping her membership history."""
    check_date(on, field="on")
    member = Member.objects.select_for_update().get(pk=member.pk)
    if to_group.pk == member.group_id:
        raise ValidationError(_("She is already a member of this group."), code="same_group")
    if member.exited_on:
        raise ValidationError(_("An exited member cannot move to another group."), code="exited")
    check_group_open(member.group_id, on, field="on")  # she leaves one group's year and joins the other's
    check_group_open(to_group.pk, on, field="on")
    current = Membership.objects.filter(member=member, left_on__isnull=True).first()
    if current and on <= current.joined_on:
        raise ValidationError(_("The move must be after she joined her current group."), code="before_join")
    if current:
        current.left_on = on
        current.save(update_fields=["left_on"])
    Membership.objects.create(member=member, group=to_group, joined_on=on)
    from_group = member.group
    member.group = to_group
    member.save(update_fields=["group"])
    audit_record(actor=actor, action="member.transfer", obj=member, group=to_group,
                 data={"from": from_group.code, "to": to_group.code, "on": on.isoformat()})
    return member
