"""The audit trail: services call ``audit_record`` after every write that matters."""

from django.db import models

from .models import AuditEntry


def diff_fields(instance: models.Model, before: dict, fields: list[str]) -> dict:
    """The fields whose value changed since ``before`` (a dict of field -> old value)."""
    changes = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            changes[name] = [_jsonable(old), _jsonable(new)]
    return changes


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    return {name: getattr(instance, name) for name in fields}


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)


def audit_record(
    *, par, action: str, obj: models.Model, changes: dict | None = None, organisation=None
) -> AuditEntry | None:
    """Write one audit entry for ``obj``; ``par`` is the acting user (or None for the system).

    An update that changed nothing writes no entry (returns None): saving an unchanged form or
    re-running an idempotent load (``load_demo``) must not fill the journal with empty rows.
    """
    if action == AuditEntry.Action.UPDATE and not changes:
        return None
    org = organisation or getattr(obj, "organisation", None)
    return AuditEntry.objects.create(
        organisation=org,
        user=par if getattr(par, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )
