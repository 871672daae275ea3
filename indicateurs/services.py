"""Writes of the indicateurs app: snapshots, manual values, targets, objectives, narratives,
reports and their schedules. Views, tasks and commands call these."""

from __future__ import annotations

import calendar
import logging
import os
import tempfile
import uuid
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptes.audit import audit_record, diff_fields, snapshot

from .models import (
    MANUEL,
    Agregation,
    Bilan,
    Cible,
    EtatRapport,
    Granularite,
    Indicateur,
    Objectif,
    PlanificationRapport,
    Rapport,
    Snapshot,
    TypeRapport,
    ValeurManuelle,
)
from .selectors import donnees_modifiees
from .sources import REGISTRY

logger = logging.getLogger(__name__)


# --- Snapshots ---------------------------------------------------------------------------------


def periodes(annee: int, *, jusqu_a: date | None = None) -> list[tuple[str, date, date]]:
    """The year and its months (up to ``jusqu_a`` for the current year)."""
    result = [(Granularite.ANNEE, date(annee, 1, 1), date(annee, 12, 31))]
    for month in range(1, 13):
        debut = date(annee, month, 1)
        if jusqu_a and debut > jusqu_a:
            break
        fin = date(annee, month, calendar.monthrange(annee, month)[1])
        result.append((Granularite.MOIS, debut, fin))
    return result


def _valeur_manuelle(indicateur: Indicateur, quartier, debut: date, fin: date) -> Decimal | None:
    values = list(
        ValeurManuelle.objects.filter(
            indicateur=indicateur, quartier=quartier, date__range=(debut, fin)
        )
        .order_by("date", "id")
        .values_list("valeur", flat=True)
    )
    if not values:
        return None
    if indicateur.agregation == Agregation.MOYENNE:
        return values[-1]
    return sum(values)


def indicateur_calculer(
    indicateur: Indicateur, quartier, debut: date, fin: date, *, aujourd_hui: date | None = None
):
    """The value of an indicator for a neighbourhood and a period, computed now.

    A computed number counts what has happened: the period stops today, so that an activity
    planned for later in the month is not yet an "événement tenu"."""
    if indicateur.source == MANUEL:
        return _valeur_manuelle(indicateur, quartier, debut, fin)
    src = REGISTRY.get(indicateur.source)
    if src is None:
        return None
    today = aujourd_hui or timezone.localdate()
    if debut > today:
        return None
    fin = min(fin, today)
    value = src.value(quartier, debut, fin, **(indicateur.params or {}))
    if value is None:
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def snapshots_recalculer(*, indicateur: Indicateur, quartier, annee: int) -> int:
    """Store the year's and each month's value (idempotent: update_or_create). The values are
    computed first, then the 13 rows written in one short transaction: they change together,
    and the write lock is not held while the sources count."""
    today = timezone.localdate()
    valeurs = [
        (
            granularite,
            debut,
            fin,
            indicateur_calculer(indicateur, quartier, debut, fin, aujourd_hui=today),
        )
        for granularite, debut, fin in periodes(
            annee, jusqu_a=today if annee == today.year else None
        )
    ]
    with transaction.atomic():
        for granularite, debut, fin, valeur in valeurs:
            Snapshot.objects.update_or_create(
                indicateur=indicateur,
                quartier=quartier,
                granularite=granularite,
                debut=debut,
                defaults={"fin": fin, "valeur": valeur},
            )
    return len(valeurs)


def organisation_recalculer(
    *, organisation_id: int, annee: int, quartier_id: int | None = None, indicateur_id=None
) -> int:
    from quartiers.models import Quartier

    indicateurs = Indicateur.objects.filter(organisation_id=organisation_id, actif=True)
    if indicateur_id:
        indicateurs = indicateurs.filter(pk=indicateur_id)
    quartiers = Quartier.objects.filter(organisation_id=organisation_id)
    if quartier_id:
        quartiers = quartiers.filter(pk=quartier_id)
    count = 0
    for indicateur in indicateurs:
        if indicateur.source != MANUEL and indicateur.source not in REGISTRY:
            continue
        for quartier in quartiers:
            count += snapshots_recalculer(indicateur=indicateur, quartier=quartier, annee=annee)
    transaction.on_commit(lambda: donnees_modifiees(organisation_id))
    return count


def recalcul_demander(*, organisation_id: int, annee: int, quartier_id=None, indicateur_id=None):
    """Enqueue a recomputation once the current transaction commits."""
    from .tasks import recalculer

    recalculer.delay_on_commit(
        organisation_id=organisation_id,
        annee=annee,
        quartier_id=quartier_id,
        indicateur_id=indicateur_id,
    )


