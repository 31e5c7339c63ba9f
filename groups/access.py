"""Who may do what: the one module that decides every ``can_*`` of the pages.

Scope comes first and from elsewhere (``groups.selectors.groups_visible_to``: out of scope is a
404); these decide, within the groups she sees, which steps a role may take. The services still
refuse on their own. The apps' old names (``savings.permissions``, ``loans.selectors``,
``meetings.selectors``, ``yearend.selectors``) import from here.

* Groups and rules: managers edit groups; managers and the group's field officer record rules.
* Members: managers, field officers and treasurers register and edit members.
* Savings at the office: managers, field officers and the group's treasurer — whoever takes the cash.
  Reversals, exit settlements and interest credits, and the books: managers and the group's
  treasurer, who keep the books; a field officer asks one of them.
* Loans: managers, field officers and treasurers record; only a manager approves above the
  rules' amount and writes off.
* Meetings: the group's field officer and managers record; the group's treasurer or a manager
  verifies a submitted sheet, never the person who submitted it.
* The year end: a manager, or the treasurer of this very group.
"""
from .selectors import groups_visible_to


def _treasurer_of(user, group_id):
    return user.is_treasurer and user.treasurer_of_id == group_id


def _officer_of(user, group):
    return user.is_field_officer and groups_visible_to(user).filter(pk=group.pk).exists()


def can_edit_group(user):
    return user.is_manager


def can_edit_rules(user, group):
    """Managers and the group's field officer record rule changes; treasurers do not."""
    return user.is_manager or _officer_of(user, group)


def can_edit_members(user):
    return user.is_manager or user.is_field_officer or user.is_treasurer


def can_record_savings(user, group):
    return user.is_manager or user.is_field_officer or _treasurer_of(user, group.pk)


def can_correct_savings(user, group):
    return user.is_manager or _treasurer_of(user, group.pk)


def can_record_books(user, group):
    """Managers and the group's treasurer keep the books."""
    return can_correct_savings(user, group)


def can_record_loans(user):
    """Managers, field officers and treasurers record applications, decisions and payments."""
    return user.is_manager or user.is_field_officer or user.is_treasurer


def can_approve_loans(user):
    """Only a manager gives the approval the rules ask for above an amount, and writes off."""
    return user.is_manager


def can_record_meetings(user, group):
    """The group's field officer and managers record meetings; treasurers only read and verify."""
    return user.is_manager or _officer_of(user, group)


def can_verify_meeting(user, meeting):
    """The group's treasurer or a manager verifies a submitted sheet, never the person who submitted it."""
    if meeting.status != "submitted" or meeting.submitted_by_id == user.pk:  # Meeting.Status.SUBMITTED
        return False
    return user.is_manager or _treasurer_of(user, meeting.group_id)


def can_close_year(user, group):
    """A manager, or the treasurer of this very group, records the RAT's decision and posts the year end."""
    return user.is_manager or _treasurer_of(user, group.pk)
