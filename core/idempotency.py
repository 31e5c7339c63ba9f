"""Make a service post once per form: the first result is returned to every repeat of a submission.

A money form carries a random key made when the form is shown (:class:`core.forms.OnceForm`).
:func:`idempotent` wraps a service so that a call with a key already used returns what the first
call returned and changes nothing: for a double click, a resend after a timeout, or two requests
at the same moment (the second waits on the first's row locks or on the key's unique index, then
finds the key). A key used for another action is refused.
"""
import functools

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from core.models import IdempotencyKey

NOT_FOUND = object()


def _reference(value):
    """Return what the key stores to find ``value`` again: a model row, or a list of rows."""
    if isinstance(value, models.Model):
        return {"model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, list | tuple) and all(isinstance(v, models.Model) for v in value):
        label = value[0]._meta.label_lower if value else ""
        return {"model": label, "pks": [v.pk for v in value]}
    raise TypeError(f"an idempotent service returns a model row or a list of rows, not {type(value)!r}")


def _load(reference):
    if not reference.get("model"):
        return []
    model = apps.get_model(reference["model"])
    if "pks" in reference:
        rows = model._default_manager.in_bulk(reference["pks"])
        return [rows[pk] for pk in reference["pks"] if pk in rows]
    return model._default_manager.get(pk=reference["pk"])


def replay(key, action):
    """Return the first result of the submission ``key`` of ``action``, or NOT_FOUND."""
    found = IdempotencyKey.objects.filter(key=key).first()
    if found is None:
        return NOT_FOUND
    if found.action != action:
        raise ValidationError(_("This form was already used for something else; open it again."),
                              code="key_reused")
    return _load(found.result)


def remember(key, action, result, *, actor):
    """Record that the submission ``key`` of ``action`` returned ``result`` (IntegrityError if used)."""
    IdempotencyKey.objects.create(key=key, action=action, result=_reference(result), actor=actor)


def idempotent(action, *, refer=None, load=None):
    """Give the decorated service an ``idempotency_key=`` argument that makes it post once.

    Without a key the service runs as before. ``refer`` turns a result that is no model row into
    one (the settlement of an exit into its member) and ``load`` turns it back for a repeat.
    """
    def decorate(service):
        @functools.wraps(service)
        def run(*, idempotency_key=None, **kwargs):
            if not idempotency_key:
                return service(**kwargs)

            def first():
                found = replay(idempotency_key, action)
                return found if found is NOT_FOUND or load is None else load(found)

            found = first()
            if found is not NOT_FOUND:
                return found
            try:
                with transaction.atomic():
                    result = service(**kwargs)
                    remember(idempotency_key, action, refer(result) if refer else result, actor=kwargs["actor"])
            except (IntegrityError, ValidationError):
                # A request with the same key finished while this one ran (it held the rows this
                # one waited for, or the key itself): its result is the answer; else the error is.
                found = first()
                if found is not NOT_FOUND:
                    return found
                raise
            return result

        run.idempotent_action = action
        return run

    return decorate
