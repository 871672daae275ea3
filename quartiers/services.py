"""Every write on neighbourhoods: checked with ``full_clean()`` and written to the audit trail.

Views, the perimeter import (form and command) and the demo call these functions.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from comptes.audit import audit_record, diff_fields, snapshot
from comptes.models import AuditEntry, Role

from .models import Action, AxeTravail, EtapePhase, Quartier

QUARTIER_FIELDS = [
    "nom",
    "commune",
    "code_insee",
    "typologie",
    "description",
    "habitants",
    "logements",
    "nombre_ilots",
    "qpv",
    "qva",
    "phase",
]
AXE_FIELDS = ["titre", "description", "ordre"]
ACTION_FIELDS = ["titre", "statut", "porteur", "responsable", "echeance"]
ETAPE_FIELDS = ["debut", "fin", "note"]


def _stored(instance, fields: list[str]) -> dict:
    """The values as stored in the database: a bound ModelForm has already copied the new
    values onto ``instance``, so a snapshot of the instance itself would see no change."""
    return snapshot(type(instance)._default_manager.get(pk=instance.pk), fields)


def _apply(instance, data: dict, fields: list[str]) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


@transaction.atomic
def quartier_update(*, quartier: Quartier, data: dict, par) -> Quartier:
    """Change a neighbourhood's descriptive fields (not its team nor its perimeter)."""
    before = _stored(quartier, QUARTIER_FIELDS)
    _apply(quartier, data, QUARTIER_FIELDS)
    quartier.full_clean()
    quartier.save()
    changes = diff_fields(quartier, before, QUARTIER_FIELDS)
    if changes:
        audit_record(par=par, action=AuditEntry.Action.UPDATE, obj=quartier, changes=changes)
    return quartier


@transaction.atomic
def quartier_set_membres(*, quartier: Quartier, membres: Iterable, par) -> Quartier:
    """Replace the assigned team. Only facilitators and partners of the same organisation."""
    membres = list(membres)
    for user in membres:
        if user.organisation_id != quartier.organisation_id or user.role not in (
            Role.FACILITATEUR,
            Role.PARTENAIRE,
        ):
            raise ValidationError(
                _("%(user)s ne peut pas être affecté·e à ce quartier."),
                code="membre_refuse",
                params={"user": user},
            )
    before = sorted(str(u) for u in quartier.membres.all())
    quartier.membres.set(membres)
    after = sorted(str(u) for u in membres)
    if before != after:
        audit_record(
            par=par,
            action=AuditEntry.Action.UPDATE,
            obj=quartier,
            changes={"membres": [", ".join(before), ", ".join(after)]},
        )
    return quartier


@transaction.atomic
def quartier_set_perimetre(*, quartier: Quartier, perimetre: dict, par, source: str = "") -> None:
    """Store a new perimeter (already validated by ``ecogestion.geometry.validate_area``)."""
    quartier.perimetre = perimetre
    quartier.full_clean()
    quartier.save(update_fields=["perimetre", "modifie_le"])
    audit_record(
        par=par,
        action=AuditEntry.Action.IMPORT,
        obj=quartier,
        changes={"perimetre": [None, source or _("périmètre importé")]},
    )


@transaction.atomic
def quartier_create(*, organisation, data: dict, par) -> Quartier:
    quartier = Quartier(organisation=organisation)
    _apply(quartier, data, QUARTIER_FIELDS + ["perimetre"])
    quartier.full_clean()
    quartier.save()
    audit_record(
        par=par,
        action=AuditEntry.Action.CREATE,
        obj=quartier,
        changes={name: [None, str(getattr(quartier, name))] for name in ("nom", "commune")},
    )
    return quartier


@transaction.atomic
def axe_create(*, quartier: Quartier, data: dict, par) -> AxeTravail:
    axe = AxeTravail(quartier=quartier)
    _apply(axe, data, AXE_FIELDS)
    axe.full_clean()
    axe.save()
    audit_record(
        par=par,
        action=AuditEntry.Action.CREATE,
        obj=axe,
        organisation=quartier.organisation,
        changes={"titre": [None, axe.titre]},
    )
    return axe


@transaction.atomic
def axe_update(*, axe: AxeTravail, data: dict, par) -> AxeTravail:
    before = _stored(axe, AXE_FIELDS)
    _apply(axe, data, AXE_FIELDS)
    axe.full_clean()
    axe.save()
    changes = diff_fields(axe, before, AXE_FIELDS)
    if changes:
        audit_record(
            par=par,
            action=AuditEntry.Action.UPDATE,
            obj=axe,
            organisation=axe.quartier.organisation,
            changes=changes,
        )
    return axe


