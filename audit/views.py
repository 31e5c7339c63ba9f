"""The audit trail page: who changed what, when; for managers, filtered and paged."""
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from groups.selectors import groups_visible_to

from .forms import AuditFilterForm
from .selectors import audit_trail

PER_PAGE = 50


def trail(request):
    """List audit events newest first, by group, user, action and date; three queries whatever the rows."""
    if not request.user.is_manager:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, groups=groups_visible_to(request.user))
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    page = Paginator(audit_trail(request.user, **filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/trail.html", {"form": form, "page": page})
