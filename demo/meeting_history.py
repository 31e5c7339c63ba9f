"""Demo history: years of monthly meetings for every group, posted through the meeting sheet.

Every balance of the demo comes from a submitted sheet (``sheet_submit``, the path the field
officer's page takes), so each can be traced to a meeting. Behaviour is drawn from the seeded
random generator: most members come and pay as due, some miss months, a few deposit or take
sukarela, loans are applied for after a meeting and disbursed at the next, most are repaid,
some late (penalties), a few covered by a fellow member (tanggung renteng), rescheduled or
written off. The first meeting brings in what founding members had saved before the history
starts (their pokok and wajib to date). Each meeting's costs (snacks, stationery, the yearly
RAT) are paid from the cash box through the books' own service. The first meeting from February
on is also the RAT: it closes the year before and shares its SHU (:mod:`demo.year_ends`).
"""
import uuid

from django.core.exceptions import ValidationError

from books.services import post_expense
from core.dates import add_months, month_end
from groups.models import FieldOfficerAssignment
from groups.selectors import rules_for
from loans import services as loan_services
from loans.models import Loan, LoanStatus
from loans.selectors import eligibility_for_members
from loans.services import loan_provision_post
from meetings.calendar import expected_for_group
from meetings.models import Meeting
from meetings.services import event_complete, meeting_record, meeting_verify
from savings.services import savings_credit_interest
from sheet.selectors import cash_for, opening_cash, sheet_lines
from sheet.services import sheet_submit

from .year_ends import close_year, years_due

ATTENDANCE = (("present", 0.86), ("represented", 0.05), ("excused", 0.05), ("absent", 0.04))


def draw_attendance(rng, troubled):
    if troubled:
        return rng.choice(["absent", "excused", "present"])
    roll = rng.random()
    for status, p in ATTENDANCE:
        if roll < p:
            return status
        roll -= p
    return "present"


def _rows_for(rng, lines, *, first, troubled, rules):
    """Decide what each member does at this meeting, from what the sheet says she owes."""
    rows = {}
    present = []
    for line in lines:
        pk = line.member.pk
        status = draw_attendance(rng, pk in troubled)
        row = {"attendance": status}
        paying = status in ("present", "represented")
        if paying:
            present.append(pk)
            row["pokok"] = line.due["pokok"]
            # Most pay all the wajib owed; some pay only part of their arrears this month.
            wajib = line.due["wajib"]
            row["wajib"] = wajib if first or rng.random() < 0.9 else min(wajib, rules.wajib_amount)
            if line.due["instalment"] and pk not in troubled:
                # She pays what has fallen due, arrears included: a late payer catches up here.
                row["instalment"] = line.due["instalment"] if rng.random() < 0.99 else 0
            if rng.random() < 0.15:
                row["sukarela_in"] = rng.choice([5_000, 10_000, 20_000, 25_000, 50_000, 100_000])
            elif line.sukarela_balance >= 20_000 and rng.random() < 0.06:
                row["sukarela_out"] = line.sukarela_balance // 2 // 1000 * 1000
            if line.approved_amount:
                row["disbursed"] = line.approved_amount
        elif line.due["instalment"] and pk not in troubled and rng.random() < 0.75:
            # Kept at home, she sends her instalment with a neighbour (titip), as most borrowers
            # do: missing an instalment is the exception, not one meeting in seven.
            row["instalment"] = line.due["instalment"]
        rows[pk] = {k: v for k, v in row.items() if v}
    if rules.loan_joint_liability:
        for line in lines:
            pk = line.member.pk
            if line.due["instalment"] and not rows[pk].get("instalment") and present and rng.random() < 0.25:
                coverer = rng.choice([p for p in present if p != pk] or [None])
                if coverer and not rows[coverer].get("cover_amount"):
                    rows[coverer].update(cover_amount=line.due["instalment"], cover_for=pk)
    return rows


def _submit(meeting, rows, lines, actor):
    """Submit the sheet; a row the services refuse is dropped to what she can do, as the officer would."""
    fees = {line.member.pk: line.approved_fee for line in lines}
    for _attempt in range(4):
        expected = opening_cash(meeting) + sum(cash_for(r, fee=fees[pk]) for pk, r in rows.items())
        try:
            return sheet_submit(meeting=meeting, actor=actor, submission_id=uuid.uuid4(), rows=rows,
                                cash_counted=max(expected, 0),
                                cash_difference_note="" if expected >= 0 else "Kas dari rekening bank")
        except ValidationError as exc:
            bad = getattr(exc, "error_dict", {})
            if not bad or "__all__" in bad:
                raise
            for key in bad:
                pk, _dot, field = key.partition(".")
                row = rows[int(pk)]
                row.pop(field, None)
                if field == "cover_amount":
                    row.pop("cover_for", None)
    raise RuntimeError(f"demo sheet of {meeting} could not be submitted")


