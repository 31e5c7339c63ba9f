"""Forms for meetings and the parser of the meeting sheet's many cells."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from core.forms import bounded_formfield
from members.models import Member

from .models import Meeting


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


def member_id(text):
    """Return ``text`` as a member id if it is one (ASCII digits, fits a bigint), else None."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


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
        if field and member_id(pk) in by_pk:
            by_pk[member_id(pk)].errors[field] = messages
        else:
            page[key] = messages
    return page
