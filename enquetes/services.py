"""Every write on surveys: building, opening/closing, answering, verbatim coding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from smtplib import SMTPException

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from comptes.audit import audit_record, diff_fields, snapshot

from . import modele
from .anonymisation import masquer
from .models import (
    Choix,
    Enquete,
    Invitation,
    Participation,
    Question,
    Reponse,
    Section,
    Statut,
    Theme,
    TypeQuestion,
)

ENQUETE_FIELDS = ["titre", "introduction", "anonyme", "fin_prevue"]
QUESTION_FIELDS = [
    "section_id",
    "libelle",
    "aide",
    "type",
    "obligatoire",
    "commentaire",
    "autre",
    "segment",
    "echelle_min",
    "echelle_max",
]


# --- Surveys -----------------------------------------------------------------------------------


@transaction.atomic
def enquete_creer(
    *,
    organisation,
    par,
    titre: str,
    introduction: str = "",
    anonyme: bool = True,
    fin_prevue: dt.date | None = None,
    quartiers: Iterable = (),
) -> Enquete:
    enquete = Enquete(
        organisation=organisation,
        titre=titre,
        introduction=introduction,
        anonyme=anonyme,
        fin_prevue=fin_prevue,
        cree_par=par if getattr(par, "pk", None) else None,
    )
    enquete.full_clean()
    enquete.save()
    _set_quartiers(enquete, quartiers)
    audit_record(par=par, action="create", obj=enquete)
    return enquete


def _set_quartiers(enquete: Enquete, quartiers: Iterable) -> None:
    quartiers = list(quartiers)
    if any(q.organisation_id != enquete.organisation_id for q in quartiers):
        raise ValidationError(_("Quartier d'une autre organisation."), code="quartier")
    enquete.quartiers.set(quartiers)


@transaction.atomic
def enquete_modifier(*, enquete: Enquete, par, quartiers: Iterable | None = None, **fields):
    before = snapshot(enquete, ENQUETE_FIELDS)
    for name, value in fields.items():
        if name not in ENQUETE_FIELDS:
            raise TypeError(name)
        setattr(enquete, name, value)
    enquete.full_clean()
    enquete.save()
    if quartiers is not None:
        _set_quartiers(enquete, quartiers)
    audit_record(
        par=par, action="update", obj=enquete, changes=diff_fields(enquete, before, ENQUETE_FIELDS)
    )
    return enquete


@transaction.atomic
def enquete_depuis_modele(*, organisation, par, quartiers: Iterable = (), titre=None) -> Enquete:
    """A new draft survey holding the experiment's 25-question evaluation questionnaire."""
    enquete = enquete_creer(
        organisation=organisation,
        par=par,
        titre=str(titre or modele.TITRE),
        introduction=str(modele.INTRODUCTION),
        quartiers=quartiers,
    )
    sections: dict[str, Section] = {}
    for ordre, (section_titre, code, libelle, type_, choix, options) in enumerate(
        modele.QUESTIONS, start=1
    ):
        key = str(section_titre)
        if key not in sections:
            sections[key] = Section.objects.create(
                enquete=enquete, titre=key, ordre=len(sections) + 1
            )
        question = Question(
            enquete=enquete,
            section=sections[key],
            ordre=ordre,
            code=code,
            libelle=str(libelle),
            type=type_,
            commentaire=True,
            segment=options.get("segment", False),
            autre=options.get("autre", False),
        )
        question.full_clean()
        question.save()
        _sync_choix(question, [(v, str(lbl)) for v, lbl in choix] if choix else None)
    return enquete


def _check_transition(enquete: Enquete, statut: str) -> None:
    allowed = {
        Statut.OUVERTE: {Statut.BROUILLON, Statut.FERMEE},
        Statut.FERMEE: {Statut.OUVERTE},
    }
    if enquete.statut not in allowed[statut]:
        raise ValidationError(_("Changement de statut impossible."), code="statut")


@transaction.atomic
def enquete_ouvrir(*, enquete: Enquete, par) -> Enquete:
    """Open the survey to answers (a closed survey may be reopened)."""
    _check_transition(enquete, Statut.OUVERTE)
    if not enquete.questions.exists():
        raise ValidationError(_("Ajoutez au moins une question avant d'ouvrir."), code="vide")
    before = snapshot(enquete, ["statut"])
    enquete.statut = Statut.OUVERTE
    enquete.ouverte_le = enquete.ouverte_le or timezone.now()
    enquete.fermee_le = None
    enquete.save(update_fields=["statut", "ouverte_le", "fermee_le", "modifie_le"])
    audit_record(
        par=par, action="update", obj=enquete, changes=diff_fields(enquete, before, ["statut"])
    )
    return enquete


