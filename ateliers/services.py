"""Every write of the ateliers app: activities, their contacts, attachments, proposals."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acteurs.models import Acteur, Canal, Contact, Nature
from acteurs.services import acteur_creer, contact_enregistrer, contact_supprimer_par_source
from comptes.audit import audit_record, diff_fields, snapshot
from ecogestion.uploads import DOCUMENTS, IMAGES, check_upload

from .models import (
    Atelier,
    ChangementStatut,
    GroupeTravail,
    JetonCalendrier,
    PieceJointe,
    PorteeCalendrier,
    Proposition,
    StatutProposition,
    Suivi,
)

ATELIER_FIELDS = [
    "quartier_id",
    "type_activite_id",
    "titre",
    "date",
    "heure_debut",
    "duree_minutes",
    "lieu",
    "adresse",
    "latitude",
    "longitude",
    "axe_id",
    "phase",
    "groupe_id",
    "heures_preparation",
    "heures_terrain",
    "participants",
    "compte_rendu",
]


def _source_key(atelier: Atelier) -> str:
    return f"atelier:{atelier.pk}"


def atelier_contacts_synchroniser(*, atelier: Atelier, par=None) -> None:
    """Keep one contact per attending actor in their history, keyed by the activity.

    Goes through the contact base's services, which are idempotent on ``source_key``: re-saving
    updates those contacts (date, note), removing an attendee removes theirs, nothing is ever
    duplicated, and each change is audited.
    """
    key = _source_key(atelier)
    presents = list(atelier.acteurs_presents.all())
    present_ids = {acteur.pk for acteur in presents}
    for contact in (
        Contact.objects.filter(source_key=key)
        .exclude(acteur_id__in=present_ids)
        .select_related("acteur")
    ):
        contact_supprimer_par_source(acteur=contact.acteur, source_key=key, par=par)
    animateur = atelier.animateurs.order_by("pk").first() or par
    note = f"{atelier.type_activite.nom} · {atelier.titre}"
    for acteur in presents:
        contact_enregistrer(
            acteur=acteur,
            date=atelier.date,
            canal=Canal.ATELIER,
            par=animateur,
            note=note,
            source_key=key,
            atelier=atelier,
        )


def _check_coherence(atelier: Atelier, acteurs: Iterable[Acteur]) -> None:
    errors = {}
    if atelier.axe is not None and atelier.axe.quartier_id != atelier.quartier_id:
        errors["axe"] = _("Cet axe de travail appartient à un autre quartier.")
    if atelier.groupe is not None and atelier.groupe.quartier_id != atelier.quartier_id:
        errors["groupe"] = _("Ce groupe de travail appartient à un autre quartier.")
    org = atelier.quartier.organisation_id
    if any(a.organisation_id != org for a in acteurs):
        errors["acteurs_presents"] = _("Un des acteurs n'appartient pas à votre organisation.")
    if (atelier.latitude is None) != (atelier.longitude is None):
        errors["latitude"] = _("Indiquez la latitude et la longitude, ou aucune des deux.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def atelier_enregistrer(
    *,
    par,
    data: dict,
    animateurs: Iterable,
    acteurs_presents: Iterable[Acteur],
    atelier: Atelier | None = None,
    nouvel_acteur: dict | None = None,
) -> Atelier:
    """Create (``atelier`` None) or update an activity, its facilitators and attendees, and
    keep the attendees' contact histories in step.

    ``nouvel_acteur`` (``nature``, ``type_acteur``, ``nom``, ``prenom``) is someone absent from
    the contact base: they are created in it, attached to the activity's neighbourhood and
    counted present, all in the same transaction as the activity (nothing half-saved)."""
    creating = atelier is None
    atelier = atelier or Atelier(cree_par=par)
    before = snapshot(atelier, ATELIER_FIELDS)
    for name, value in data.items():
        setattr(atelier, name, value)
    acteurs_presents = list(acteurs_presents)
    atelier.full_clean()
    _check_coherence(atelier, acteurs_presents)
    if nouvel_acteur:
        acteurs_presents.append(_acteur_absent_du_fichier(atelier, par, **nouvel_acteur))
    atelier.save()
    atelier.animateurs.set(list(animateurs))
    atelier.acteurs_presents.set(acteurs_presents)
    atelier_contacts_synchroniser(atelier=atelier, par=par)
    changes = diff_fields(atelier, before, ATELIER_FIELDS)
    changes["acteurs_presents"] = sorted(a.pk for a in acteurs_presents)
    audit_record(par=par, action="create" if creating else "update", obj=atelier, changes=changes)
    return atelier


def _acteur_absent_du_fichier(
    atelier: Atelier, par, *, nature: str, type_acteur: str, nom: str, prenom: str = ""
) -> Acteur:
    """The minimal actor a facilitator adds while logging (completed later in the contact
    base), created through the contact base's own service."""
    try:
        return acteur_creer(
            par=par,
            organisation=atelier.quartier.organisation,
            quartiers=[atelier.quartier],
            nature=nature,
            type_acteur=type_acteur,
            nom=nom.strip(),
            prenom=prenom.strip() if nature == Nature.PERSONNE else "",
        )
    except ValidationError as exc:
        # Report the contact base's errors on the inline fields the user filled.
        fields = {"nom": "nouvel_nom", "prenom": "nouvel_prenom", "type_acteur": "nouvel_type"}
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        raise ValidationError(
            {fields.get(name, "nouvel_nom"): errors for name, errors in messages.items()}
        ) from exc


@transaction.atomic
def atelier_supprimer(*, atelier: Atelier, par) -> None:
    """Delete an activity, the contacts it created (audited in each actor's trail) and its
    files."""
    key = _source_key(atelier)
    for contact in Contact.objects.filter(source_key=key).select_related("acteur"):
        contact_supprimer_par_source(acteur=contact.acteur, source_key=key, par=par)
    for piece in atelier.pieces.all():
        piece_supprimer(piece=piece, par=par)
    audit_record(par=par, action="delete", obj=atelier, organisation=atelier.organisation)
    atelier.delete()


def piece_verifier(fichier):
    """The detected kind of an attachment, or ValidationError (type by content, size)."""
    return check_upload(
        fichier, allowed=IMAGES | DOCUMENTS, max_bytes=settings.ATELIERS_PIECE_MAX_BYTES
    )


def piece_ajouter(*, atelier: Atelier, fichier, par, legende: str = "") -> PieceJointe:
    """Attach a photo or PDF, checked by content (type and size) before it reaches the disk."""
    kind = piece_verifier(fichier)
    nom = (getattr(fichier, "name", "") or "fichier").rsplit("/", 1)[-1][:200]
    piece = PieceJointe(
        atelier=atelier,
        nom=nom,
        type_mime=kind.mime,
        taille=fichier.size,
        legende=legende,
        ajoute_par=par,
    )
    piece.fichier.save(f"x{kind.extension}", fichier, save=False)
    try:
        piece.full_clean()
        piece.save()
    except Exception:
        piece.fichier.delete(save=False)
        raise
    audit_record(par=par, action="create", obj=piece, organisation=atelier.organisation)
    return piece


@transaction.atomic
def pieces_ajouter(*, atelier: Atelier, fichiers: Iterable, par, legende: str = "") -> list:
    """Attach several files, all or nothing: every file is checked before any reaches the disk;
    the errors name each refused file."""
    fichiers = list(fichiers)
    errors = []
    for fichier in fichiers:
        try:
            piece_verifier(fichier)
        except ValidationError as exc:
            errors += [f"{fichier.name} : {message}" for message in exc.messages]
    if errors:
        raise ValidationError(errors)
    return [
        piece_ajouter(atelier=atelier, fichier=fichier, par=par, legende=legende)
        for fichier in fichiers
    ]


def piece_supprimer(*, piece: PieceJointe, par) -> None:
    organisation = piece.organisation
    audit_record(par=par, action="delete", obj=piece, organisation=organisation)
    storage, name = piece.fichier.storage, piece.fichier.name
    piece.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


GROUPE_FIELDS = ["quartier_id", "nom", "description", "actif"]


@transaction.atomic
def groupe_enregistrer(
    *, par, data: dict, membres: Iterable[Acteur], groupe: GroupeTravail | None = None
) -> GroupeTravail:
    creating = groupe is None
    groupe = groupe or GroupeTravail()
    before = snapshot(groupe, GROUPE_FIELDS)
    for name, value in data.items():
        setattr(groupe, name, value)
    groupe.full_clean()
    membres = list(membres)
    if any(m.organisation_id != groupe.quartier.organisation_id for m in membres):
        raise ValidationError(
            {"membres": _("Un des membres n'appartient pas à votre organisation.")}
        )
    groupe.save()
    groupe.membres.set(membres)
    audit_record(
        par=par,
        action="create" if creating else "update",
        obj=groupe,
        organisation=groupe.quartier.organisation,
        changes=diff_fields(groupe, before, GROUPE_FIELDS),
    )
    return groupe


PROPOSITION_FIELDS = [
    "texte",
    "theme",
    "porteur",
    "porteur_acteur_id",
    "atelier_id",
    "note_carte_id",
]


