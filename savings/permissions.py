"""Who may record what in savings, within the groups she already sees (scope decides first).

* Deposits and withdrawals at the office: managers, the group's field officer and the group's
  treasurer — whoever takes the cash.
* Reversals, exit settlements and interest credits: managers and the group's treasurer, who
  keep the books; a field officer asks one of them.
"""


def _treasurer_of(user, group):
    return user.is_treasurer and user.treasurer_of_id == group.pk


def can_record_savings(user, group):
    return user.is_manager or user.is_field_officer or _treasurer_of(user, group)


def can_correct_savings(user, group):
    return user.is_manager or _treasurer_of(user, group)