# --- Manual values, targets, objectives, narratives --------------------------------------------


@transaction.atomic
def valeur_manuelle_creer(
    *, indicateur: Indicateur, quartier, date: date, valeur, note: str = "", fichier=None, par
) -> ValeurManuelle:
    """Record a hand-entered value with its evidence; its snapshots are recomputed after commit."""
    item = ValeurManuelle(
        indicateur=indicateur,
        quartier=quartier,
        date=date,
        valeur=valeur,
        note=note,
        saisi_par=par,
    )
    if fichier:
        item.justificatif = fichier
        item.justificatif_nom = Path(fichier.name).name[:200]
    item.full_clean()
    item.save()
    audit_record(par=par, action="create", obj=item, organisation=indicateur.organisation)
    recalcul_demander(
        organisation_id=indicateur.organisation_id,
        annee=date.year,
        quartier_id=quartier.pk,
        indicateur_id=indicateur.pk,
    )
    return item


@transaction.atomic
def valeur_manuelle_supprimer(*, valeur: ValeurManuelle, par) -> None:
    indicateur, quartier, year = valeur.indicateur, valeur.quartier, valeur.date.year
    audit_record(par=par, action="delete", obj=valeur, organisation=indicateur.organisation)
    if valeur.justificatif:
        valeur.justificatif.delete(save=False)
    valeur.delete()
    recalcul_demander(
        organisation_id=indicateur.organisation_id,
        annee=year,
        quartier_id=quartier.pk,
        indicateur_id=indicateur.pk,
    )


@transaction.atomic
def cible_definir(
    *, indicateur: Indicateur, quartier, annee: int, valeur_cible, valeur_reference=None, par
) -> Cible:
    cible = Cible.objects.filter(indicateur=indicateur, quartier=quartier, annee=annee).first()
    created = cible is None
    if created:
        cible = Cible(indicateur=indicateur, quartier=quartier, annee=annee)
    fields = ["valeur_cible", "valeur_reference"]
    before = snapshot(cible, fields)
    cible.valeur_cible = valeur_cible
    cible.valeur_reference = valeur_reference
    cible.full_clean(validate_constraints=False)
    cible.save()
    transaction.on_commit(lambda: donnees_modifiees(indicateur.organisation_id))
    audit_record(
        par=par,
        action="create" if created else "update",
        obj=cible,
        changes=diff_fields(cible, before, fields),
        organisation=indicateur.organisation,
    )
    return cible


@transaction.atomic
def objectif_forcer(*, objectif: Objectif, taux_force, justification: str, par) -> Objectif:
    """Set (or clear, with None) the achievement retained by judgement, with its justification."""
    fields = ["taux_force", "justification"]
    before = snapshot(objectif, fields)
    objectif.taux_force = taux_force
    objectif.justification = justification
    objectif.full_clean()
    objectif.save(update_fields=fields)
    transaction.on_commit(lambda: donnees_modifiees(objectif.organisation_id))
    audit_record(
        par=par, action="update", obj=objectif, changes=diff_fields(objectif, before, fields)
    )
    return objectif


BILAN_FIELDS = ["chiffres_cles", "evenements_cles", "reussites", "difficultes", "prochaines_etapes"]


@transaction.atomic
def bilan_enregistrer(*, quartier, annee: int, par, **texts: str) -> Bilan:
    bilan, created = Bilan.objects.get_or_create(quartier=quartier, annee=annee)
    before = snapshot(bilan, BILAN_FIELDS)
    for name in BILAN_FIELDS:
        if name in texts:
            setattr(bilan, name, texts[name])
    bilan.modifie_par = par if getattr(par, "pk", None) else None
    bilan.full_clean()
    bilan.save()
    audit_record(
        par=par,
        action="create" if created else "update",
        obj=bilan,
        changes=diff_fields(bilan, before, BILAN_FIELDS),
        organisation=quartier.organisation,
    )
    return bilan


# --- Reports -----------------------------------------------------------------------------------


def _enqueue(rapport: Rapport) -> None:
    """Send the build to the worker once committed. A broker that cannot be reached fails the
    report with its reason (the page offers to retry) instead of leaving it waiting forever."""
    from .tasks import construire_rapport

    rapport_id, task_id = rapport.pk, rapport.task_id
    Rapport.objects.filter(pk=rapport_id).update(mis_en_file_le=timezone.now())

    def envoyer():
        try:
            construire_rapport.apply_async(args=[rapport_id], task_id=task_id)
        except Exception as exc:  # noqa: BLE001 - kombu/redis errors vary by transport
            logger.exception("report %s could not be queued", rapport_id)
            rapport_echouer(
                rapport_id,
                _("La file des traitements est injoignable (%s) : relancez dans un instant.") % exc,
            )

    transaction.on_commit(envoyer)