@transaction.atomic
def proposition_enregistrer(
    *, par, data: dict, quartier=None, proposition: Proposition | None = None
) -> Proposition:
    """Create a proposition (status "nouvelle", first history row) or edit its text."""
    creating = proposition is None
    proposition = proposition or Proposition(quartier=quartier, cree_par=par)
    before = snapshot(proposition, PROPOSITION_FIELDS)
    for name, value in data.items():
        if name in ("statut", "quartier", "quartier_id"):
            continue  # status only changes through proposition_changer_statut
        setattr(proposition, name, value)
    atelier, note, porteur = (
        proposition.atelier,
        proposition.note_carte,
        proposition.porteur_acteur,
    )
    if atelier is not None and atelier.quartier_id != proposition.quartier_id:
        raise ValidationError({"atelier": _("Cette activité a eu lieu dans un autre quartier.")})
    if note is not None and note.carte.quartier_id != proposition.quartier_id:
        raise ValidationError({"note_carte": _("Cette note est sur la carte d'un autre quartier.")})
    if porteur is not None and porteur.organisation_id != proposition.quartier.organisation_id:
        raise ValidationError({"porteur_acteur": _("Acteur inconnu.")})
    proposition.full_clean()
    proposition.save()
    if creating:
        ChangementStatut.objects.create(
            proposition=proposition, ancien="", nouveau=proposition.statut, par=par
        )
    audit_record(
        par=par,
        action="create" if creating else "update",
        obj=proposition,
        changes=diff_fields(proposition, before, PROPOSITION_FIELDS),
    )
    return proposition


class NoteDejaProposition(ValidationError):
    """The note already became a proposal; ``proposition`` is that proposal."""

    def __init__(self, proposition: Proposition):
        self.proposition = proposition
        super().__init__(
            _("Cette note est déjà devenue la proposition n° %(numero)s.")
            % {"numero": proposition.pk},
            code="deja",
        )


def proposition_depuis_note(*, note, par, theme: str | None = None) -> Proposition:
    """Turn a map note into a proposal of the note's neighbourhood.

    The text comes from the note's comment (or its category when it has none), the theme from
    its category, the carrier from its author label, and the proposal is linked to the session's
    activity when the session belongs to one. A note becomes at most one proposal: a second call
    raises a ValidationError (code ``deja``) naming the existing one. Rejected notes are refused.
    """
    from cartographie.models import Annotation, Statut

    with transaction.atomic():
        # Lock the note so two clicks at once cannot create two proposals.
        note = (
            Annotation.objects.select_for_update(of=("self",))
            .select_related("carte__quartier", "carte__atelier", "categorie")
            .get(pk=note.pk)
        )
        existing = Proposition.objects.filter(note_carte=note).order_by("pk").first()
        if existing is not None:
            raise NoteDejaProposition(existing)
        if note.statut == Statut.REJETEE:
            raise ValidationError(
                _("Une note rejetée ne peut pas devenir une proposition : publiez-la d'abord."),
                code="rejetee",
            )
        carte = note.carte
        texte = note.commentaire.strip() or str(note.categorie)
        return proposition_enregistrer(
            par=par,
            quartier=carte.quartier,
            data={
                "texte": texte,
                "theme": (theme if theme is not None else note.categorie.nom)[:120],
                "porteur": note.auteur[:200],
                "atelier": carte.atelier,
                "note_carte": note,
            },
        )


# Which moves make sense; "abandonnée" and "réalisée" may be reopened.
TRANSITIONS: dict[str, set[str]] = {
    StatutProposition.NOUVELLE: {
        StatutProposition.RETENUE,
        StatutProposition.EN_COURS,
        StatutProposition.REALISEE,
        StatutProposition.ABANDONNEE,
    },
    StatutProposition.RETENUE: {
        StatutProposition.NOUVELLE,
        StatutProposition.EN_COURS,
        StatutProposition.REALISEE,
        StatutProposition.ABANDONNEE,
    },
    StatutProposition.EN_COURS: {
        StatutProposition.RETENUE,
        StatutProposition.REALISEE,
        StatutProposition.ABANDONNEE,
    },
    StatutProposition.REALISEE: {StatutProposition.EN_COURS},
    StatutProposition.ABANDONNEE: {StatutProposition.NOUVELLE, StatutProposition.RETENUE},
}


def statuts_possibles(statut: str) -> list[str]:
    """The statuses a proposition in ``statut`` may move to, in the board's order."""
    allowed = TRANSITIONS.get(statut, set())
    return [value for value in StatutProposition.values if value in allowed]


