"""Pages for one's own account: changing one's password (recorded in the audit trail)."""
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy

from audit.services import audit_record


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice, the project's validators), audited."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(actor=self.request.user, action="accounts.password_change", obj=self.request.user)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
