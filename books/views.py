"""The treasurer's books: cash book (buku kas), trial balance, and other income, expenses and grants.

Everyone who sees a group may read its books; only managers and the group's treasurer record
other income, expenses and grants. Every page reaches the group through ``get_group_for_user``.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import today
from core.forms import add_service_errors
from groups.selectors import get_group_for_user
from savings.permissions import can_correct_savings

from . import services
from .forms import BookEntryForm, ExpenseForm, PeriodForm
from .selectors import cash_book as cash_book_rows
from .selectors import trial_balance as trial_balance_rows

# kind in the URL -> (form, service, page title)
RECORDS = {
    "income": (BookEntryForm, services.post_other_income, gettext_lazy("Other income")),
    "expense": (ExpenseForm, services.post_expense, gettext_lazy("Expense")),
    "grant": (BookEntryForm, services.post_grant, gettext_lazy("Grant (e.g. LP2M stimulus capital)")),
}


def can_record_books(user, group):
    """Managers and the group's treasurer keep the books."""
    return can_correct_savings(user, group)


def cash_book(request, pk):
    """Show the cash book of a period: opening balance, every cash movement, running balance."""
    group = get_group_for_user(request.user, pk)
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    return render(request, "books/cash_book.html", {
        "group": group, "form": form, "start": start, "end": end,
        "book": cash_book_rows(group, start=start, end=end),
        "can_record": can_record_books(request.user, group),
    })


def trial_balance(request, pk):
    """Show the trial balance of a period: opening, debits, credits and closing per account."""
    group = get_group_for_user(request.user, pk)
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    rows, totals = trial_balance_rows(group, start=start, end=end)
    return render(request, "books/trial_balance.html", {
        "group": group, "form": form, "start": start, "end": end, "rows": rows, "totals": totals,
    })


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