def _moment_du_changement(le: date | datetime | None, dernier: datetime | None) -> datetime:
    """When a status change happened. Facilitators often record it afterwards, so a past day
    is accepted, but not a future one, nor one before the previous change (the history would
    read backwards). A day without a time is placed at noon, or just after the previous change
    when that was the same day, so the history keeps its order."""
    now = timezone.now()
    if le is None:
        return now
    if isinstance(le, datetime):
        moment = le
    elif le == timezone.localdate():
        moment = now
    else:
        moment = timezone.make_aware(datetime.combine(le, time(12)))
    if timezone.localdate(moment) > timezone.localdate(now):
        raise ValidationError({"le": _("Cette date est dans le futur.")}, code="future")
    if dernier is not None:
        if timezone.localdate(moment) < timezone.localdate(dernier):
            raise ValidationError(
                {
                    "le": _("Cette date précède le dernier changement de statut (%(date)s).")
                    % {"date": timezone.localdate(dernier).strftime("%d/%m/%Y")}
                },
                code="before_last",
            )
        moment = max(moment, dernier + timedelta(seconds=1))
    return moment


@transaction.atomic
def proposition_changer_statut(
    *,
    proposition: Proposition,
    statut: str,
    par,
    motif: str = "",
    le: date | datetime | None = None,
) -> Proposition:
    """Move a proposition to ``statut``, keeping the dated history. Abandoning needs a reason.

    ``le`` is when it happened (default now): a day, recorded afterwards, or a datetime."""
    proposition = Proposition.objects.select_for_update().get(pk=proposition.pk)
    ancien = proposition.statut
    if statut == ancien:
        raise ValidationError({"statut": _("La proposition a déjà ce statut.")}, code="same")
    if statut not in TRANSITIONS.get(ancien, set()):
        raise ValidationError(
            {"statut": _("Ce changement de statut n'est pas possible.")}, code="transition"
        )
    motif = motif.strip()
    if statut == StatutProposition.ABANDONNEE and not motif:
        raise ValidationError(
            {"motif": _("Dites pourquoi la proposition est abandonnée : les habitants le liront.")},
            code="motif_required",
        )
    dernier = proposition.historique.order_by("-le", "-pk").values_list("le", flat=True).first()
    moment = _moment_du_changement(le, dernier)
    proposition.statut = statut
    if motif:
        proposition.motif = motif
    proposition.full_clean()
    proposition.save(update_fields=["statut", "motif", "modifie_le"])
    ChangementStatut.objects.create(
        proposition=proposition,
        ancien=ancien,
        nouveau=statut,
        motif=motif,
        par=par,
        le=moment,
    )
    audit_record(par=par, action="update", obj=proposition, changes={"statut": [ancien, statut]})
    return proposition


def suivi_creer(*, proposition: Proposition, par, titre: str, responsable=None, echeance=None):
    if responsable is not None and responsable.organisation_id != proposition.organisation.pk:
        raise ValidationError({"responsable": _("Responsable inconnu.")})
    suivi = Suivi(proposition=proposition, titre=titre, responsable=responsable, echeance=echeance)
    suivi.full_clean()
    suivi.save()
    audit_record(par=par, action="create", obj=suivi, organisation=proposition.organisation)
    return suivi


def suivi_marquer(*, suivi: Suivi, par, fait: bool, le: date | None = None) -> Suivi:
    suivi.fait_le = (le or timezone.localdate()) if fait else None
    suivi.save(update_fields=["fait_le"])
    audit_record(
        par=par,
        action="update",
        obj=suivi,
        organisation=suivi.organisation,
        changes={"fait_le": str(suivi.fait_le or "")},
    )
    return suivi


@transaction.atomic
def jeton_creer(*, user, portee: str, quartier=None) -> JetonCalendrier:
    """A feed address for ``user``; an existing active one for the same scope is revoked
    (regenerating an address = revoking the old one and handing out a new one)."""
    if portee == PorteeCalendrier.ANIMATEUR:
        quartier = None
    elif quartier is None:
        raise ValidationError({"quartier": _("Choisissez un quartier.")})
    JetonCalendrier.objects.filter(
        user=user, portee=portee, quartier=quartier, revoque_le__isnull=True
    ).update(revoque_le=timezone.now())
    jeton = JetonCalendrier(user=user, portee=portee, quartier=quartier)
    jeton.full_clean()
    jeton.save()
    audit_record(par=user, action="create", obj=jeton, organisation=user.organisation)
    return jeton


def jeton_revoquer(*, jeton: JetonCalendrier, par) -> None:
    if jeton.revoque_le is None:
        jeton.revoque_le = timezone.now()
        jeton.save(update_fields=["revoque_le"])
        audit_record(par=par, action="update", obj=jeton, changes={"revoque": True})
