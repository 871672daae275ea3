"""Writes on the contact base. Views, imports, tasks and other apps call these functions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from comptes.audit import audit_record, diff_fields, snapshot
from comptes.models import AuditEntry

from .models import Acteur, Contact, ImportActeurs, Relation

if TYPE_CHECKING:
    from ateliers.models import Atelier

ACTEUR_FIELDS = [
    "nature",
    "type_acteur",
    "nom",
    "prenom",
    "structure_id",
    "fonction",
    "role_programme",
    "famille",
    "email",
    "telephone",
    "adresse",
    "site_web",
    "notes",
    "est_relais",
    "stade_diffusion",
    "consentement_date",
    "consentement_source",
    "consentement_finalite",
]
# What the right to erasure blanks. Type, role, family, neighbourhoods, relay stage, relations
# and the dated contacts stay, so that the anonymous counts of the programme remain true.
PERSONAL_FIELDS = [
    "prenom",
    "fonction",
    "email",
    "telephone",
    "adresse",
    "site_web",
    "notes",
    "consentement_source",
    "consentement_finalite",
]


def _check_structure(acteur: Acteur) -> None:
    structure = acteur.structure if acteur.structure_id else None
    if structure is None:
        return
    if structure.organisation_id != acteur.organisation_id:
        raise ValidationError({"structure": _("Structure inconnue.")}, code="structure")
    if structure.pk == acteur.pk:
        raise ValidationError(
            {"structure": _("Un acteur ne peut pas être sa propre structure.")}, code="structure"
        )


def _check_quartiers(acteur: Acteur, quartiers: Iterable) -> list:
    quartiers = list(quartiers)
    for quartier in quartiers:
        if quartier.organisation_id != acteur.organisation_id:
            raise ValidationError({"quartiers": _("Quartier inconnu.")}, code="quartier")
    return quartiers


def _normalise(acteur: Acteur) -> None:
    acteur.email = (acteur.email or "").strip().lower()
    if not acteur.est_relais:
        acteur.stade_diffusion = ""


@transaction.atomic
def acteur_creer(*, par, organisation, quartiers: Iterable = (), **fields: Any) -> Acteur:
    """Create an actor of ``organisation`` attached to ``quartiers``; audited."""
    acteur = Acteur(organisation=organisation, cree_par=par if getattr(par, "pk", None) else None)
    for name, value in fields.items():
        setattr(acteur, name, value)
    _normalise(acteur)
    acteur.full_clean()
    _check_structure(acteur)
    quartiers = _check_quartiers(acteur, quartiers)
    acteur.save()
    acteur.quartiers.set(quartiers)
    audit_record(
        par=par,
        action=AuditEntry.Action.CREATE,
        obj=acteur,
        # One string: a list of two names would read as [before, after] in the journal.
        changes={"quartiers": ", ".join(sorted(q.nom for q in quartiers))},
    )
    return acteur


@transaction.atomic
def acteur_modifier(*, acteur: Acteur, par, quartiers: Iterable | None = None, **fields) -> Acteur:
    """Change an actor's fields (and neighbourhoods when given); audits the differences."""
    if (
        acteur.est_anonymise
        or Acteur.objects.filter(pk=acteur.pk, anonymise_le__isnull=False).exists()
    ):
        raise ValidationError(_("Cet acteur a été anonymisé : il ne peut plus être modifié."))
    before = snapshot(acteur, ACTEUR_FIELDS)
    before_quartiers = sorted(acteur.quartiers.values_list("nom", flat=True))
    for name, value in fields.items():
        setattr(acteur, name, value)
    _normalise(acteur)
    acteur.full_clean()
    _check_structure(acteur)
    acteur.save()
    changes = diff_fields(acteur, before, ACTEUR_FIELDS)
    if quartiers is not None:
        quartiers = _check_quartiers(acteur, quartiers)
        acteur.quartiers.set(quartiers)
        after_quartiers = sorted(q.nom for q in quartiers)
        if after_quartiers != before_quartiers:
            changes["quartiers"] = [before_quartiers, after_quartiers]
    if changes:
        audit_record(par=par, action=AuditEntry.Action.UPDATE, obj=acteur, changes=changes)
    return acteur


