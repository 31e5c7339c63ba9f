"""Demo history of loans: years of borrowing with realistic behaviour (the bulk demo's loans).

Most members repay on time and borrow again; some pay late and catch up (paying the penalty
at the end); a few stop paying. Months later the group acts on those: a loan more than 180 days
late is mostly written off, others are rescheduled and then repaid on the new schedule, and in
groups with joint liability some have an instalment covered by the group fund, partly paid back.
Ordinary loans and the payments after a reschedule go through :mod:`loans.bulk` (the same
numbers as the services); the few special steps go through the services themselves.
"""
import datetime

from core.dates import add_months
from groups.calendar import due_dates_for
from groups.rules import GroupRules
from groups.selectors import rules_on
from loans import services
from loans.bulk import LoanPlan, Payment, bulk_post_loans, bulk_post_repayments, remaining_after
from loans.models import Loan, LoanStatus
from loans.positions import loan_position
from loans.schedule import build_schedule

from .statistics import growing

ON_TIME, LATE, STRUGGLING = "on_time", "late", "struggling"


def _payments(rng, schedule_lines, behaviour, until):
    """Return [(date, amount)] for one loan: on time, late with catch-ups, or stopping early."""
    payments, carried = [], 0
    stop_after = rng.randint(1, 3) if behaviour == STRUGGLING else None
    for line in schedule_lines:
        if stop_after is not None and line.number > stop_after:
            break
        if behaviour == LATE and rng.random() < 0.25 and line.number < len(schedule_lines):
            carried += line.total  # missed this month, paid with the next one
            continue
        # On time is at the meeting the instalment falls due at (its due date); a catch-up comes later.
        day = line.due_date + datetime.timedelta(days=0 if not carried else rng.randint(8, 15))
        if day > until:
            break
        payments.append((day, line.total + carried))
        carried = 0
    return payments


def _plans_for_member(rng, member, versions, start, until, group):
    plans, behaviours = [], []
    day = max(add_months(member.joined_on, rng.randint(3, 9)), start)
    end = min(until, member.exited_on) if member.exited_on else until
    while day < end:
        rules = rules_on(versions, day)
        if rules is None or not rules.allowed_terms:
            break
        term = rng.choice(rules.allowed_terms)
        top = max(min(rules.loan_max_amount, 3_000_000) // 250_000, 2)
        amount = rng.randint(2, top) * 250_000
        roll = rng.random()
        behaviour = ON_TIME if roll < 0.8 else LATE if roll < 0.94 else STRUGGLING
        schedule = build_schedule(principal=amount, rate=rules.loan_interest_rate, term=term,
                                  method=rules.loan_interest_method, rounding=rules.loan_rounding,
                                  due_dates=due_dates_for(group, rules, start=day, count=term))
        if member.exited_on and schedule.lines[-1].due_date >= member.exited_on:
            break
        plan = LoanPlan(member, amount, term, day, _payments(rng, schedule.lines, behaviour, end),
                        purpose=rng.choice(["Modal usaha", "Tambah bahan baku", "Beli peralatan"]),
                        business=member.get_business_type_display())
        if behaviour == LATE and schedule.lines[-1].due_date + datetime.timedelta(days=20) <= end:
            owed = remaining_after(plan, versions, group)
            if owed:
                plan.payments.append((schedule.lines[-1].due_date + datetime.timedelta(days=20), owed))
        plans.append(plan)
        behaviours.append(behaviour)
        if behaviour == STRUGGLING or not plan.payments or remaining_after(plan, versions, group):
            break  # she still owes on this loan: no new one
        day = plan.payments[-1][0] + datetime.timedelta(days=rng.randint(0, 60))
    return plans, behaviours


def _special(rng, loan, on, until, actor, joint_liability):
    """Act, on ``on``, on a loan that stopped being paid; return the payments that follow (a new schedule's).

    More than 180 days late: mostly written off. Otherwise mostly rescheduled, then each new
    instalment paid on its due date up to ``until``; the rest covered by the group fund where
    the rules have joint liability, half of it paid back.
    """
    position = loan_position(loan, as_of=on)
    late = position.overdue()
    if not late:
        return []
    roll = rng.random()
    if position.days_past_due > 180 and roll < 0.6:
        services.loan_write_off(loan=loan, date=on, actor=actor, reason="Tidak tertagih lebih dari 6 bulan")
        return []
    if roll < 0.85 or not joint_liability:
        services.loan_reschedule(loan=loan, term=max(loan.term, 6), date=on, actor=actor,
                                 reason="Usaha terganggu; disepakati rapat anggota")
        renewed = loan_position(loan, as_of=on)
        return [Payment(loan, line.unpaid, line.instalment.due_date) for line in renewed.instalments
                if line.unpaid > 0 and on < line.instalment.due_date <= until]
    amount = late[0].unpaid
    cover = services.loan_cover(loan=loan, amount=amount, date=on, actor=actor)
    if amount >= 2:
        services.cover_payback(cover=cover, amount=amount // 2, date=on, actor=actor)
    return []


def seed_loan_history(ctx):
    """Add loan history to every demo group (a step of :func:`demo.bulk_history.seed_history`)."""
    rng = ctx.rng
    for group in growing(ctx.groups):  # the statistics refreshed as the loans grow (demo.statistics)
        versions = list(GroupRules.objects.filter(group=group).order_by("-effective_from"))
        plans, struggling = [], set()
        for member in ctx.members_by_group.get(group.pk, []):
            member_plans, behaviours = _plans_for_member(rng, member, versions, ctx.start, ctx.until, group)
            for plan, behaviour in zip(member_plans, behaviours, strict=True):
                if behaviour == STRUGGLING:
                    struggling.add(id(plan))
            plans += member_plans
        loans = bulk_post_loans(group=group, plans=plans, actor=ctx.manager)
        payments = []
        for plan, loan in zip(plans, loans, strict=True):
            if id(plan) in struggling:
                loan = Loan.objects.select_related("member", "group").get(pk=loan.pk)
                # The group acts some months after the payments stopped, not all on the last day of
                # the history (which would bunch every write-off and cover into one month).
                stopped = plan.payments[-1][0] if plan.payments else plan.date
                on = min(ctx.until, stopped + datetime.timedelta(days=rng.randint(60, 300)))
                rules = rules_on(versions, on)
                if loan.status == LoanStatus.ACTIVE:
                    payments += _special(rng, loan, on, ctx.until, ctx.manager,
                                         rules is not None and rules.loan_joint_liability)
        if payments:
            bulk_post_repayments(payments=payments, actor=ctx.manager)
