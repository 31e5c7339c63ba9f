"""Signals of the audit trail."""
from django.dispatch import Signal

# Sent once the transaction that wrote audit events naming groups has committed, with
# ``group_ids`` (a frozenset): those groups' data changed. The reports warm their figures on it
# (``reports.warm``); audit knows nothing of its receivers.
groups_changed = Signal()
