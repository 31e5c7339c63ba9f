"""The treasurer's books: cash book (buku kas), trial balance, and other income, expenses and grants.

Everyone who sees a group may read its books; only managers and the group's treasurer record
other income, expenses and grants. Every page reaches the group through ``get_group_for_user``.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import today
from core.export import export_response, wants_export
from core.forms import add_service_errors
from core.pdf import pdf_response
from groups.access import can_record_books
from groups.selectors import get_group_for_user, groups_visible_to

from . import services
from .forms import BookEntryForm, ExpenseForm, PeriodForm, ReversalForm
from .models import EntryKind, JournalEntry
from .selectors import cash_book as cash_book_rows
from .selectors import trial_balance as trial_balance_rows

SIGNATURES = [gettext_lazy("Treasurer"), gettext_lazy("Chair")]

# kind in the URL -> (form, service, page title)
RECORDS = {
    "income": (BookEntryForm, services.post_other_income, gettext_lazy("Other income")),
    "expense": (ExpenseForm, services.post_expense, gettext_lazy("Expense")),
    "grant": (BookEntryForm, services.post_grant, gettext_lazy("Grant (e.g. LP2M stimulus capital)")),
}


def _period_filename(name, group, start, end):
    return f"{name}-{group.code}-{start:%Y%m%d}-{end:%Y%m%d}"


def _pdf_url(request, start, end):
    return f"{request.path}?pdf=1&start={start.isoformat()}&end={end.isoformat()}"


def cash_book(request, pk):
    """Show the cash book of a period: opening balance, every cash movement, running balance.

    ``?pdf=1`` prints it (A4 or ``paper=F4``); ``?export=xlsx|csv`` downloads the same rows.
    """
    group = get_group_for_user(request.user, pk)
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    book = cash_book_rows(group, start=start, end=end)
    fmt = wants_export(request)
    if fmt:
        rows = [(None, None, _("Opening balance"), None, None, book["opening"])]
        rows += [(r["entry"].date, r["entry"].pk, f"{r['entry'].get_kind_display()}: {r['entry'].memo}",
                  r["in"], r["out"], r["balance"]) for r in book["rows"]]
        headers = [_("Date"), _("No."), _("Description"), _("In"), _("Out"), _("Balance")]
        return export_response(headers=headers, rows=rows, fmt=fmt,
                               filename=_period_filename(_("cash book"), group, start, end))
    context = {"group": group, "form": form, "start": start, "end": end, "book": book,
               "can_record": can_record_books(request.user, group), "signature_labels": SIGNATURES,
               "pdf_url": _pdf_url(request, start, end), "reversible": REVERSIBLE_HERE}
    if request.GET.get("pdf"):
        return pdf_response(request, "books/cash_book_pdf.html", context,
                            filename=_period_filename("buku-kas", group, start, end) + ".pdf")
    return render(request, "books/cash_book.html", context)


def trial_balance(request, pk):
    """Show the trial balance of a period: opening, debits, credits and closing per account.

    ``?pdf=1`` prints it; ``?export=xlsx|csv`` downloads the same rows.
    """
    group = get_group_for_user(request.user, pk)
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    rows, totals = trial_balance_rows(group, start=start, end=end)
    fmt = wants_export(request)
    if fmt:
        data = [(r["account"].code, r["account"].name, r["opening"], r["debit"], r["credit"], r["closing_debit"],
                 r["closing_credit"]) for r in rows]
        headers = [_("Code"), _("Account"), _("Opening"), _("Debit"), _("Credit"), _("Closing debit"),
                   _("Closing credit")]
        return export_response(headers=headers, rows=data, fmt=fmt,
                               filename=_period_filename(_("trial balance"), group, start, end))
    context = {"group": group, "form": form, "start": start, "end": end, "rows": rows, "totals": totals,
               "signature_labels": SIGNATURES, "pdf_url": _pdf_url(request, start, end)}
    if request.GET.get("pdf"):
        return pdf_response(request, "books/trial_balance_pdf.html", context,
                            filename=_period_filename("neraca-saldo", group, start, end) + ".pdf")
    return render(request, "books/trial_balance.html", context)


def record(request, pk, kind):
    """Record other income, an expense or a grant received, as a journal entry."""
    if kind not in RECORDS:
        raise Http404
    group = get_group_for_user(request.user, pk)
    if not can_record_books(request.user, group):
        raise PermissionDenied
    form_class, post, title = RECORDS[kind]
    form = form_class(request.POST or None, initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        try:
            post(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Recorded in the books."))
            return redirect("books:cash_book", pk=group.pk)
    return render(request, "books/record_form.html", {"form": form, "group": group, "title": title})


# Entries the books' own forms post; savings and loans entries are reversed through their own
# services so that their rows and the books stay in step.
REVERSIBLE_HERE = (EntryKind.OTHER_INCOME, EntryKind.EXPENSE, EntryKind.GRANT)


def reverse_entry(request, pk):
    """Reverse other income, an expense or a grant recorded by mistake, with the reason."""
    entry = get_object_or_404(
        JournalEntry.objects.filter(group__in=groups_visible_to(request.user)).select_related("group"), pk=pk)
    if not can_record_books(request.user, entry.group):
        raise PermissionDenied
    if entry.kind not in REVERSIBLE_HERE:
        raise Http404
    form = ReversalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.journal_reverse(entry=entry, reason=form.cleaned_data["reason"], actor=request.user,
                                     idempotency_key=form.cleaned_data["idempotency_key"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Entry reversed."))
            return redirect("books:cash_book", pk=entry.group_id)
    return render(request, "books/reverse_form.html", {"form": form, "entry": entry, "group": entry.group,
                                                       "lines": entry.lines.select_related("account")})