def _after_meeting(rng, ctx, meeting, lines, actor, rules, troubled, missed):
    """Between meetings: applications decided, troubled loans rescheduled or written off."""
    members = [line.member for line in lines if line.member.exited_on is None and not line.approved_amount]
    verdicts = eligibility_for_members(members, on=meeting.date)  # after today's payments
    for m in members:
        verdict = verdicts.get(m.pk)
        if verdict and verdict.max_amount >= 500_000 and rng.random() < 0.12:
            amount = min(verdict.max_amount, rng.choice([500_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000]))
            amount = amount // 100_000 * 100_000
            try:
                loan = loan_services.loan_apply(member=m, amount=amount, term=rng.choice(rules.allowed_terms),
                                                purpose="Modal usaha", business=m.get_business_type_display(),
                                                date=meeting.date, actor=actor)
            except ValidationError:
                continue
            loan = loan_services.loan_decide(loan=loan, approved=True, date=meeting.date,
                                             agreed_by="Rapat anggota", actor=actor, meeting=meeting)
            if loan.status == LoanStatus.AWAITING_MANAGER:
                loan_services.loan_manager_approve(loan=loan, actor=ctx.manager)
            # A few borrowers fall into trouble; every group's history shows at least one (its
            # sixth loan or later, once none has), so the demo always has a rescheduled or covered loan.
            first_trouble = not troubled and not missed and Loan.objects.filter(group=meeting.group).count() >= 6
            if rng.random() < 0.03 or first_trouble:
                troubled.add(m.pk)
    for loan in Loan.objects.filter(group=meeting.group, status=LoanStatus.ACTIVE, member_id__in=troubled):
        missed[loan.pk] = missed.get(loan.pk, 0) + 1
        if missed[loan.pk] == 3 and not loan.rescheduled:
            loan_services.loan_reschedule(loan=loan, term=max(rules.allowed_terms), date=meeting.date,
                                          actor=actor, reason="Usaha sepi; dijadwal ulang oleh rapat")
            troubled.discard(loan.member_id) if rng.random() < 0.6 else None
        elif missed[loan.pk] >= 9:
            loan_services.loan_write_off(loan=loan, date=meeting.date, actor=ctx.manager,
                                         reason="Anggota pindah; tidak tertagih")
            troubled.discard(loan.member_id)


def _pay_costs(rng, group, day, actor):
    """Pay the meeting's costs from the cash box: snacks every month, stationery now and then, the RAT in December.

    Without them the demo's operational self-sufficiency (OSS) would run to thousands of percent.
    """
    post_expense(group=group, date=day, amount=rng.choice([15_000, 20_000, 25_000, 30_000]),
                 account="meeting_expense", memo="Konsumsi rapat bulanan", actor=actor)
    if rng.random() < 0.25:
        post_expense(group=group, date=day, amount=rng.choice([10_000, 15_000, 25_000]),
                     account="stationery_expense", memo="Buku kas dan alat tulis", actor=actor)
    if day.month == 12:
        post_expense(group=group, date=day, amount=rng.choice([150_000, 200_000, 250_000]),
                     account="operating_expense", memo="Rapat anggota tahunan (RAT)", actor=actor)


def _provision(group, *, month_end, actor):
    """Post the month-end loss reserve, as a manager does from the portfolio page (issue #13)."""
    loan_provision_post(group=group, month=month_end, actor=actor)


def _credit_interest(group, *, month_end, actor):
    """Credit sukarela interest at a month's end when the group's rules say so (monthly, or in December)."""
    rules = rules_for(group, on=month_end)
    if not rules or not rules.sukarela_interest_rate:
        return
    if rules.sukarela_interest_schedule == rules.InterestSchedule.YEARLY and month_end.month != 12:
        return
    savings_credit_interest(group=group, period_end=month_end, actor=actor)


def _hold_rat(group, day, rows, actor):
    """The RAT at this meeting closes the years before it (:mod:`demo.year_ends`)."""
    present = sum(1 for r in rows.values() if r.get("attendance") in ("present", "represented"))
    for year in years_due(group, day):
        close_year(group, year=year, day=day, actor=actor, present=present, members=len(rows))


def seed_history(ctx):
    """Hold every group's monthly meetings from the start of the history to its last day."""
    officers = {a.group_id: a.officer for a in FieldOfficerAssignment.objects.select_related("officer")}
    rng = ctx.rng
    for group in ctx.groups:
        actor = officers.get(group.pk, ctx.manager)
        troubled, missed = set(), {}
        last_rat = ctx.start.year  # the year of the group's last RAT; the history starts in a year being kept
        dates = expected_for_group(group, start=ctx.start, end=ctx.until)
        for i, day in enumerate(dates):
            if 0 < i < len(dates) - 1 and rng.random() < 0.01:
                # Rarely a month without a meeting (Lebaran, a funeral): its instalments all fall late,
                # so the group mostly moves it instead. Never the latest one
                # before today, which the officer has recorded (else every borrower reads late).
                continue
            rules = rules_for(group, on=day)
            meeting = meeting_record(group=group, actor=actor, date=day, type=Meeting.Type.ROUTINE,
                                     topics="Simpanan, angsuran, pinjaman baru")
            lines = sheet_lines(meeting, with_eligibility=False)  # judged after the meeting instead
            rows = _rows_for(rng, lines, first=i == 0, troubled=troubled, rules=rules)
            _submit(meeting, rows, lines, actor)
            if day < add_months(ctx.until, -1):
                meeting_verify(meeting=meeting, actor=ctx.manager)
            if i % 3 == 1:
                event = meeting_record(group=group, actor=actor, date=day, type=Meeting.Type.THEMATIC,
                                       theme=rng.choice(["Kebun pekarangan", "Olahan singkong", "Ayam kampung",
                                                         "Pembukuan usaha", "Dinamika kelompok"]))
                came = [line.member.pk for line in lines if rng.random() < 0.6] or [lines[0].member.pk]
                if came:
                    event_complete(meeting=event, actor=actor, submission_id=uuid.uuid4(),
                                   attendance=dict.fromkeys(came, "present"))
            _after_meeting(rng, ctx, meeting, lines, actor, rules, troubled, missed)
            _pay_costs(rng, group, day, actor)
            if day.year > last_rat and day.month >= 2:  # the first meeting from February on is the RAT
                _hold_rat(group, day, rows, ctx.manager)
                last_rat = day.year
            if month_end(day) <= ctx.until:
                _credit_interest(group, month_end=month_end(day), actor=ctx.manager)
                _provision(group, month_end=month_end(day), actor=ctx.manager)
