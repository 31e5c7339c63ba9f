"""The LKP's legal form over time: which loan-quality regime applies on which day.

``Group.legal_form`` is what the LKP is now. A change of form from a date (an informal group
becoming a KSP when its cooperative deed is approved) is a :class:`LegalFormChange`, written by
``groups.services.legal_form_change`` and never edited: it keeps the form before and after, so the
form on any earlier day is the ``previous_form`` of the first change after that day
(``groups.selectors.legal_form_on``), and a group that becomes a KSP keeps its earlier months'
classes under its earlier regime (``loans.quality_selectors``).
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.db import AppendOnlyModel

from .regimes import LegalForm


class LegalFormChange(AppendOnlyModel):
    """The LKP's legal form changed from ``previous_form`` to ``legal_form`` on ``effective_from``."""

    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT,
                              related_name="legal_form_changes")
    effective_from = models.DateField(_("in force from"))
    previous_form = models.CharField(_("legal form before"), max_length=10, choices=LegalForm.choices)
    legal_form = models.CharField(_("legal form"), max_length=10, choices=LegalForm.choices)
    decision_note = models.CharField(_("decision (deed, approval)"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("change of legal form")
        verbose_name_plural = _("changes of legal form")
        ordering = ["group", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["group", "effective_from"], name="groups_legalform_one_change_per_day"),
            models.CheckConstraint(condition=Q(legal_form__in=LegalForm.values) & Q(previous_form__in=LegalForm.values),
                                   name="groups_legalform_forms_known"),
            models.CheckConstraint(condition=~Q(legal_form=F("previous_form")), name="groups_legalform_changes_form"),
        ]

    def __str__(self):
        return f"{self.group}: {self.get_previous_form_display()} → {self.get_legal_form_display()}"
