"""The audit trail: services call ``audit_record`` after every write that matters."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
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


# --- Changes made in the Django admin --------------------------------------------------------

# Relations followed (at most three steps) to find the organisation a record belongs to.
_OWNERS = ("quartier", "enquete", "atelier", "acteur", "indicateur", "carte", "proposition",
           "participation", "question", "objectif", "groupe")  # fmt: skip


def organisation_of(obj: models.Model):
    """The organisation ``obj`` belongs to, through its owning records, or None."""
    for _depth in range(4):
        if obj is None:
            return None
        if getattr(obj, "organisation_id", None):
            return obj.organisation
        obj = next((getattr(obj, name) for name in _OWNERS if getattr(obj, name, None)), None)
    return None


def _form_values(instance: models.Model, form) -> dict:
    """The stored values of the model fields the admin form changed (many-to-many as names)."""
    values = {}
    for name in form.changed_data:
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_many:
            values[name] = sorted(str(o) for o in getattr(instance, name).all())
        elif field.concrete:
            values[name] = _jsonable(getattr(instance, name))
    return values


class AuditedModelAdmin(admin.ModelAdmin):
    """An admin whose additions, changes and deletions enter the audit trail, as the same
    changes made through the application's services do: the admin is no way around it."""

    def save_model(self, request, obj, form, change):
        # Read the stored values before saving (many-to-many ones too: save_related comes later).
        form._audit_before = (
            _form_values(type(obj)._default_manager.get(pk=obj.pk), form) if change else {}
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(form, "_audit_before", {})
        after = _form_values(form.instance, form)
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        self._audit(request, form.instance, "update" if change else "create", changes)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._audit(request, obj, "create")
        initial = {id(f.instance): f.initial for f in formset.forms}
        for obj, fields in formset.changed_objects:
            old = initial.get(id(obj), {})
            changes = {f: [_jsonable(old.get(f)), _jsonable(getattr(obj, f, None))] for f in fields}
            self._audit(request, obj, "update", changes)
        for obj in formset.deleted_objects:
            self._audit(request, obj, "delete")

    def delete_model(self, request, obj):
        self._audit(request, obj, "delete")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "delete")
        super().delete_queryset(request, queryset)

    def _audit(self, request, obj, action, changes=None):
        if action == "update" and not changes:
            return  # saved unchanged
        audit_record(
            par=request.user,
            action=action,
            obj=obj,
            changes={"via": "admin", **changes} if changes else {"via": "admin"},
            organisation=organisation_of(obj),
        )
