"""Close the demo's past years the way a group does: at the first meeting after the year, its RAT.

The sheet demo (:mod:`demo.meeting_history`) calls :func:`close_year` at each group's February meeting (or
the next one held), in the order of its history, so the members' SHU credited to sukarela earns
interest from then on like any deposit. The bulk demo (:mod:`demo.bulk_history`) closes the years
after its history is written; there the sukarela interest credited after an RAT was drawn
without the share (the one difference from the sheet demo a reader could find).
"""
from yearend.selectors import first_open_year
from yearend.services import year_end_post


def close_year(group, *, year, day, actor, present=None, members=None):
    """Post ``group``'s year end of ``year`` as its RAT on ``day`` decided; return the YearEnd."""
    agreed = f"RAT tahun buku {year}"
    if present is not None and members:
        agreed += f": {present} dari {members} anggota hadir, disetujui bulat"
    return year_end_post(group=group, year=year, decided_on=day, agreed_by=agreed, actor=actor,
                         idempotency_key=f"demo-yearend-{group.pk}-{year}")


def years_due(group, day):
    """Return the book years the RAT on ``day`` should close: every open year before ``day``'s (two queries)."""
    first = first_open_year(group)
    return list(range(first, day.year)) if first is not None else []
