"""What the shared plumbing stores: the keys that make a form post once."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.db import AppendOnlyModel


class IdempotencyKey(AppendOnlyModel):
    """One form submission that changed data: its key, the service it ran and what it returned.

    The key is made when the form is shown (a hidden field); a second submission of the same
    form (a double click, a resend after a timeout) finds its key here and gets the first
    result back instead of posting again. The unique constraint catches two at the same moment.
    Savings movements and loan repayments keep their key on their own row (the meeting sheet and
    the imports use those columns); every other money form keeps it here.
    """

    key = models.CharField(_("key"), max_length=64)
    action = models.CharField(_("action"), max_length=60)
    result = models.JSONField(_("result"), default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT,
                              related_name="+")
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["key"], name="core_idempotencykey_unique_key")]

    def __str__(self):
        return f"{self.action} {self.key}"
