"""Post the money columns of a submitted sheet through the savings and loans services.

Called by :func:`meetings.services.sheet_submit` inside its transaction, so one failing row
rolls back everything. Errors name the cell as ``<member id>.<column>``.
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import SheetRow


def post_money(*, meeting, rows, actor):
    """Post each row's money with ``meeting=meeting``; raise a ValidationError naming the cells that fail.

    The savings and loans services are not part of this branch yet, so a sheet that moves
    money is refused cell by cell (attendance-only sheets submit).
    """
    errors = {}
    for member_id, row in rows.items():
        for f in SheetRow.AMOUNT_FIELDS:
            if row.get(f, 0):
                errors[f"{member_id}.{f}"] = [_("Payments cannot be posted yet: the savings and loans "
                                                "modules are not installed.")]
    if errors:
        raise ValidationError(errors, code="posting_unavailable")