@transaction.atomic
def enquete_fermer(*, enquete: Enquete, par) -> Enquete:
    _check_transition(enquete, Statut.FERMEE)
    before = snapshot(enquete, ["statut"])
    enquete.statut = Statut.FERMEE
    enquete.fermee_le = timezone.now()
    enquete.save(update_fields=["statut", "fermee_le", "modifie_le"])
    audit_record(
        par=par, action="update", obj=enquete, changes=diff_fields(enquete, before, ["statut"])
    )
    return enquete


# --- Sections and questions --------------------------------------------------------------------


@transaction.atomic
def section_ajouter(*, enquete: Enquete, par, titre: str) -> Section:
    ordre = (enquete.sections.aggregate(m=Max("ordre"))["m"] or 0) + 1
    section = Section(enquete=enquete, titre=titre, ordre=ordre)
    section.full_clean()
    section.save()
    audit_record(par=par, action="create", obj=section, organisation=enquete.organisation)
    return section


def _unique_code(enquete: Enquete, base: str, exclude_pk=None) -> str:
    base = (slugify(base).replace("-", "_") or "question")[:50]
    taken = set(enquete.questions.exclude(pk=exclude_pk).values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


def _cle(libelle: str) -> str:
    """What a label means for matching: accents, case, spaces and punctuation aside."""
    return slugify(libelle).replace("-", "_")


def choix_depuis_lignes(
    lignes: Sequence[str], existants: Iterable[Choix] = ()
) -> list[tuple[str, str]]:
    """(valeur, libellé) pairs from labels, one per line.

    A line whose label is that of an existing choice (accents, case and punctuation aside)
    keeps the choice's value, so its answers stay attached; other lines get a new value that
    no existing choice uses ("autre" is kept for the « Autre, précisez » box).
    """
    existants = [c for c in existants if not c.est_autre]
    par_cle: dict[str, str] = {}
    for choix in existants:
        par_cle.setdefault(_cle(choix.libelle), choix.valeur)
    pris = {c.valeur for c in existants} | {"autre"}
    pairs: list[tuple[str, str]] = []
    utilisees: set[str] = set()
    for ligne in lignes:
        libelle = ligne.strip()
        if not libelle:
            continue
        valeur = par_cle.get(_cle(libelle))
        if valeur is None or valeur in utilisees:
            base = (_cle(libelle) or "choix")[:50]
            valeur, n = base, 2
            while valeur in pris or valeur in utilisees:
                valeur, n = f"{base}_{n}", n + 1
        utilisees.add(valeur)
        pairs.append((valeur, libelle))
    return pairs


def _sync_choix(question: Question, pairs: list[tuple[str, str]] | None) -> None:
    """Make the question's choices match ``pairs`` (matched by value); refuse to delete a
    choice that was answered."""
    if question.type == TypeQuestion.OUI_NON:
        pairs = [("oui", _("Oui")), ("non", _("Non"))]
    elif not question.est_a_choix:
        pairs = []
    pairs = list(pairs or [])
    if question.est_a_choix and question.type != TypeQuestion.OUI_NON and len(pairs) < 2:
        raise ValidationError(
            {"choix": _("Donnez au moins deux choix, un par ligne.")}, code="choix"
        )
    if question.autre and question.type == TypeQuestion.CHOIX_MULTIPLE:
        pairs.append(("autre", _("Autre")))
    existing = {c.valeur: c for c in question.choix.all()}
    wanted = {v for v, _lbl in pairs}
    removed = [c for v, c in existing.items() if v not in wanted]
    answered = [c for c in removed if c.reponses.exists()]
    if answered:
        raise ValidationError(
            {
                "choix": _(
                    "Impossible de supprimer ou de reformuler des choix qui ont déjà reçu des "
                    "réponses : %(choix)s. Vous pouvez ajouter des choix, les réordonner, ou "
                    "corriger les accents, les majuscules et la ponctuation d'un libellé."
                )
                % {"choix": ", ".join(f"« {c.libelle} »" for c in answered)}
            },
            code="choix_repondu",
        )
    for choix in removed:
        choix.delete()
    for ordre, (valeur, libelle) in enumerate(pairs, start=1):
        choix = existing.get(valeur) or Choix(question=question, valeur=valeur)
        choix.libelle, choix.ordre, choix.est_autre = str(libelle), ordre, valeur == "autre"
        choix.full_clean()
        choix.save()


def _next_ordre(enquete: Enquete) -> int:
    return (enquete.questions.aggregate(m=Max("ordre"))["m"] or 0) + 1


@transaction.atomic
def question_ajouter(
    *, enquete: Enquete, par, choix: Sequence[str] = (), code: str = "", **fields
) -> Question:
    question = Question(enquete=enquete, ordre=_next_ordre(enquete), **fields)
    question.code = _unique_code(enquete, code or question.libelle)
    _check_question(question)
    question.full_clean()
    question.save()
    _sync_choix(question, choix_depuis_lignes(choix))
    questions_renumeroter(enquete=enquete)  # last of its section
    audit_record(par=par, action="create", obj=question, organisation=enquete.organisation)
    question.refresh_from_db()
    return question


def _check_question(question: Question) -> None:
    if question.segment and not question.est_a_choix:
        raise ValidationError(
            {"segment": _("Seule une question à choix peut servir de segmentation.")},
            code="segment",
        )
    if question.autre and question.type != TypeQuestion.CHOIX_MULTIPLE:
        question.autre = False
    if question.type == TypeQuestion.ECHELLE and (
        question.echelle_min,
        question.echelle_max,
    ) not in (
        (1, 5),
        (0, 10),
    ):
        raise ValidationError(
            {"echelle_max": _("L'échelle va de 1 à 5 ou de 0 à 10.")}, code="echelle"
        )


@transaction.atomic
def question_modifier(
    *, question: Question, par, choix: Sequence[str] | None = None, **fields
) -> Question:
    """Change a question. Once answered, its type and scale cannot change, and answered
    choices cannot be removed (new choices may be added)."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    before = snapshot(question, QUESTION_FIELDS)
    for name, value in fields.items():
        setattr(question, name, value)
    answered = question.reponses.exists()
    if answered and (
        question.type != before["type"]
        or (question.echelle_min, question.echelle_max)
        != (before["echelle_min"], before["echelle_max"])
    ):
        raise ValidationError(
            {
                "type": _(
                    "Cette question a déjà des réponses : son type et son échelle ne peuvent "
                    "plus changer. Créez une nouvelle question."
                )
            },
            code="question_repondue",
        )
    if (
        answered
        and before["autre"]
        and not question.autre
        and question.reponses.filter(choix__est_autre=True).exists()
    ):
        raise ValidationError(
            {"autre": _("Le choix « Autre » a déjà reçu des réponses.")}, code="autre"
        )
    _check_question(question)
    if question.section_id != before["section_id"]:
        # Moved to another section: it goes last there.
        question.ordre = _next_ordre(question.enquete)
    question.full_clean()
    question.save()
    if question.section_id != before["section_id"]:
        questions_renumeroter(enquete=question.enquete)
        question.refresh_from_db()
    pairs = (
        choix_depuis_lignes(choix, question.choix.all())
        if choix is not None
        else [(c.valeur, c.libelle) for c in question.choix.all() if not c.est_autre]
    )
    _sync_choix(question, pairs)
    audit_record(
        par=par,
        action="update",
        obj=question,
        changes=diff_fields(question, before, QUESTION_FIELDS),
        organisation=question.enquete.organisation,
    )
    return question


@transaction.atomic
def question_supprimer(*, question: Question, par) -> None:
    if question.reponses.exists():
        raise ValidationError(
            _("Cette question a déjà reçu des réponses : elle ne peut plus être supprimée."),
            code="question_repondue",
        )
    audit_record(par=par, action="delete", obj=question, organisation=question.enquete.organisation)
    question.delete()


def _groupes(enquete: Enquete) -> list[tuple[Section | None, list[Question]]]:
    """The questionnaire as shown: questions without a section first (only when there are
    some, or no section at all), then each section in order with its questions in order."""
    sections = list(enquete.sections.order_by("ordre", "id"))
    par_section: dict[int | None, list[Question]] = {}
    for question in enquete.questions.order_by("ordre", "id"):
        par_section.setdefault(question.section_id, []).append(question)
    groupes: list[tuple[Section | None, list[Question]]] = []
    if par_section.get(None) or not sections:
        groupes.append((None, par_section.get(None, [])))
    groupes.extend((s, par_section.get(s.pk, [])) for s in sections)
    return groupes


def _ecrire_ordre(groupes: list[tuple[Section | None, list[Question]]]) -> None:
    """Number sections and questions from the groups' order, writing only what changed, so a
    question's number always follows its section (no interleaving)."""
    numero = 0
    rang = 0
    for section, questions in groupes:
        if section is not None:
            rang += 1
            if section.ordre != rang:
                section.ordre = rang
                section.save(update_fields=["ordre"])
        for question in questions:
            numero += 1
            section_id = section.pk if section else None
            if question.ordre != numero or question.section_id != section_id:
                question.ordre, question.section_id = numero, section_id
                question.save(update_fields=["ordre", "section"])


def questions_renumeroter(*, enquete: Enquete) -> None:
    """Regroup the questions by section (sections in order) keeping their relative order."""
    _ecrire_ordre(_groupes(enquete))


@transaction.atomic
def question_deplacer(*, question: Question, par, sens: int) -> None:
    """Move a question one step up (sens=-1) or down (sens=+1). At the edge of its section it
    moves into the neighbouring section (last place of the one above, first place of the one
    below). Answers are untouched: order and section never change what a question means."""
    enquete = question.enquete
    groupes = _groupes(enquete)
    gi, pi = next(
        (g, p)
        for g, (_s, qs) in enumerate(groupes)
        for p, q in enumerate(qs)
        if q.pk == question.pk
    )
    before = {"ordre": question.ordre, "section_id": question.section_id}
    questions = groupes[gi][1]
    if sens < 0:
        if pi > 0:
            questions[pi - 1], questions[pi] = questions[pi], questions[pi - 1]
        elif gi > 0:
            groupes[gi - 1][1].append(questions.pop(pi))
        else:
            return
    else:
        if pi < len(questions) - 1:
            questions[pi + 1], questions[pi] = questions[pi], questions[pi + 1]
        elif gi < len(groupes) - 1:
            groupes[gi + 1][1].insert(0, questions.pop(pi))
        else:
            return
    _ecrire_ordre(groupes)
    question.refresh_from_db()
    audit_record(
        par=par,
        action="update",
        obj=question,
        changes={
            k: [v, getattr(question, k)] for k, v in before.items() if getattr(question, k) != v
        },
        organisation=enquete.organisation,
    )


@transaction.atomic
def section_renommer(*, section: Section, par, titre: str) -> Section:
    before = snapshot(section, ["titre"])
    section.titre = titre.strip()
    section.full_clean()
    section.save(update_fields=["titre"])
    audit_record(
        par=par,
        action="update",
        obj=section,
        changes=diff_fields(section, before, ["titre"]),
        organisation=section.enquete.organisation,
    )
    return section


@transaction.atomic
def section_deplacer(*, section: Section, par, sens: int) -> None:
    """Swap the section with the one above (sens=-1) or below (sens=+1); its questions follow."""
    enquete = section.enquete
    groupes = _groupes(enquete)
    indices = [i for i, (s, _q) in enumerate(groupes) if s is not None]
    position = next(n for n, i in enumerate(indices) if groupes[i][0].pk == section.pk)
    autre = position + (1 if sens > 0 else -1)
    if not 0 <= autre < len(indices):
        return
    a, b = indices[position], indices[autre]
    groupes[a], groupes[b] = groupes[b], groupes[a]
    before = section.ordre
    _ecrire_ordre(groupes)
    section.refresh_from_db()
    audit_record(
        par=par,
        action="update",
        obj=section,
        changes={"ordre": [before, section.ordre]},
        organisation=enquete.organisation,
    )


@transaction.atomic
def section_supprimer(*, section: Section, par, destination: Section | None = None) -> int:
    """Delete a section; its questions (answered or not: they keep their answers and their
    protections) move to the end of ``destination``, or without a section (at the top of the
    questionnaire) when it is None. Returns the number of questions moved."""
    enquete = section.enquete
    if destination is not None and (
        destination.enquete_id != enquete.pk or destination.pk == section.pk
    ):
        raise ValidationError(
            {"destination": _("Choisissez une autre section de cette enquête.")},
            code="destination",
        )
    groupes = _groupes(enquete)
    moved = next(qs for s, qs in groupes if s is not None and s.pk == section.pk)
    groupes = [(s, qs) for s, qs in groupes if s is None or s.pk != section.pk]
    cible_pk = destination.pk if destination else None
    target = next((qs for s, qs in groupes if (s.pk if s else None) == cible_pk), None)
    if target is None:  # no "without section" group yet: it comes first
        target = []
        groupes.insert(0, (None, target))
    target.extend(moved)
    audit_record(
        par=par,
        action="delete",
        obj=section,
        changes={"questions": len(moved), "destination": cible_pk},
        organisation=enquete.organisation,
    )
    # Move the questions before deleting, so that none is ever left pointing nowhere.
    _ecrire_ordre(groupes)
    section.delete()
    return len(moved)


# --- Answering ---------------------------------------------------------------------------------


class EnqueteFermee(Exception):
    pass


class InvitationUtilisee(Exception):
    pass


@transaction.atomic
def participation_enregistrer(
    *,
    enquete: Enquete,
    reponses: dict[int, dict],
    identite: str = "",
    invitation: Invitation | None = None,
    soumise_le: dt.datetime | None = None,
) -> Participation:
    """Store one submission. ``reponses`` maps question id to a dict with any of
    ``choix`` (list of Choix), ``nombre``, ``date``, ``texte``, ``autre`` (précision) and
    ``commentaire``. The invitation, if any, is consumed; the answers do not point to it."""
    enquete = Enquete.objects.select_for_update().get(pk=enquete.pk)
    if not enquete.accepte_reponses:
        raise EnqueteFermee
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.utilisee_le is not None or invitation.enquete_id != enquete.pk:
            raise InvitationUtilisee
        invitation.utilisee_le = timezone.now()
        invitation.save(update_fields=["utilisee_le"])
    participation = Participation.objects.create(
        enquete=enquete,
        soumise_le=soumise_le or timezone.now(),
        identite=identite[:150] if not enquete.anonyme else "",
    )
    rows = []
    for question_id, answer in reponses.items():
        rows.extend(_rows_for(participation, question_id, answer))
    Reponse.objects.bulk_create(rows)
    return participation


def _rows_for(participation: Participation, question_id: int, answer: dict) -> list[Reponse]:
    rows = []
    base = {"participation": participation, "question_id": question_id}
    for choix in answer.get("choix") or []:
        texte = answer.get("autre", "") if choix.est_autre else ""
        rows.append(Reponse(choix=choix, texte=texte.strip(), **base))
    if answer.get("nombre") is not None:
        rows.append(Reponse(nombre=Decimal(str(answer["nombre"])), **base))
    if answer.get("date") is not None:
        rows.append(Reponse(date=answer["date"], **base))
    if (answer.get("texte") or "").strip():
        rows.append(Reponse(texte=answer["texte"].strip(), **base))
    if (answer.get("commentaire") or "").strip():
        rows.append(
            Reponse(nature=Reponse.Nature.COMMENTAIRE, texte=answer["commentaire"].strip(), **base)
        )
    return rows


@transaction.atomic
def invitations_envoyer(*, enquete: Enquete, acteurs: Iterable, par, base_url: str) -> int:
    """Create one personal answer link per actor (once: an actor already invited is skipped)
    and queue the e-mails, which a worker sends after the commit (a long list would outlast
    the request, and a failure half-way must not undo the links already e-mailed).
    ``base_url``: the site's address, e.g. "https://ecogestion.example.org". Returns the
    number of e-mails queued."""
    from .tasks import envoyer_invitations

    if not enquete.est_ouverte:
        raise ValidationError(_("Ouvrez l'enquête avant d'envoyer des invitations."), code="statut")
    ids = []
    for acteur in acteurs:
        if acteur.organisation_id != enquete.organisation_id or not acteur.email:
            continue
        invitation, _created = Invitation.objects.get_or_create(enquete=enquete, acteur=acteur)
        if invitation.envoyee_le or invitation.utilisee_le:
            continue
        ids.append(invitation.pk)
    audit_record(par=par, action="update", obj=enquete, changes={"invitations": len(ids)})
    if ids:
        envoyer_invitations.delay_on_commit(invitation_ids=ids, base_url=base_url)
    return len(ids)


@transaction.atomic
def invitations_relancer(*, enquete: Enquete, par, base_url: str) -> int:
    """Queue again the invitations not sent yet (a failed or interrupted sending)."""
    from .tasks import envoyer_invitations

    pending = enquete.invitations.filter(envoyee_le__isnull=True, utilisee_le__isnull=True)
    ids = list(pending.values_list("pk", flat=True))
    pending.update(erreur_envoi="")
    audit_record(par=par, action="update", obj=enquete, changes={"invitations_relancees": len(ids)})
    if ids:
        envoyer_invitations.delay_on_commit(invitation_ids=ids, base_url=base_url)
    return len(ids)


def invitation_envoyer(*, invitation_id: int, base_url: str) -> bool:
    """E-mail one invitation, unless it was already sent or used, or its person has no
    address any more (anonymised meanwhile). The address is read from the contact base now
    and stored nowhere else. A sending error is recorded on the invitation (shown on the
    diffusion page, where it can be retried). Returns whether an e-mail left."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("enquete__organisation", "acteur")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:  # its survey was deleted meanwhile
            return False
        acteur = invitation.acteur
        if invitation.envoyee_le or invitation.utilisee_le or acteur is None or not acteur.email:
            return False
        enquete = invitation.enquete
        lien = base_url.rstrip("/") + reverse("enquetes:invitation", args=[invitation.jeton])
        try:
            send_mail(
                subject=_("Votre avis nous intéresse : %(titre)s") % {"titre": enquete.titre},
                message=_(
                    "Bonjour,\n\n%(org)s vous invite à répondre à l'enquête « %(titre)s ».\n"
                    "Ce lien personnel ne peut servir qu'une fois :\n%(lien)s\n\n"
                    "Vos réponses ne sont pas reliées à votre adresse e-mail.\n"
                )
                % {"org": enquete.organisation, "titre": enquete.titre, "lien": lien},
                from_email=None,
                recipient_list=[acteur.email],
            )
        except (SMTPException, OSError) as exc:
            invitation.erreur_envoi = str(exc)[:300] or exc.__class__.__name__
            invitation.save(update_fields=["erreur_envoi"])
            return False
        invitation.envoyee_le = timezone.now()
        invitation.erreur_envoi = ""
        invitation.save(update_fields=["envoyee_le", "erreur_envoi"])
    return True


# --- Verbatims ---------------------------------------------------------------------------------


def noms_connus(enquete: Enquete) -> list[str]:
    from acteurs.models import Acteur, Nature

    names: list[str] = []
    for prenom, nom in Acteur.objects.filter(
        organisation_id=enquete.organisation_id, nature=Nature.PERSONNE
    ).values_list("prenom", "nom"):
        names.extend([nom, f"{prenom} {nom}".strip()])
    return names


@transaction.atomic
def verbatims_anonymiser(
    *, enquete: Enquete, par, reponses: Iterable[Reponse] | None = None
) -> int:
    """Fill the masked text of verbatims not yet anonymised by hand."""
    noms = noms_connus(enquete)
    qs = (
        reponses
        if reponses is not None
        else Reponse.objects.filter(participation__enquete=enquete, texte_anonymise="").exclude(
            texte=""
        )
    )
    count = 0
    for reponse in qs:
        reponse.texte_anonymise = masquer(reponse.texte, noms)
        reponse.save(update_fields=["texte_anonymise"])
        count += 1
    audit_record(par=par, action="anonymise", obj=enquete, changes={"verbatims": count})
    return count


@transaction.atomic
def verbatim_modifier(
    *, reponse: Reponse, par, texte_anonymise: str, citable: bool, themes: Iterable[Theme]
) -> Reponse:
    enquete = reponse.participation.enquete
    themes = list(themes)
    if any(t.enquete_id != enquete.pk for t in themes):
        raise ValidationError(_("Thème d'une autre enquête."), code="theme")
    before = snapshot(reponse, ["texte_anonymise", "citable"])
    reponse.texte_anonymise = texte_anonymise.strip() or masquer(
        reponse.texte, noms_connus(enquete)
    )
    reponse.citable = citable
    reponse.full_clean()
    reponse.save(update_fields=["texte_anonymise", "citable"])
    reponse.themes.set(themes)
    audit_record(
        par=par,
        action="update",
        obj=reponse,
        changes=diff_fields(reponse, before, ["texte_anonymise", "citable"]),
        organisation=enquete.organisation,
    )
    return reponse


@transaction.atomic
def theme_ajouter(*, enquete: Enquete, par, nom: str) -> Theme:
    theme = Theme(enquete=enquete, nom=nom.strip())
    theme.full_clean()
    try:
        theme.save()
    except IntegrityError as exc:  # pragma: no cover - full_clean catches the duplicate first
        raise ValidationError(_("Ce thème existe déjà."), code="doublon") from exc
    audit_record(par=par, action="create", obj=theme, organisation=enquete.organisation)
    return theme