@transaction.atomic
def rapport_demander(
    *, organisation, type_rapport: str, annee: int, quartier=None, par, planification=None
) -> Rapport:
    """Create a report request and enqueue its build once committed."""
    rapport = Rapport(
        organisation=organisation,
        type_rapport=type_rapport,
        annee=annee,
        quartier=quartier if type_rapport == TypeRapport.FICHE_QUARTIER else None,
        demande_par=par if getattr(par, "pk", None) else None,
        planification=planification,
        task_id=uuid.uuid4().hex,
    )
    rapport.full_clean()
    rapport.save()
    audit_record(par=par, action="create", obj=rapport, organisation=organisation)
    _enqueue(rapport)
    return rapport


@transaction.atomic
def rapport_relancer(*, rapport: Rapport, par) -> Rapport:
    """Start a failed (or interrupted) report again; the previous attempt's file is dropped."""
    rapport = Rapport.objects.select_for_update().get(pk=rapport.pk)
    if rapport.etat not in (EtatRapport.ECHEC, EtatRapport.EN_ATTENTE):
        raise ValueError("only failed or pending reports are retried")
    rapport.etat = EtatRapport.EN_ATTENTE
    rapport.progression = 0
    rapport.etape = ""
    rapport.raison = ""
    rapport.task_id = uuid.uuid4().hex
    rapport.commence_le = rapport.termine_le = None
    rapport.save()
    audit_record(
        par=par,
        action="update",
        obj=rapport,
        changes={"etat": ["echec", "en_attente"]},
        organisation=rapport.organisation,
    )
    _enqueue(rapport)
    return rapport


def rapport_avancer(rapport_id: int, progression: int, etape: str) -> None:
    """Record progress where the user sees it (outside any transaction)."""
    Rapport.objects.filter(pk=rapport_id).update(
        etat=EtatRapport.EN_COURS, progression=progression, etape=etape
    )


def rapport_echouer(rapport_id: int, raison: str) -> None:
    Rapport.objects.filter(pk=rapport_id).exclude(etat=EtatRapport.PRET).update(
        etat=EtatRapport.ECHEC, raison=raison[:2000], termine_le=timezone.now()
    )


def rapport_construire(*, rapport_id: int, task_id: str | None = None) -> Rapport | None:
    """Build the PDF of a report. The file is written to a temporary name and moved into
    place, then the row is marked ready in one UPDATE: a crash at any point leaves no
    half-written file marked ready. Running it again rebuilds the same file (idempotent)."""
    from .reports import render_pdf

    rapport = (
        Rapport.objects.filter(pk=rapport_id).select_related("organisation", "quartier").first()
    )
    if rapport is None:
        return None
    if task_id and rapport.task_id and task_id != rapport.task_id:
        # A stale delivery of an attempt the user already replaced with a retry.
        return rapport
    if rapport.etat == EtatRapport.PRET and rapport.fichier:
        return rapport
    Rapport.objects.filter(pk=rapport_id).update(
        etat=EtatRapport.EN_COURS,
        progression=5,
        etape=_("Préparation"),
        raison="",
        commence_le=timezone.now(),
        tentatives=rapport.tentatives + 1,
    )
    relative = f"rapports/{rapport.organisation_id}/{rapport.pk}-{rapport.nom_fichier}"
    final = Path(settings.MEDIA_ROOT) / relative
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=final.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            render_pdf(
                rapport,
                handle,
                progress=lambda pct, etape: rapport_avancer(rapport_id, pct, etape),
            )
        os.replace(tmp_name, final)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    Rapport.objects.filter(pk=rapport_id).update(
        etat=EtatRapport.PRET,
        progression=100,
        etape=_("Terminé"),
        fichier=relative,
        termine_le=timezone.now(),
    )
    rapport.refresh_from_db()
    return rapport


# A report still waiting for a worker after this long was lost with its message (broker
# restarted without persistence, queue purged): nothing will build it.
ATTENTE_MAX_SECONDES = 3600