@transaction.atomic
def relation_ajouter(
    *, source: Acteur, cible: Acteur, type_relation: str, par, note: str = ""
) -> Relation:
    """Add the directed relation ``source → cible``; both actors of the same organisation."""
    if source.organisation_id != cible.organisation_id:
        raise ValidationError({"cible": _("Acteur inconnu.")}, code="organisation")
    relation = Relation(source=source, cible=cible, type_relation=type_relation, note=note)
    relation.full_clean()
    relation.save()
    audit_record(
        par=par,
        action=AuditEntry.Action.CREATE,
        obj=relation,
        organisation=source.organisation,
        changes={"type_relation": type_relation},
    )
    return relation


@transaction.atomic
def relation_supprimer(*, relation: Relation, par) -> None:
    organisation = relation.source.organisation
    audit_record(par=par, action=AuditEntry.Action.DELETE, obj=relation, organisation=organisation)
    relation.delete()


@transaction.atomic
def contact_enregistrer(
    *,
    acteur: Acteur,
    date: datetime.date,
    canal: str,
    par,
    note: str = "",
    source_key: str = "",
    atelier: Atelier | None = None,
) -> Contact:
    """Log a contact with ``acteur``.

    With a ``source_key`` (e.g. ``"atelier:42"``) the call is idempotent: calling it again for the
    same actor and key updates that contact instead of adding a second one, so an app that
    re-saves an activity's attendance does not inflate the "reached more than once" counts.
    ``atelier`` is the field activity whose attendance the contact records (linked from the
    actor's history).
    """
    if acteur.est_anonymise and not source_key:
        raise ValidationError(_("Cet acteur a été anonymisé : aucun contact ne peut être ajouté."))
    par_user = par if getattr(par, "pk", None) else None
    if source_key:
        contact = (
            Contact.objects.select_for_update().filter(acteur=acteur, source_key=source_key).first()
        )
        if contact is not None:
            before = snapshot(contact, ["date", "canal", "note"])
            contact.date, contact.canal = date, canal
            if not acteur.est_anonymise:
                contact.note = note
            contact.par = par_user or contact.par
            contact.atelier = atelier
            contact.full_clean()
            contact.save()
            changes = diff_fields(contact, before, ["date", "canal", "note"])
            if changes:
                audit_record(
                    par=par,
                    action=AuditEntry.Action.UPDATE,
                    obj=contact,
                    organisation=acteur.organisation,
                    changes=changes,
                )
            return contact
    contact = Contact(
        acteur=acteur,
        date=date,
        canal=canal,
        par=par_user,
        note="" if acteur.est_anonymise else note,
        source_key=source_key,
        atelier=atelier,
    )
    contact.full_clean()
    contact.save()
    audit_record(
        par=par,
        action=AuditEntry.Action.CREATE,
        obj=contact,
        organisation=acteur.organisation,
        changes={"canal": canal, "date": date.isoformat()},
    )
    return contact


@transaction.atomic
def contact_supprimer(*, contact: Contact, par) -> None:
    """Remove a contact logged by mistake. Contacts another app created (``source_key``) are
    removed there (e.g. by un-ticking the person from the activity's attendance)."""
    if contact.gere_ailleurs:
        raise ValidationError(
            _("Ce contact vient d'une activité : retirez la personne de ses participant·es."),
            code="contact_source",
        )
    audit_record(
        par=par,
        action=AuditEntry.Action.DELETE,
        obj=contact,
        organisation=contact.acteur.organisation,
        changes={"date": contact.date.isoformat(), "canal": contact.canal},
    )
    contact.delete()


@transaction.atomic
def contact_supprimer_par_source(*, acteur: Acteur, source_key: str, par) -> bool:
    """Remove the contact another app created (e.g. a person un-ticked from an attendance)."""
    contact = Contact.objects.filter(acteur=acteur, source_key=source_key).first()
    if contact is None:
        return False
    audit_record(
        par=par, action=AuditEntry.Action.DELETE, obj=contact, organisation=acteur.organisation
    )
    contact.delete()
    return True


def acteur_exporter_donnees(*, acteur: Acteur, par) -> dict:
    """Everything held on one actor (right of access), and an "export" audit entry."""
    from .selectors import acteur_donnees_personnelles

    data = acteur_donnees_personnelles(acteur)
    audit_record(par=par, action=AuditEntry.Action.EXPORT, obj=acteur, changes={})
    return data


def anonymous_label(acteur: Acteur) -> str:
    return _("Personne anonymisée n° %(pk)s") % {"pk": acteur.pk}


