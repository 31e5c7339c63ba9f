"""Every indicator of indicators.md: its key, label, kind, definition and public source.

The key is what the `indicators` command writes and what the selectors return; the definition
and source are shown next to each number ("Cara menghitung").
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ACCESSIBILITY = "accessibility"
SUSTAINABILITY = "sustainability"

RATIO, MONEY, COUNT, DAYS, YEARS, MINUTES = "ratio", "money", "count", "days", "years", "minutes"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    group: str
    kind: str
    definition: str
    source: str
    higher_is_better: bool = True


INDICATORS = [
    # Accessibility: can poor women reach credit easily?
    Indicator("active_members", _("Active members"), ACCESSIBILITY, COUNT,
              _("Members of the group at the end of the period (joined on or before it, not exited)."),
              "IRIS PI8732"),
    Indicator("active_borrowers", _("Active borrowers"), ACCESSIBILITY, COUNT,
              _("Members with an outstanding loan at the end of the period, counted once."), "IRIS PI9250"),
    Indicator("borrower_share", _("Members with a loan"), ACCESSIBILITY, RATIO,
              _("Active borrowers / active members."), "SAVIX"),
    Indicator("first_loans", _("First loans"), ACCESSIBILITY, COUNT,
              _("Loans disbursed in the period that were the member's first."), _("outreach practice")),
    Indicator("loans_disbursed", _("Loans disbursed"), ACCESSIBILITY, COUNT,
              _("Loans disbursed in the period."), _("project definition")),
    Indicator("disbursed_value", _("Value disbursed"), ACCESSIBILITY, MONEY,
              _("Principal of the loans disbursed in the period."), _("project definition")),
    Indicator("avg_loan_disbursed", _("Average loan disbursed"), ACCESSIBILITY, MONEY,
              _("Value disbursed in the period / loans disbursed in the period."), _("MIX average loan size")),
    Indicator("avg_outstanding_per_borrower", _("Average outstanding per borrower"), ACCESSIBILITY, MONEY,
              _("Gross loan portfolio / active borrowers."), _("MIX glossary")),
    Indicator("depth_of_outreach", _("Depth of outreach"), ACCESSIBILITY, RATIO,
              _("Average outstanding per borrower / GNI per capita."), "MIX, Kiva", higher_is_better=False),
    Indicator("approval_rate", _("Approval rate"), ACCESSIBILITY, RATIO,
              _("Applications approved / applications decided in the period."), _("project definition")),
    Indicator("days_to_disburse", _("Days to disburse"), ACCESSIBILITY, DAYS,
              _("Median days from application to disbursement for loans disbursed in the period."),
              _("project definition"), higher_is_better=False),
    Indicator("travel_minutes", _("Travel time to the meeting"), ACCESSIBILITY, MINUTES,
              _("Median of active members' stated travel time to their meeting place, in minutes."),
              _("the LP2M study: easy to reach"), higher_is_better=False),
    Indicator("new_members", _("New members"), ACCESSIBILITY, COUNT,
              _("Members who joined in the period."), "IRIS PI9319"),
    Indicator("retention", _("Member retention"), ACCESSIBILITY, RATIO,
              _("(Active at the end − joined in the period) / active at the start; dropout = 1 − retention."),
              "IRIS PI9319"),
    Indicator("member_growth", _("Member growth"), ACCESSIBILITY, RATIO,
              _("Active members at the end / at the start − 1."), "PEARLS S10"),
    # Sustainability: does the institution keep lending on its own?
    Indicator("loans_receivable", _("Loans receivable (books)"), SUSTAINABILITY, MONEY,
              _("Balance of the loans receivable account (piutang pinjaman anggota) in the group's books at the "
                "end of the period."), _("the group's books")),
    Indicator("glp", _("Gross loan portfolio"), SUSTAINABILITY, MONEY,
              _("Outstanding principal of every disbursed loan not closed and not written off, rescheduled "
                "loans included."), "IRIS FP2630"),
    Indicator("par1", _("Portfolio at risk > 1 day"), SUSTAINABILITY, RATIO,
              _("Outstanding principal of loans more than 1 day late, plus every rescheduled loan, / GLP. The "
                "whole outstanding of such a loan counts."), "IRIS FP2635; CGAP", higher_is_better=False),
    Indicator("par1_own", _("Portfolio at risk > 1 day, member's own"), SUSTAINABILITY, RATIO,
              _("As the portfolio at risk > 1 day, but as if joint-liability covers had not been paid: each "
                "loan's outstanding principal and days late count only the member's own payments, and so does the "
                "portfolio it is divided by."),
              _("IRIS FP2635; project decision on tanggung renteng"), higher_is_better=False),
    Indicator("par30", _("Portfolio at risk > 30 days"), SUSTAINABILITY, RATIO,
              _("Outstanding principal of loans more than 30 days late, plus every rescheduled loan, / GLP."),
              "IRIS FP6373; CGAP", higher_is_better=False),
    Indicator("par30_own", _("Portfolio at risk > 30 days, member's own"), SUSTAINABILITY, RATIO,
              _("As the portfolio at risk > 30 days, but as if joint-liability covers had not been paid: each "
                "loan's outstanding principal and days late count only the member's own payments, and so does the "
                "portfolio it is divided by."),
              _("IRIS FP6373; project decision on tanggung renteng"), higher_is_better=False),
    Indicator("par90", _("Portfolio at risk > 90 days"), SUSTAINABILITY, RATIO,
              _("Outstanding principal of loans more than 90 days late, plus every rescheduled loan, / GLP."),
              "IRIS FP6373; CGAP", higher_is_better=False),
    Indicator("par90_own", _("Portfolio at risk > 90 days, member's own"), SUSTAINABILITY, RATIO,
              _("As the portfolio at risk > 90 days, but as if joint-liability covers had not been paid: each "
                "loan's outstanding principal and days late count only the member's own payments, and so does the "
                "portfolio it is divided by."),
              _("IRIS FP6373; project decision on tanggung renteng"), higher_is_better=False),
    Indicator("arrears_rate", _("Arrears rate"), SUSTAINABILITY, RATIO,
              _("Overdue principal / GLP (shown beside PAR, never instead of it)."), _("project definition"),
              higher_is_better=False),
    Indicator("repayment_rate", _("Repayment rate"), SUSTAINABILITY, RATIO,
              _("(Principal + interest received in the period − prepayments) / (principal + interest falling "
                "due in the period)."), _("Sa-Dhan standards manual, p. 84")),
    Indicator("repayment_rate_own", _("Repayment rate, member's own"), SUSTAINABILITY, RATIO,
              _("As the repayment rate, but joint-liability covers are not counted as the member's payment."),
              _("Sa-Dhan standards manual, p. 84; project decision on tanggung renteng")),
    Indicator("on_time_rate", _("On-time repayment"), SUSTAINABILITY, RATIO,
              _("Instalment value due in the period and paid in full by its due date / instalment value due in "
                "the period."), "IRIS FP9954"),
    Indicator("on_time_rate_own", _("On-time repayment, member's own"), SUSTAINABILITY, RATIO,
              _("As on-time repayment, but joint-liability covers are not counted as the member's payment."),
              _("IRIS FP9954; project decision on tanggung renteng")),
    Indicator("write_off_ratio", _("Write-off ratio"), SUSTAINABILITY, RATIO,
              _("Principal written off in the period / average GLP."), "IRIS FP9717", higher_is_better=False),
    Indicator("oss", _("Operational self-sufficiency"), SUSTAINABILITY, RATIO,
              _("Operating revenue (loan interest + fees + penalties) / (interest paid on savings + loan-loss "
                "expense + operating expense), from the group's books for the period."),
              _("Sa-Dhan standards manual, p. 99; SEEP")),
    Indicator("portfolio_yield", _("Portfolio yield"), SUSTAINABILITY, RATIO,
              _("Loan interest + fees received in the period / average loans receivable, × 12 / months."),
              "PEARLS R1, Kiva"),
    Indicator("savings_total", _("Member savings"), SUSTAINABILITY, MONEY,
              _("Simpanan pokok + wajib + sukarela at the end of the period, from the books."), "PEARLS E5"),
    Indicator("savings_to_loans", _("Savings / loans"), SUSTAINABILITY, RATIO,
              _("Member savings / loans receivable in the books at the end of the period: savings funding the "
                "loan book."),
              "PEARLS E1"),
    Indicator("own_capital_ratio", _("Own capital ratio"), SUSTAINABILITY, RATIO,
              _("(Simpanan pokok + wajib + reserves + grants) / total assets at the end of the period."),
              _("UU 25/1992 art. 41; PEARLS E8")),
    Indicator("savings_growth", _("Savings growth"), SUSTAINABILITY, RATIO,
              _("Member savings at the end / at the start − 1."), "PEARLS S5"),
    Indicator("attendance_rate", _("Attendance"), SUSTAINABILITY, RATIO,
              _("Members present / members expected over the period's routine meetings (represented members "
                "counted separately)."), _("DreamSave Insights glossary")),
    Indicator("represented_rate", _("Represented at meetings"), SUSTAINABILITY, RATIO,
              _("Members represented by someone else / members expected over the period's routine meetings."),
              _("DreamSave Insights glossary"), higher_is_better=False),
    Indicator("meetings_held_rate", _("Meetings held"), SUSTAINABILITY, RATIO,
              _("Months with a routine meeting whose sheet was submitted / routine meetings expected by the "
                "group's calendar (one a month, on its week and day, from the LKP's founding)."),
              _("project definition")),
    Indicator("facilitation", _("Meetings with a field officer"), SUSTAINABILITY, RATIO,
              _("Months whose submitted routine meeting had a field officer present / months with a routine "
                "meeting held."),
              _("the LP2M study: causes of sustainability")),
    Indicator("capacity_events", _("Capacity-building events"), SUSTAINABILITY, COUNT,
              _("Thematic discussions, trainings, CO trainings and network meetings held in the period."),
              _("the LP2M study: causes of sustainability")),
    Indicator("capacity_participants", _("Capacity-building participants"), SUSTAINABILITY, COUNT,
              _("Participants recorded at the period's capacity-building events (a member counts once per "
                "event)."),
              _("the LP2M study: causes of sustainability")),
    Indicator("years_operating", _("Years operating"), SUSTAINABILITY, YEARS,
              _("Years from the LKP's founding to the end of the period (median over the groups)."),
              _("the LP2M study")),
]

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}


def indicators_in(group):
    """Return the indicators of ``group`` (accessibility or sustainability), in the registry's order."""
    return [indicator for indicator in INDICATORS if indicator.group == group]