def rapports_interrompus_marquer(*, delai_secondes: int | None = None) -> int:
    """Reports left "en cours" longer than the hard time limit lost their worker, and reports
    left "en attente" for an hour lost their message: mark them failed with the reason, so the
    user can retry."""
    now = timezone.now()
    delai = delai_secondes or (settings.CELERY_TASK_TIME_LIMIT + 60)
    interrompus = Rapport.objects.filter(
        etat=EtatRapport.EN_COURS, commence_le__lt=now - timedelta(seconds=delai)
    ).update(
        etat=EtatRapport.ECHEC,
        raison=_(
            "Le traitement a été interrompu (arrêt du processus ou délai dépassé). "
            "Aucun fichier incomplet n'a été conservé ; vous pouvez relancer."
        ),
        termine_le=now,
    )
    perdus = Rapport.objects.filter(
        etat=EtatRapport.EN_ATTENTE,
        mis_en_file_le__lt=now - timedelta(seconds=ATTENTE_MAX_SECONDES),
    ).update(
        etat=EtatRapport.ECHEC,
        raison=_(
            "Le rapport n'a jamais été pris en charge (file des traitements vidée ou "
            "interrompue) ; vous pouvez relancer."
        ),
        termine_le=now,
    )
    return interrompus + perdus


@transaction.atomic
def planification_enregistrer(
    *, organisation, type_rapport: str, quartier, destinataires: str, par
) -> PlanificationRapport:
    item = PlanificationRapport(
        organisation=organisation,
        type_rapport=type_rapport,
        quartier=quartier if type_rapport == TypeRapport.FICHE_QUARTIER else None,
        destinataires=destinataires,
        cree_par=par,
    )
    item.full_clean()
    item.save()
    audit_record(par=par, action="create", obj=item, organisation=organisation)
    return item


@transaction.atomic
def planification_supprimer(*, planification: PlanificationRapport, par) -> None:
    audit_record(
        par=par, action="delete", obj=planification, organisation=planification.organisation
    )
    planification.delete()


def planifications_lancer(*, aujourd_hui: date | None = None) -> int:
    """Monthly: request each active schedule's report once per month (beat calls this daily,
    so a missed day is caught up; ``dernier_mois`` prevents a second build). The report covers
    the year of the month that has just ended."""
    today = aujourd_hui or timezone.localdate()
    mois = today.replace(day=1)
    # The report covers the year of the month just ended: in January, last year's.
    annee = (mois - timedelta(days=1)).year
    count = 0
    for plan in PlanificationRapport.objects.filter(actif=True).exclude(dernier_mois=mois):
        with transaction.atomic():
            locked = PlanificationRapport.objects.select_for_update().get(pk=plan.pk)
            if locked.dernier_mois == mois:
                continue
            locked.dernier_mois = mois
            locked.save(update_fields=["dernier_mois"])
            rapport_demander(
                organisation=locked.organisation,
                type_rapport=locked.type_rapport,
                annee=annee,
                quartier=locked.quartier,
                par=None,
                planification=locked,
            )
            count += 1
    return count


def rapport_envoyer(*, rapport: Rapport) -> int:
    """E-mail a ready scheduled report to its schedule's recipients."""
    from django.core.mail import EmailMessage

    if rapport.etat != EtatRapport.PRET or not rapport.planification_id:
        return 0
    recipients = rapport.planification.adresses
    message = EmailMessage(
        subject=_("Rapport mensuel : %(r)s") % {"r": rapport},
        body=_(
            "Bonjour,\n\nVoici le rapport mensuel « %(r)s », construit automatiquement par "
            "Écogestion.\n"
        )
        % {"r": rapport},
        to=recipients,
    )
    with rapport.fichier.open("rb") as handle:
        message.attach(rapport.nom_fichier, handle.read(), "application/pdf")
    message.send()
    return len(recipients)


# --- Library -----------------------------------------------------------------------------------


def bibliotheque_charger(*, organisation, par=None) -> tuple[list[Indicateur], list[str]]:
    """Create (or update) the library's indicator definitions for an organisation. Definitions
    whose computed source is not registered are skipped and returned, with a warning."""
    from .library import DEFINITIONS

    loaded, skipped = [], []
    for definition in DEFINITIONS:
        data = dict(definition)
        code = data.pop("code")
        if data["source"] != MANUEL and data["source"] not in REGISTRY:
            skipped.append(code)
            logger.warning(
                "indicator %r skipped: source %r is not registered (app absent?)",
                code,
                data["source"],
            )
            continue
        data.setdefault("ordre", len(loaded))
        indicateur, created = Indicateur.objects.update_or_create(
            organisation=organisation, code=code, defaults=data
        )
        if created:
            audit_record(par=par, action="create", obj=indicateur)
        loaded.append(indicateur)
    transaction.on_commit(lambda: donnees_modifiees(organisation.pk))
    return loaded, skipped
