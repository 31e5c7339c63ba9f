"""Form fields shared by the loan forms."""
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, RupiahField  # noqa: F401  (re-exported for the loan forms)


def date_field(label=None):
    return DateField(label=label or _("Date"))
