"""The manager's dashboard: monthly trends and summaries by district and by field officer, in a fixed
number of queries."""
import datetime
from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import TruncMonth

from books.totals import monthly_sums
from groups.models import FieldOfficerAssignment, Group
from members.models import Member

from .indicators import SAVINGS_ACCOUNTS, combine, group_figures
from .trends import month_ends

TREND_ACCOUNTS = SAVINGS_ACCOUNTS + ("loans_receivable",)


def monthly_trend(groups, *, end, months):
    """Return one point per month end for the ``months`` months up to ``end``: savings, loans, members.

    Four grouped queries (book movements from the month totals, joins and exits by month), however
    many groups or rows.
    """
    ends = month_ends(end, months)
    points = [{"date": day, "savings": 0, "loans": 0, "members": 0} for day in ends]
    for group_points in monthly_trend_by_group(groups, end=end, months=months).values():
        for point, mine in zip(points, group_points, strict=True):
            for key in ("savings", "loans", "members"):
                point[key] += mine[key]
    return points


def monthly_trend_by_group(groups, *, end, months):
    """Return {group_id: the points of ``monthly_trend`` for that group alone} (the same four queries).

    A group without books or members is left out: its points are all zero.
    """
    ends = month_ends(end, months)
    books = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for (group_id, month, key), (d, c) in monthly_sums(groups, end=end, keys=TREND_ACCOUNTS, by_group=True).items():
        sign = 1 if key == "loans_receivable" else -1
        books[group_id][month]["loans" if key == "loans_receivable" else "savings"] += sign * (d - c)
    members = Member.objects.filter(group__in=groups)
    joins = _by_month(members.filter(joined_on__lte=end), "joined_on")
    exits = _by_month(members.filter(exited_on__lte=end), "exited_on")
    result = {}
    for group_id in set(books) | set(joins) | set(exits):
        mine, joined, left = books[group_id], joins[group_id], exits[group_id]
        points = []
        for day in ends:
            month = day.replace(day=1)
            points.append({
                "date": day,
                "savings": sum(v["savings"] for m, v in mine.items() if m <= month),
                "loans": sum(v["loans"] for m, v in mine.items() if m <= month),
                "members": (sum(n for m, n in joined.items() if m <= month)
                            - sum(n for m, n in left.items() if m <= month)),
            })
        result[group_id] = points
    return result


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def _by_month(queryset, field):
    rows = queryset.annotate(month=TruncMonth(field)).values("group_id", "month").annotate(n=Count("id")).order_by()
    result = defaultdict(dict)
    for r in rows:
        result[r["group_id"]][_as_date(r["month"])] = r["n"]
    return result


def district_summary(groups, *, start, end, figures=None):
    """Return (the indicators of all ``groups``, one row per district with its groups' indicators).

    The queries of ``group_figures`` (none when its ``figures`` are given) and one more for the
    groups' districts.
    """
    if figures is None:
        figures = group_figures(groups, start=start, end=end)
    by_district = defaultdict(list)
    names = {}
    for g in Group.objects.filter(pk__in=list(figures)).values(
            "id", "region_id", "region__name", "region__parent_id", "region__parent__name",
            "region__parent__parent_id", "region__parent__parent__name"):
        for level in ("region__parent__parent", "region__parent", "region"):
            if g[f"{level}_id"]:
                by_district[g[f"{level}_id"]].append(figures[g["id"]])
                names[g[f"{level}_id"]] = g[f"{level}__name"]
                break
    rows = [{"region_id": rid, "name": names[rid], "groups": len(raws), "values": combine(raws, start=start, end=end)}
            for rid, raws in by_district.items()]
    return combine(figures.values(), start=start, end=end), sorted(rows, key=lambda r: r["name"])


def officer_summary(groups, *, start, end, figures=None, officers=None):
    """Return one row per field officer with the combined indicators of her groups at ``end``.

    A group with two officers counts in both rows; groups without one make a last row with no
    officer. ``officers`` (a queryset) limits the rows. The queries of ``group_figures`` (none when
    its ``figures`` are given) and one more for the assignments.
    """
    if figures is None:
        figures = group_figures(groups, start=start, end=end)
    assignments = FieldOfficerAssignment.objects.current(end).filter(group_id__in=list(figures)).select_related(
        "officer")
    if officers is not None:
        assignments = assignments.filter(officer__in=officers)
    by_officer, people, assigned = defaultdict(set), {}, set()
    for a in assignments:
        by_officer[a.officer_id].add(a.group_id)
        people[a.officer_id] = a.officer
        assigned.add(a.group_id)
    rows = [{"officer": people[pk], "groups": len(ids), "values": combine([figures[g] for g in ids], start=start,
                                                                           end=end)}
            for pk, ids in by_officer.items()]
    rows.sort(key=lambda r: str(r["officer"]).lower())
    alone = set(figures) - assigned
    if officers is None and alone:
        rows.append({"officer": None, "groups": len(alone),
                     "values": combine([figures[g] for g in alone], start=start, end=end)})
    return rows


def group_rows(figures, *, start, end):
    """Return one row per group of ``figures`` (from ``group_figures``) with its own indicators.

    One query for the groups' names, whatever their number.
    """
    names = dict(Group.objects.filter(pk__in=list(figures)).values_list("id", "name"))
    return [{"group_id": gid, "name": names[gid], "values": combine([raw], start=start, end=end)}
            for gid, raw in figures.items()]
