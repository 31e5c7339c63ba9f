"""What the meetings app tells the apps above it, which it may not import (docs/architecture.md, "Layers").

``meeting_moved`` is sent inside the transaction that records or changes a routine meeting held on
another day than the one its instalments were due on: its calendar day (a meeting recorded on
another day of the month) or its earlier date (a draft meeting whose date changes). ``loans``
receives it and, when the group's rules say so, moves the unpaid instalments due that day.
Arguments: ``group``, ``meeting``, ``from_date``, ``to_date``, ``actor``.
"""
from django.dispatch import Signal

meeting_moved = Signal()
