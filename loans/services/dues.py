"""Unpaid instalments that follow their meeting to another day (``GroupRules.loan_dues_follow_meeting``).

Members pay at the monthly meeting. When the month's meeting is held on another day than its
calendar day (a week later for Lebaran, two days later for a funeral), an instalment due on the
calendar day stays due then by default: nothing already due moves, and a payment at the late
meeting is late by those days. A group whose rules say so lets the unpaid instalments due on that
day follow the meeting: they fall due on the meeting's day instead.

What moves: the instalments of the group's open loans whose schedules follow the meeting calendar
(``loan_due_at = meeting`` in the rules in force when the schedule started), of the schedule in
force, due on the old day and not fully paid (principal and interest), with no penalty charged on
them. Paid ones never move. The new day must lie between the month's neighbouring calendar
meetings (the meeting before and the one after), so the instalments stay in their order, and
outside a closed year. Each move is an :class:`loans.models.InstalmentMove` row; the instalment's
due date is then the new day (the database lets the due date change only so).
"""
import datetime

from django.db import models, transaction
from django.db.models import F, Q

from audit.services import audit_record
from core.dates import add_months, today
from groups.calendar import nth_weekday
from groups.models import Group
from groups.selectors import rules_for, rules_on, rules_versions
from loans.models import Instalment, InstalmentMove, Loan, LoanStatus, PenaltyCharge
from loans.positions import unpaid_instalments
from members.services import lock_members


def _within_month(group, from_date, to_date):
    """True when ``to_date`` lies strictly between the calendar meetings before and after ``from_date``'s month."""
    month = from_date.replace(day=1)
    before, after = add_months(month, -1), add_months(month, 1)
    week, weekday = group.meeting_week, group.meeting_weekday
    return (nth_weekday(before.year, before.month, week, weekday) < to_date
            < nth_weekday(after.year, after.month, week, weekday))


@transaction.atomic
def instalments_follow_meeting(*, group, meeting, from_date: datetime.date, to_date: datetime.date, actor):
    """Move the unpaid instalments of ``group`` due on ``from_date`` to ``to_date``, the day ``meeting`` is held.

    Only when the rules in force on ``from_date`` say so (``loan_dues_follow_meeting``); otherwise,
    and when the new day is not within the month (see the module), nothing moves. Returns the
    :class:`InstalmentMove` rows written; one audit event names them.
    """
    if from_date == to_date:
        return []
    rules = rules_for(group, from_date)
    if rules is None or not rules.loan_dues_follow_meeting:
        return []
    # The meeting's row is already held; the group row is not changed, so it is read, not locked.
    closed = Group.objects.filter(pk=group.pk).values_list("books_closed_through", flat=True).first()
    if (closed is not None and min(from_date, to_date) <= closed) or not _within_month(group, from_date, to_date):
        return []
    as_of = max(today(), from_date, to_date)  # every payment recorded so far counts as paid
    candidates = Loan.objects.filter(group=group, status=LoanStatus.ACTIVE, instalments__due_date=from_date)
    member_ids = sorted(set(candidates.values_list("member_id", flat=True)))
    if not member_ids:
        return []
    lock_members(member_ids)  # the lock order: (group,) meeting, members, then loans
    loans = list(Loan.objects.select_for_update().filter(pk__in=candidates.values("pk")).order_by("pk"))
    versions = rules_versions([group.pk]).get(group.pk, [])
    charged = PenaltyCharge.objects.filter(instalment=models.OuterRef("pk"))
    unpaid = (unpaid_instalments(Loan.objects.filter(pk__in=[loan.pk for loan in loans]), as_of=as_of,
                                 due_before=from_date + datetime.timedelta(days=1))
              .filter(due_date=from_date)
              .filter(Q(paid_principal__lt=F("principal")) | Q(paid_interest__lt=F("interest")))
              .filter(~models.Exists(charged))
              .select_related("schedule"))
    moving = [inst for inst in unpaid
              if (rules_on(versions, inst.schedule.start) or rules).loan_due_at == "meeting"]
    if not moving:
        return []
    moves = InstalmentMove.objects.bulk_create([
        InstalmentMove(instalment_id=inst.pk, loan_id=inst.loan_id, meeting=meeting, from_date=from_date,
                       to_date=to_date, created_by=actor) for inst in moving])
    # The one change an instalment allows: its due date, to the day its latest move names.
    models.QuerySet.update(Instalment.objects.filter(pk__in=[inst.pk for inst in moving]), due_date=to_date)
    audit_record(actor=actor, action="loans.instalments_follow_meeting", obj=meeting, group=group,
                 data={"from": from_date.isoformat(), "to": to_date.isoformat(),
                       "instalments": [inst.pk for inst in moving],
                       "loans": sorted({inst.loan_id for inst in moving})})
    return moves