@transaction.atomic
def acteur_anonymiser(*, acteur: Acteur, par, motif: str = "") -> Acteur:
    """Right to erasure: irreversibly blank what identifies a person.

    Kept: type, role, family, neighbourhoods, relay stage, relations (their notes blanked) and
    contacts (date, channel, who; notes blanked), so counts stay true but name nobody. Past audit
    entries about the person and their contacts lose the name they carried.
    """
    # Lock the row, then work on the caller's instance so that it reflects the erasure.
    list(Acteur.objects.select_for_update().filter(pk=acteur.pk).values_list("pk"))
    acteur.refresh_from_db()
    if not acteur.est_personne:
        raise ValidationError(
            _("Seules les personnes peuvent être anonymisées ; une organisation se modifie."),
            code="pas_personne",
        )
    if acteur.est_anonymise:
        raise ValidationError(_("Cette personne est déjà anonymisée."), code="deja_anonymise")
    for name in PERSONAL_FIELDS:
        setattr(acteur, name, "")
    acteur.nom = anonymous_label(acteur)
    acteur.consentement_date = None
    acteur.anonymise_le = timezone.now()
    acteur.save()
    contact_ids = list(acteur.contacts.values_list("pk", flat=True))
    acteur.contacts.update(note="")
    relations = Relation.objects.filter(Q(source=acteur) | Q(cible=acteur))
    relation_ids = [str(pk) for pk in relations.values_list("pk", flat=True)]
    relations.update(note="")
    # The audit trail must not keep what the erasure removed.
    AuditEntry.objects.filter(object_type="acteurs.acteur", object_id=str(acteur.pk)).update(
        object_repr=acteur.nom, changes={}
    )
    AuditEntry.objects.filter(
        object_type="acteurs.contact", object_id__in=[str(pk) for pk in contact_ids]
    ).update(object_repr=acteur.nom, changes={})
    AuditEntry.objects.filter(object_type="acteurs.relation", object_id__in=relation_ids).update(
        object_repr=acteur.nom
    )
    audit_record(
        par=par,
        action=AuditEntry.Action.ANONYMISE,
        obj=acteur,
        changes={"motif": motif} if motif else {},
    )
    return acteur


@transaction.atomic
def import_enregistrer(*, organisation, par, fichier: str, rows: list[dict], ignores: int):
    """Create every actor of a validated import in one transaction (see ``imports``)."""
    from quartiers.models import Quartier

    quartiers = {q.nom.casefold(): q for q in Quartier.objects.filter(organisation=organisation)}
    created: dict[str, Acteur] = {}
    existing_structures = {
        a.nom.casefold(): a
        for a in Acteur.objects.filter(organisation=organisation, nature="organisation")
    }
    # Organisations first, so that persons can point to a structure listed in the same file.
    ordered = sorted(rows, key=lambda r: r["fields"]["nature"] != "organisation")
    for row in ordered:
        fields = dict(row["fields"])
        structure_nom = fields.pop("structure_nom", "")
        if structure_nom:
            fields["structure"] = created.get(structure_nom.casefold()) or existing_structures.get(
                structure_nom.casefold()
            )
        # Everything was checked at the preview; only a change of the base since then (a
        # neighbourhood deleted, a name taken…) fails here, and the transaction creates nothing.
        disparus = [nom for nom in row["quartiers"] if nom.casefold() not in quartiers]
        if disparus:
            raise ValidationError(
                _("« %(nom)s » : le quartier « %(q)s » n'existe plus."),
                code="import_perime",
                params={"nom": fields.get("nom", ""), "q": disparus[0]},
            )
        try:
            acteur = acteur_creer(
                par=par,
                organisation=organisation,
                quartiers=[quartiers[nom.casefold()] for nom in row["quartiers"]],
                **fields,
            )
        except ValidationError as exc:
            raise ValidationError(
                _("« %(nom)s » ne peut plus être créé (%(detail)s)."),
                code="import_perime",
                params={"nom": fields.get("nom", ""), "detail": " ".join(exc.messages)},
            ) from exc
        if acteur.nature == "organisation":
            created[acteur.nom.casefold()] = acteur
    record = ImportActeurs.objects.create(
        organisation=organisation,
        par=par if getattr(par, "pk", None) else None,
        fichier=fichier[:255],
        lignes=len(rows) + ignores,
        crees=len(rows),
        ignores=ignores,
    )
    audit_record(
        par=par,
        action=AuditEntry.Action.IMPORT,
        obj=record,
        changes={"fichier": fichier, "crees": len(rows), "ignores": ignores},
    )
    return record
