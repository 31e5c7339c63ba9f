"""Read and write spreadsheet cells the way LP2M's books are kept.

Each widget raises ``ValueError`` with a short translated phrase about the value
("'31-02-2019' is not a valid date"); the resource puts the row number and the column in
front of it. Cells render as plain text (dates ISO, choices by their Indonesian label) so that an
exported file imports again unchanged, whatever the language of the person exporting.
"""
import datetime
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from core.export import is_formula_like
from core.money import parse_rupiah

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")
EARLIEST_DATE, LATEST_DATE = datetime.date(1900, 1, 1), datetime.date(2199, 12, 31)
YES = {"ya", "y", "yes", "true", "1", "benar"}
NO = {"tidak", "t", "no", "n", "false", "0", "salah"}


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value):
    """Return a cell as stripped text; a whole number typed into a number cell loses its ``.0``.

    The apostrophe an export puts before text that starts like a formula (``core.export``) comes
    off again, so an exported file imports unchanged.
    """
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.startswith("'") and is_formula_like(text[1:]):
        text = text[1:]
    return text.strip()


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    """A date typed as 2019-02-28, 28-02-2019, 28/02/2019 or stored by Excel as a date cell."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return self.in_range(value.date(), value.date().isoformat())
        if isinstance(value, datetime.date):
            return self.in_range(value, value.isoformat())
        text = cell_text(value)
        for fmt in DATE_FORMATS:
            try:
                day = datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            return self.in_range(day, text)
        raise ValueError(_("'%(value)s' is not a valid date") % {"value": text})

    @staticmethod
    def in_range(day, text):
        """A date no page could show (year 9999, 1066) is refused here: later arithmetic cannot take it.

        The resources and services then check the range each date must be in (not in the future, ...).
        """
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValueError(_("'%(value)s' is not a date between 1900 and 2199") % {"value": text})
        return day

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class WholeNumberWidget(widgets.Widget):
    """A whole number that may not be negative (minutes, months, counts)."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = cell_text(value)
        try:
            number = int(text)
        except ValueError:
            raise ValueError(_("'%(value)s' is not a whole number") % {"value": text})
        if number < 0:
            raise ValueError(_("'%(value)s' may not be negative") % {"value": text})
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class RupiahWidget(widgets.Widget):
    """An amount in whole Rupiah: 1250000, 1.250.000 or Rp 1.250.000; empty is 0; never negative."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return 0
        text = cell_text(value)
        if isinstance(value, float):
            raise ValueError(_("'%(value)s' is not a whole number of Rupiah") % {"value": text})
        try:
            amount = parse_rupiah(text)
        except ValueError:
            raise ValueError(_("'%(value)s' is not an amount in Rupiah") % {"value": text})
        if amount < 0:
            raise ValueError(_("'%(value)s' may not be negative") % {"value": text})
        return amount

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(int(value))


class RateWidget(widgets.Widget):
    """A rate in percent per month, such as 1,5 or 1.5 or 1,5 %."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = cell_text(value).replace("%", "").replace(",", ".").strip()
        try:
            rate = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("'%(value)s' is not a percentage") % {"value": cell_text(value)})
        if rate < 0:
            raise ValueError(_("'%(value)s' may not be negative") % {"value": cell_text(value)})
        return rate

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else format(value.normalize(), "f")


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return False
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("'%(value)s' is not Ya or Tidak") % {"value": cell_text(value)})

    def render(self, value, obj=None, **kwargs):
        return "Ya" if value else "Tidak"


class ChoiceWidget(widgets.Widget):
    """One of a model field's choices, written as its key or as its label in Indonesian or English."""

    def __init__(self, choices, default=None):
        super().__init__()
        self.choices = choices
        self.default = default
        self.table = None

    def _lookup(self):
        if self.table is None:
            self.table = {}
            for key, label in self.choices:
                self.table[str(key).lower()] = key
                for lang in ("en", "id"):
                    with translation.override(lang):
                        self.table[str(label).lower()] = key
        return self.table

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            if self.default is None:
                raise ValueError(_("is empty"))
            return self.default
        text = cell_text(value)
        try:
            return self._lookup()[text.lower()]
        except KeyError:
            allowed = ", ".join(str(k) for k, _label in self.choices)
            raise ValueError(_("'%(value)s' is not one of: %(allowed)s") % {"value": text, "allowed": allowed})

    def render(self, value, obj=None, **kwargs):
        """Write the Indonesian label, which every language reads back."""
        labels = dict(self.choices)
        if value is None or value == "":
            return ""
        with translation.override("id"):
            return str(labels.get(value, value))


class CodeWidget(widgets.ForeignKeyWidget):
    """A related row found by its natural key (a group code, a username), cached per import."""

    def __init__(self, model, field, *, queryset=None, unknown=None, required=True):
        super().__init__(model, field)
        self.queryset = queryset
        self.unknown = unknown
        self.required = required
        self.cache = {}

    def get_queryset(self, value, row, *args, **kwargs):
        return self.queryset if self.queryset is not None else self.model.objects.all()

    def warm(self, values, queryset=None):
        """Load every row a file names in one query, so each cell is found without another."""
        texts = {cell_text(v) for v in values} - {""}
        rows = (queryset if queryset is not None else self.get_queryset(None, None)).filter(
            **{f"{self.field}__in": texts})
        self.cache.update({getattr(obj, self.field): obj for obj in rows})

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(_("is empty"))
            return None
        if text not in self.cache:
            found = self.get_queryset(value, row).filter(**{self.field: text}).first()
            if found is None:
                raise ValueError(self.unknown % {"value": text})
            self.cache[text] = found
        return self.cache[text]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))
