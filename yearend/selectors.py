"""Reads for the year end: the SHU of a book year shared per member, the postings, who may post.

:func:`shu_distribution` computes from the books and the members' rows, in a fixed number of
queries however many members: the surplus from the income statement (every income and expense
account of the chart, before the closing entry), the pools by the rules in force on the last day
of the year, and each member's jasa modal and jasa anggota by largest remainder.
"""
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from books.models import JournalEntry, JournalLine
from books.periods import closed_through
from books.selectors import income_statement
from core.dates import today
from groups.access import can_close_year  # noqa: F401 (its old home)
from groups.rules import ShuBusinessBasis, ShuModalBasis, ShuPaidAs
from groups.selectors import get_group_for_user, rules_for
from loans.models import Loan
from members.models import Member
from savings.models import SavingsKind
from savings.selectors import balances_before_exit

from .models import ShuPayout, YearEnd, YearEndShare
from .shu import rules_percentages, share_pool, shu_allocate


def book_year(year):
    """Return (1 January, 31 December) of ``year``: the LKP's book year is the calendar year."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@dataclass
class ShareLine:
    """One member's part of the year's SHU and what it was weighed by."""

    member: object
    savings_basis: int
    business_basis: int
    jasa_modal: int = 0
    jasa_anggota: int = 0
    left_on: datetime.date | None = None
    paid_as: str = ShuPaidAs.SUKARELA

    @property
    def total(self):
        return self.jasa_modal + self.jasa_anggota

    @property
    def paid_as_label(self):
        return ShuPaidAs(self.paid_as).label


@dataclass
class Distribution:
    """The SHU of one group's book year shared as its rules say (a preview, or what was posted)."""

    group: object
    year: int
    start: datetime.date
    end: datetime.date
    rules: object
    income_statement: dict
    pools: dict
    shares: list
    undistributed: int = 0
    left_out: list = field(default_factory=list)  # members who left in the year and, by the rules, share nothing
    year_end: object = None  # the standing posting, when there is one

    @property
    def surplus(self):
        return self.income_statement["surplus"]

    @property
    def shares_total(self):
        return sum(s.total for s in self.shares)

    @property
    def jasa_modal_total(self):
        return sum(s.jasa_modal for s in self.shares)

    @property
    def jasa_anggota_total(self):
        return sum(s.jasa_anggota for s in self.shares)

    def as_json(self):
        """Return the plain shape of ``manage.py shu_distribution --format json``."""
        return {"surplus": self.surplus, "pools": dict(self.pools),
                "members": [{"code": s.member.code, "name": s.member.full_name, "jasa_modal": s.jasa_modal,
                             "jasa_anggota": s.jasa_anggota, "total": s.total} for s in self.shares]}


def _members_of_year(group, start, end):
    return list(Member.objects.filter(group=group, joined_on__lte=end)
                .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start)).order_by("code"))


def _savings_weights(members, end, basis):
    kinds = (SavingsKind.POKOK, SavingsKind.WAJIB) + ((SavingsKind.SUKARELA,) if basis == ShuModalBasis.ALL_SAVINGS
                                                       else ())
    balances = balances_before_exit([m.pk for m in members], as_of=end)
    return {pk: max(sum(b[k] for k in kinds), 0) for pk, b in balances.items()}


def _business_weights(group, members, start, end, basis):
    ids = [m.pk for m in members]
    weights = dict.fromkeys(ids, 0)
    if basis == ShuBusinessBasis.PRINCIPAL_DISBURSED:
        rows = (Loan.objects.filter(group=group, member_id__in=ids, disbursed_on__gte=start, disbursed_on__lte=end)
                .values("member_id").annotate(v=Sum("amount")).order_by())
    else:
        # The interest the books received for her loans in the year (reversed payments net out).
        rows = (JournalLine.objects.filter(account__group=group, account__key="interest_income", member_id__in=ids,
                                           entry__date__gte=start, entry__date__lte=end)
                .values("member_id").annotate(v=Coalesce(Sum("credit"), 0) - Coalesce(Sum("debit"), 0)).order_by())
    for row in rows:
        weights[row["member_id"]] = max(row["v"], 0)
    return weights


def shu_distribution(group, year):
    """Return the :class:`Distribution` of ``group``'s book ``year`` computed from the books and rows.

    A member who has left (in the year, if the rules let her share, or since) has no sukarela
    any more: her share is held as payable, whatever the rules say. Raises ValidationError
    (``no_rules``, ``shu_not_100``) when the rules in force on 31 December cannot share it. About
    eight queries.
    """
    start, end = book_year(year)
    rules = rules_for(group, end)
    if rules is None:
        raise ValidationError(_("The group has no rules in force on %(date)s.") % {"date": end.isoformat()},
                              code="no_rules")
    statement = income_statement(group, start=start, end=end)
    pools = shu_allocate(statement["surplus"], rules_percentages(rules))
    members = _members_of_year(group, start, end)
    left_out = []
    if not rules.shu_leavers_share:
        left_out = [m for m in members if m.exited_on is not None and m.exited_on <= end]
        members = [m for m in members if m not in left_out]
    savings = _savings_weights(members, end, rules.shu_jasa_modal_basis)
    business = _business_weights(group, members, start, end, rules.shu_jasa_anggota_basis)
    modal, modal_left = share_pool(pools["jasa_modal"], savings)
    usaha, usaha_left = share_pool(pools["jasa_anggota"], business)
    shares = []
    for m in members:
        gone = m.exited_on is not None
        shares.append(ShareLine(member=m, savings_basis=savings[m.pk], business_basis=business[m.pk],
                                jasa_modal=modal[m.pk], jasa_anggota=usaha[m.pk], left_on=m.exited_on,
                                paid_as=ShuPaidAs.PAYABLE if gone else rules.shu_paid_as))
    return Distribution(group=group, year=year, start=start, end=end, rules=rules, income_statement=statement,
                        pools=pools, shares=shares, undistributed=modal_left + usaha_left, left_out=left_out)


