"""The member exit's pages: the settlement preview and confirmation, and the settlement note (page or PDF)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.dates import today
from core.forms import add_service_errors
from core.pdf import pdf_response
from members.selectors import get_member_for_user
from savings.permissions import can_correct_savings
from savings.selectors import paid_settlement

from .forms import ExitForm, ExitPreviewForm
from .selectors import settlement_for
from .services import member_exit as member_exit_service


def member_exit(request, pk):
    """Show what she would receive on a date (``?date=``, today by default) and settle her exit when confirmed."""
    member = get_member_for_user(request.user, pk)
    if not can_correct_savings(request.user, member.group):
        raise PermissionDenied
    if member.exited_on is not None:
        return redirect("savings:exit_note", pk=member.pk)
    on = ExitPreviewForm(request.GET or None).preview_date(today())
    form = ExitForm(request.POST or None, initial={"date": on})
    if form.is_bound and form.is_valid():
        on = form.cleaned_data["date"]
        try:
            member_exit_service(member=member, date=on, actor=request.user,
                                 idempotency_key=form.cleaned_data["idempotency_key"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Her savings were paid out and her membership closed."))
            return redirect("savings:exit_note", pk=member.pk)
    return render(request, "exits/exit_form.html", {
        "form": form, "member": member, "settlement": settlement_for(member, on=on),
    })


def exit_note(request, pk):
    """Show (or print as PDF with ``?pdf=1``) the settlement note of a member who has left."""
    member = get_member_for_user(request.user, pk)
    settlement = paid_settlement(member)
    if settlement is None:
        return redirect("savings:member", pk=member.pk)
    context = {"member": member, "settlement": settlement,
               "signature_labels": [_("Member"), _("Treasurer")]}
    if request.GET.get("pdf"):
        return pdf_response(request, "exits/exit_note_pdf.html", context,
                            filename=f"exit-{member.code}.pdf")
    return render(request, "exits/exit_note.html", context)