@transaction.atomic
def axe_delete(*, axe: AxeTravail, par) -> None:
    """Delete an axis and its actions. Recorded against the neighbourhood so that the
    deletion still shows in its latest activity once the axis is gone."""
    quartier = axe.quartier
    titre = axe.titre
    nombre = axe.actions.count()
    axe.delete()
    audit_record(
        par=par,
        action=AuditEntry.Action.DELETE,
        obj=quartier,
        changes={"axe": [titre, None], "actions supprimées": [nombre, 0]},
    )


@transaction.atomic
def action_create(*, axe: AxeTravail, data: dict, par) -> Action:
    action = Action(axe=axe)
    _apply(action, data, ACTION_FIELDS)
    _check_responsable(action)
    action.full_clean()
    action.save()
    audit_record(
        par=par,
        action=AuditEntry.Action.CREATE,
        obj=action,
        organisation=axe.quartier.organisation,
        changes={"titre": [None, action.titre], "axe": [None, axe.titre]},
    )
    return action


@transaction.atomic
def action_update(*, action: Action, data: dict, par) -> Action:
    before = _stored(action, ACTION_FIELDS)
    _apply(action, data, ACTION_FIELDS)
    _check_responsable(action)
    action.full_clean()
    action.save()
    changes = diff_fields(action, before, ACTION_FIELDS)
    if changes:
        audit_record(
            par=par,
            action=AuditEntry.Action.UPDATE,
            obj=action,
            organisation=action.axe.quartier.organisation,
            changes=changes,
        )
    return action


@transaction.atomic
def action_delete(*, action: Action, par) -> None:
    quartier = action.axe.quartier
    titre = action.titre
    action.delete()
    audit_record(
        par=par, action=AuditEntry.Action.DELETE, obj=quartier, changes={"action": [titre, None]}
    )


def _check_responsable(action: Action) -> None:
    user = action.responsable
    if user is not None and user.organisation_id != action.axe.quartier.organisation_id:
        raise ValidationError(
            {"responsable": _("Le responsable doit appartenir à l'organisation du quartier.")},
            code="responsable_etranger",
        )


@transaction.atomic
def etapes_update(*, quartier: Quartier, etapes: dict[int, dict], par) -> list[EtapePhase]:
    """Set the dates of the method's phases. ``etapes`` maps a phase (0–4) to
    ``{"debut", "fin", "note"}``; a phase without a start date is removed from the timeline.

    Checks each step (end after start) and that phases follow each other in time."""
    existing = {e.phase: e for e in quartier.etapes.all()}
    errors: dict[int, list[str]] = {}
    kept: list[EtapePhase] = []
    for phase, values in sorted(etapes.items()):
        etape = existing.get(phase)
        if not values.get("debut"):
            if etape is not None:
                etape.delete()
                audit_record(
                    par=par,
                    action=AuditEntry.Action.DELETE,
                    obj=quartier,
                    changes={"étape": [str(etape), None]},
                )
            continue
        created = etape is None
        if created:
            etape = EtapePhase(quartier=quartier, phase=phase)
        before = snapshot(etape, ETAPE_FIELDS)
        _apply(etape, values, ETAPE_FIELDS)
        try:
            etape.full_clean()
        except ValidationError as exc:
            errors[phase] = exc.messages
            continue
        if kept and kept[-1].debut > etape.debut:
            errors[phase] = [_("Une phase ne peut pas commencer avant la phase précédente.")]
            continue
        etape.save()
        kept.append(etape)
        changes = diff_fields(etape, before, ETAPE_FIELDS)
        if changes:
            audit_record(
                par=par,
                action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
                obj=etape,
                organisation=quartier.organisation,
                changes=changes,
            )
    if errors:
        raise ValidationError({str(phase): msgs for phase, msgs in errors.items()})
    return kept


@transaction.atomic
def perimetres_importer(*, organisation, lignes: list, par, source: str = "") -> dict[str, int]:
    """Import previewed perimeters (``imports.apercu``) in one transaction: an existing
    neighbourhood of the same name gets the new perimeter, other names become new
    neighbourhoods. Any refused line refuses the whole import."""
    refusees = [ligne for ligne in lignes if not ligne.valide]
    if refusees:
        raise ValidationError(
            _("%(n)s entité(s) refusée(s) : rien n'a été importé."),
            code="lignes_refusees",
            params={"n": len(refusees)},
        )
    if not lignes:
        raise ValidationError(_("Aucune entité à importer."), code="vide")
    counts = {"crees": 0, "mis_a_jour": 0}
    for ligne in lignes:
        quartier = Quartier.objects.filter(organisation=organisation, nom__iexact=ligne.nom).first()
        if quartier is None:
            quartier_create(
                organisation=organisation,
                data={"nom": ligne.nom, "perimetre": ligne.perimetre},
                par=par,
            )
            counts["crees"] += 1
        else:
            quartier_set_perimetre(
                quartier=quartier, perimetre=ligne.perimetre, par=par, source=source
            )
            counts["mis_a_jour"] += 1
    return counts