def posted_distribution(year_end):
    """Return the :class:`Distribution` a standing posting recorded (its shares as posted; three queries)."""
    statement = income_statement(year_end.group, start=year_end.start, end=year_end.end)
    shares = [ShareLine(member=s.member, savings_basis=s.savings_basis, business_basis=s.business_basis,
                        jasa_modal=s.jasa_modal, jasa_anggota=s.jasa_anggota, left_on=s.member.exited_on,
                        paid_as=s.paid_as)
              for s in year_end.shares.select_related("member").order_by("member__code")]
    return Distribution(group=year_end.group, year=year_end.year, start=year_end.start, end=year_end.end,
                        rules=year_end.rules, income_statement=statement, pools=year_end.pools, shares=shares,
                        undistributed=year_end.undistributed, year_end=year_end)


def distribution_for(group, year):
    """Return what was posted for the year if it stands, else the preview computed now."""
    posted = standing_year_end(group, year)
    return posted_distribution(posted) if posted else shu_distribution(group, year)


def standing_year_end(group, year):
    """Return the posting of ``year`` that stands (not reversed), or None (one query)."""
    return (YearEnd.objects.filter(group=group, year=year, reversed_at__isnull=True)
            .select_related("group", "rules", "posted_by").first())


def year_end_history(group):
    """Return every posting of the group, reversed ones too, newest year first (one query)."""
    return list(YearEnd.objects.filter(group=group).select_related("posted_by", "reversed_by")
                .order_by("-year", "-posted_at"))


def book_years(group):
    """Return [(year, standing posting or None)] from the year of the group's first entry to the last ended year.

    Two queries. Newest first, as the treasurer looks for the year just ended.
    """
    first = JournalEntry.objects.filter(group=group).order_by("date").values_list("date", flat=True).first()
    last = today().year - 1
    if first is None or first.year > last:
        return []
    standing = {y.year: y for y in YearEnd.objects.filter(group=group, reversed_at__isnull=True)}
    return [(year, standing.get(year)) for year in range(last, first.year - 1, -1)]


def first_open_year(group):
    """Return the earliest year with entries not yet closed, or None (two queries)."""
    closed = closed_through(group.pk)
    entries = JournalEntry.objects.filter(group=group)
    if closed is not None:
        entries = entries.filter(date__gt=closed)
    first = entries.order_by("date").values_list("date", flat=True).first()
    return first.year if first else None


def get_book_year_for_user(user, pk, year):
    """Return group ``pk`` if ``user`` may see it and ``year`` is one of its ended book years, else raise Http404."""
    group = get_group_for_user(user, pk)
    if year not in {y for y, _posted in book_years(group)}:
        raise Http404("not a book year of this group")
    return group


def year_end_waits_for(group, year, posted):
    """Return why the year cannot be posted (or, ``posted``, reversed) now, or None; the page then offers no form.

    Years close in order and reopen from the latest, as ``yearend.services`` refuses otherwise.
    """
    if posted is None:
        open_year = first_open_year(group)
        if open_year is not None and open_year < year:
            return _("Post the year end of %(open)s first: its books are still open.") % {"open": open_year}
        return None
    later = (YearEnd.objects.filter(group=group, year__gt=year, reversed_at__isnull=True).order_by("-year")
             .values_list("year", flat=True).first())
    if later is not None:
        return _("The year end of %(year)s is posted after this one: reverse that one first to reverse this.") % {
            "year": later}
    return None


# can_close_year: decided in groups.access, imported above under its name.


def shu_owed_rows(year_end=None, *, member=None, members=None, as_of=None):
    """Return [{member, share, year_end, held, paid, owed, payouts}] for the shares held as payable (2 queries).

    The shares of ``year_end``, or without it of every year end not reversed; only ``member``'s row
    when she is given, only those of ``members`` (ids) when they are. ``as_of``: as they stood at the
    end of that day: the shares of RATs held by then, less the cash payouts made by then
    (``payouts``, oldest first). By member code, then the year's RAT.
    """
    payouts = ShuPayout.objects.all()
    shares = YearEndShare.objects.filter(paid_as=ShuPaidAs.PAYABLE, total__gt=0)
    if year_end is not None:
        payouts, shares = payouts.filter(year_end=year_end), shares.filter(year_end=year_end)
    else:
        payouts = payouts.filter(year_end__reversed_at__isnull=True)
        shares = shares.filter(year_end__reversed_at__isnull=True)
    if member is not None:
        payouts, shares = payouts.filter(member=member), shares.filter(member=member)
    if members is not None:
        payouts, shares = payouts.filter(member_id__in=members), shares.filter(member_id__in=members)
    if as_of is not None:
        payouts, shares = payouts.filter(paid_on__lte=as_of), shares.filter(year_end__decided_on__lte=as_of)
    paid = {}
    for payout in payouts.order_by("paid_on", "id"):
        paid.setdefault((payout.year_end_id, payout.member_id), []).append(payout)
    rows = []
    for s in shares.select_related("member", "year_end").order_by("member__code", "year_end__decided_on", "id"):
        made = paid.get((s.year_end_id, s.member_id), [])
        out = sum(p.amount for p in made)
        rows.append({"member": s.member, "share": s, "year_end": s.year_end, "held": s.total, "paid": out,
                     "owed": s.total - out, "payouts": made})
    return rows


def shu_owed(year_end, member):
    """Return what is still owed to ``member`` of her share of ``year_end`` held as payable."""
    return sum(row["owed"] for row in shu_owed_rows(year_end, member=member))
