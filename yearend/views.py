"""Year-end pages: the book years of a group, the SHU per member (HTML, PDF, XLSX), posting and reversal.

Every group is reached through ``get_group_for_user`` (out of scope is a 404). Anyone who sees
the group sees the distribution; only a manager or the group's own treasurer posts or reverses
it (``can_close_year``), a field officer gets 403.
"""
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from books.periods import closed_through
from core.dates import today
from core.export import export_response, wants_export
from core.forms import add_service_errors
from core.money import format_rupiah
from core.pdf import pdf_response
from groups.selectors import get_group_for_user

from . import services
from .forms import PayoutForm, PostForm, ReverseForm
from .selectors import (
    book_years,
    can_close_year,
    distribution_for,
    get_book_year_for_user,
    shu_owed_rows,
    standing_year_end,
    year_end_history,
    year_end_waits_for,
)


def year_list(request, pk):
    """List the group's book years: posted (with the RAT's date) or waiting for their year end."""
    group = get_group_for_user(request.user, pk)
    return render(request, "yearend/year_list.html", {
        "group": group, "years": book_years(group), "history": year_end_history(group),
        "closed_through": closed_through(group.pk), "can_post": can_close_year(request.user, group),
    })


def _context(request, group, year, *, post_form=None, reverse_form=None, payout_form=None):
    """Build the distribution page: the figures (or why they cannot be computed) and the forms she may use."""
    try:
        distribution, problem = distribution_for(group, year), None
    except ValidationError as exc:
        distribution, problem = None, exc.messages[0]
    posted = distribution.year_end if distribution else standing_year_end(group, year)
    may_post = can_close_year(request.user, group)
    waits_for = year_end_waits_for(group, year, posted) if may_post else None
    may_post = may_post and waits_for is None  # a step the service would refuse is not offered
    if may_post and posted is None and post_form is None:
        post_form = PostForm(initial={"decided_on": today(), "idempotency_key": uuid.uuid4().hex})
    if may_post and posted is not None and reverse_form is None:
        reverse_form = ReverseForm()
    owed = shu_owed_rows(posted) if posted is not None else []
    may_pay = can_close_year(request.user, group) and any(row["owed"] > 0 for row in owed)
    if may_pay and payout_form is None:
        payout_form = PayoutForm(owed=owed, initial={"paid_on": today()})
    return {"group": group, "year": year, "distribution": distribution, "problem": problem, "posted": posted,
            "owed": owed, "payout_form": payout_form if may_pay else None,
            "waits_for": waits_for, "post_form": post_form if may_post and posted is None else None,
            "reverse_form": reverse_form if may_post and posted is not None else None}


def distribution(request, pk, year):
    """Show (or export) the SHU of the year per member: posted, or a preview before the RAT."""
    group = get_book_year_for_user(request.user, pk, year)
    context = _context(request, group, year)
    fmt = wants_export(request)
    if fmt and context["distribution"] is not None:
        return _export(context["distribution"], fmt)
    context["pdf_url"] = f"{request.path}pdf/"
    return render(request, "yearend/distribution.html", context)


def distribution_pdf(request, pk, year):
    """Download the SHU distribution with each member's share and a line for her signature."""
    group = get_book_year_for_user(request.user, pk, year)
    context = _context(request, group, year)
    if context["distribution"] is None:
        raise Http404("nothing to print")
    context["signature_labels"] = [_("Chair"), _("Treasurer")]
    filename = _("shu") + f"-{group.code}-{year}.pdf"
    return pdf_response(request, "yearend/pdf/distribution.html", context, filename=filename)


def _export(distribution, fmt):
    rows = [(s.member.code, s.member.full_name, s.savings_basis, s.business_basis, s.jasa_modal, s.jasa_anggota,
             s.total, str(s.paid_as_label))
            for s in distribution.shares]
    headers = [_("Code"), _("Member"), _("Savings counted"), _("Business counted"), _("Jasa modal"),
               _("Jasa anggota"), _("Share"), _("Paid as")]
    return export_response(headers=headers, rows=rows, fmt=fmt,
                           filename=_("shu") + f" {distribution.group.code} {distribution.year}")


def _may_close(request, group):
    if not can_close_year(request.user, group):
        raise PermissionDenied


def post(request, pk, year):
    """Record the RAT's decision and post the year end (one service), then show it."""
    group = get_book_year_for_user(request.user, pk, year)
    _may_close(request, group)
    if request.method != "POST":
        return redirect("yearend:distribution", pk=group.pk, year=year)
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            services.year_end_post(group=group, year=year, actor=request.user,
                                   decided_on=form.cleaned_data["decided_on"],
                                   agreed_by=form.cleaned_data["agreed_by"],
                                   idempotency_key=form.cleaned_data["idempotency_key"] or None)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The year end of %(year)s is posted; the year is closed.") % {"year": year})
            return redirect("yearend:distribution", pk=group.pk, year=year)
    return render(request, "yearend/distribution.html", _context(request, group, year, post_form=form), status=400)


def reverse(request, pk, year):
    """Reverse the posted year end whole and open the year again."""
    group = get_book_year_for_user(request.user, pk, year)
    _may_close(request, group)
    posted = standing_year_end(group, year)
    if request.method != "POST" or posted is None:
        return redirect("yearend:distribution", pk=group.pk, year=year)
    form = ReverseForm(request.POST)
    if form.is_valid():
        try:
            services.year_end_reverse(year_end=posted, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The year end of %(year)s is reversed; the year is open again.")
                             % {"year": year})
            return redirect("yearend:distribution", pk=group.pk, year=year)
    return render(request, "yearend/distribution.html", _context(request, group, year, reverse_form=form),
                  status=400)


def payout(request, pk, year):
    """Pay a member in cash from the SHU held for her (one service), then show what is still owed."""
    group = get_book_year_for_user(request.user, pk, year)
    _may_close(request, group)
    posted = standing_year_end(group, year)
    if request.method != "POST" or posted is None:
        return redirect("yearend:distribution", pk=group.pk, year=year)
    form = PayoutForm(request.POST, owed=shu_owed_rows(posted))
    if form.is_valid():
        member = form.members[form.cleaned_data["member"]]
        try:
            services.shu_payout(year_end=posted, member=member, amount=form.cleaned_data["amount"],
                                paid_on=form.cleaned_data["paid_on"], actor=request.user,
                                idempotency_key=form.cleaned_data["idempotency_key"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(amount)s of her SHU is paid to %(name)s.")
                             % {"amount": format_rupiah(form.cleaned_data["amount"]), "name": member.full_name})
            return redirect("yearend:distribution", pk=group.pk, year=year)
    return render(request, "yearend/distribution.html", _context(request, group, year, payout_form=form),
                  status=400)
