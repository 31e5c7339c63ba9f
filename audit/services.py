"""Write audit events. Every service that changes money or rules calls :func:`audit_record`."""
from .models import AuditEvent


def audit_record(*, actor, action, obj, group=None, data=None):
    """Record that ``actor`` did ``action`` to ``obj``; call inside the service's transaction."""
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        group=group,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data or {},
    )
