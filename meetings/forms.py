"""Forms for meetings and the parser of the meeting sheet's many cells."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from core.forms import bounded_formfield
from core.inputs import is_ascii_digits
from core.money import parse_rupiah
from members.models import Member

from .models import Meeting, SheetRow


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "type", "theme", "place", "officer_attended", "topics", "notes", "participants"]
        formfield_callback = bounded_formfield
        widgets = {"topics": forms.Textarea(attrs={"rows": 3}),
                   "notes": forms.Textarea(attrs={"rows": 3}), "participants": forms.CheckboxSelectMultiple}
        help_texts = {"participants": gettext_lazy("For a thematic discussion, training or network meeting: "
                                            "the members who took part.")}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Member.objects.filter(group=group).active().order_by("full_name")


def _amount(text):
    """Parse a typed amount; blank is zero. Raise ValueError on anything else that is not Rupiah."""
    text = (text or "").strip()
    if not text:
        return 0
    value = parse_rupiah(text)
    if value < 0:
        raise ValueError(text)
    return value


AMOUNT_ERROR = gettext_lazy("Enter a whole number of Rupiah, e.g. 25.000.")


def parse_sheet(data, lines):
    """Read the sheet's cells for ``lines`` from POST ``data``.

    Fill each line's ``values``, ``raw`` (what was typed, shown again on error), ``attendance``,
    ``cover_for_id`` and ``note``. Return ``(rows, cash_counted, errors)`` where ``rows`` is
    what the services take and ``errors`` maps ``<member id>.<field>`` (or a page field) to messages.
    """
    rows, errors = {}, {}
    for line in lines:
        pk = line.member.pk
        row = {}
        for f in SheetRow.AMOUNT_FIELDS:
            raw = data.get(f"{pk}-{f}", "")
            line.raw[f] = raw
            try:
                row[f] = _amount(raw)
            except ValueError:
                errors[f"{pk}.{f}"] = [str(AMOUNT_ERROR)]
                row[f] = 0
            line.values[f] = row[f]
        row["attendance"] = line.attendance = data.get(f"{pk}-attendance", "")
        cover = data.get(f"{pk}-cover_for", "")
        row["cover_for"] = line.cover_for_id = int(cover) if is_ascii_digits(cover) and len(cover) <= 18 else None
        row["note"] = line.note = data.get(f"{pk}-note", "").strip()
        rows[pk] = row
    cash_raw = data.get("cash_counted", "")
    cash_counted = None
    if cash_raw.strip():
        try:
            cash_counted = _amount(cash_raw)
        except ValueError:
            errors["cash_counted"] = [str(AMOUNT_ERROR)]
    return rows, cash_counted, errors


def error_map(exc: ValidationError):
    """Return a service ValidationError as {key: [message, ...]} (page-wide errors under ``__all__``)."""
    if hasattr(exc, "error_dict"):
        return {key: [m for e in errs for m in e.messages] for key, errs in exc.error_dict.items()}
    return {"__all__": exc.messages}


def attach_errors(lines, errors):
    """Hang the cell errors on their lines; return the errors that belong to the page."""
    by_pk = {line.member.pk: line for line in lines}
    page = {}
    for key, messages in errors.items():
        pk, _dot, field = key.partition(".")
        if field and is_ascii_digits(pk) and int(pk) in by_pk:
            by_pk[int(pk)].errors[field] = messages
        else:
            page[key] = messages
    return page
