"""Reads of the ateliers app: the filtered log, the month calendar, boards and counts."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Prefetch, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Atelier,
    ChangementStatut,
    GroupeTravail,
    Proposition,
    StatutProposition,
    Suivi,
    TypeActivite,
)


def ateliers_filtrer(qs, filtres: dict):
    """Apply the log filters (type, axe, phase, debut, fin, quartier) given as cleaned data."""
    if filtres.get("quartier"):
        qs = qs.filter(quartier=filtres["quartier"])
    if filtres.get("type_activite"):
        qs = qs.filter(type_activite=filtres["type_activite"])
    if filtres.get("axe"):
        qs = qs.filter(axe=filtres["axe"])
    if filtres.get("phase") not in (None, ""):
        qs = qs.filter(phase=filtres["phase"])
    if filtres.get("debut"):
        qs = qs.filter(date__gte=filtres["debut"])
    if filtres.get("fin"):
        qs = qs.filter(date__lte=filtres["fin"])
    return qs


def doublons(*, type_activite, quartier, jour: date, exclude_pk=None):
    """Activities of the same type, neighbourhood and day: probably the same one twice."""
    qs = Atelier.objects.filter(type_activite=type_activite, quartier=quartier, date=jour)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.select_related("type_activite").order_by("heure_debut", "pk")


def saisie_initiale(*, quartier=None, groupe: GroupeTravail | None = None) -> dict:
    """Initial values of the entry form opened from a neighbourhood or for a group's meeting:
    a group's meeting is in its neighbourhood, of type "groupe de travail", titled after the
    group, with its members ticked (the facilitator unticks who did not come)."""
    if groupe is not None:
        initial = saisie_initiale(quartier=groupe.quartier)
        type_groupe = TypeActivite.objects.filter(code="groupe-travail", actif=True).first()
        initial.update(
            groupe=groupe.pk,
            titre=groupe.nom,
            acteurs_presents=list(
                groupe.membres.filter(anonymise_le__isnull=True).values_list("pk", flat=True)
            ),
        )
        if type_groupe is not None:
            initial["type_activite"] = type_groupe.pk
        return initial
    if quartier is not None:
        return {"quartier": quartier.pk, "phase": quartier.phase}
    return {}


def mois_calendrier(qs, annee: int, mois: int) -> list[list[dict]]:
    """Weeks (Monday first) of ``mois``, each day ``{"date", "dans_mois", "ateliers"}``."""
    cal = calendar.Calendar(firstweekday=0)
    jours = list(cal.itermonthdates(annee, mois))
    par_jour = defaultdict(list)
    for atelier in (
        qs.filter(date__range=(jours[0], jours[-1]))
        .select_related("type_activite", "quartier")
        .order_by("date", "heure_debut", "pk")
    ):
        par_jour[atelier.date].append(atelier)
    semaines = []
    for i in range(0, len(jours), 7):
        semaines.append(
            [
                {"date": d, "dans_mois": d.month == mois, "ateliers": par_jour.get(d, [])}
                for d in jours[i : i + 7]
            ]
        )
    return semaines


def mois_voisins(annee: int, mois: int) -> tuple[date, date]:
    premier = date(annee, mois, 1)
    precedent = (premier - timedelta(days=1)).replace(day=1)
    suivant = (premier + timedelta(days=32)).replace(day=1)
    return precedent, suivant


# The board shows the most recently changed propositions of each status; the others are on the
# status's own paginated list, so a neighbourhood with hundreds of ideas keeps a light page.
TABLEAU_PAR_COLONNE = 20


@dataclass
class Colonne:
    statut: str
    label: Any
    propositions: list[Proposition]
    total: int

    @property
    def autres(self) -> int:
        return self.total - len(self.propositions)


def propositions_du_quartier(quartier, statut: str | None = None):
    """A neighbourhood's propositions as the board shows them (with their open follow-ups),
    most recently changed first."""
    qs = Proposition.objects.filter(quartier=quartier)
    if statut is not None:
        qs = qs.filter(statut=statut)
    return (
        qs.select_related("atelier", "porteur_acteur")
        .annotate(
            suivis_ouverts=Count("suivis", filter=Q(suivis__fait_le__isnull=True), distinct=True)
        )
        .order_by("-modifie_le", "-pk")
    )


def propositions_par_statut(quartier, *, limite: int = TABLEAU_PAR_COLONNE) -> list[Colonne]:
    """The board: every status with its ``limite`` most recently changed propositions and its
    total, in two queries whatever the number of propositions."""
    totaux = dict(
        Proposition.objects.filter(quartier=quartier)
        .order_by()
        .values_list("statut")
        .annotate(n=Count("pk"))
    )
    colonnes: dict[str, list[Proposition]] = {value: [] for value in StatutProposition.values}
    rang = Window(
        RowNumber(), partition_by=[F("statut")], order_by=[F("modifie_le").desc(), F("pk").desc()]
    )
    for proposition in (
        propositions_du_quartier(quartier).annotate(rang=rang).filter(rang__lte=limite)
    ):
        colonnes[proposition.statut].append(proposition)
    return [
        Colonne(value, label, colonnes[value], totaux.get(value, 0))
        for value, label in StatutProposition.choices
    ]


def propositions_restitution(quartier, *, debut=None, fin=None):
    """What was done with residents' ideas: every proposition with its dated history."""
    qs = Proposition.objects.filter(quartier=quartier)
    if debut:
        qs = qs.filter(cree_le__date__gte=debut)
    if fin:
        qs = qs.filter(cree_le__date__lte=fin)
    return (
        qs.select_related("atelier", "atelier__type_activite")
        .prefetch_related(
            Prefetch("historique", queryset=ChangementStatut.objects.order_by("le", "pk")),
            Prefetch("suivis", queryset=Suivi.objects.order_by("echeance", "pk")),
        )
        .order_by("statut", "theme", "cree_le")
    )


# The order a restitution reads in (what was done first, what was dropped last), with
# headings in the residents' words rather than the board's status names.
RESTITUTION = [
    (StatutProposition.REALISEE, _("Ce qui a été fait")),
    (StatutProposition.EN_COURS, _("Ce qui est en cours")),
    (StatutProposition.RETENUE, _("Ce qui a été retenu et sera engagé")),
    (StatutProposition.NOUVELLE, _("Ce qui est encore à l'étude")),
    (StatutProposition.ABANDONNEE, _("Ce qui n'a pas pu aboutir, et pourquoi")),
]


def restitution_sections(quartier, *, debut=None, fin=None) -> list[tuple[str, Any, list]]:
    """``[(statut, heading, [propositions…]), …]`` in the order of ``RESTITUTION``."""
    groupes: dict[str, list] = {statut: [] for statut, _titre in RESTITUTION}
    for proposition in propositions_restitution(quartier, debut=debut, fin=fin):
        groupes[proposition.statut].append(proposition)
    return [(statut, titre, groupes[statut]) for statut, titre in RESTITUTION]


def suivis_en_retard(user):
    return (
        Suivi.objects.visible_to(user)
        .filter(responsable=user, fait_le__isnull=True, echeance__lt=timezone.localdate())
        .select_related("proposition", "proposition__quartier")
        .order_by("echeance", "pk")
    )


def panneau_accueil(user, *, limite: int = 10) -> dict | None:
    """The home page panel: my overdue follow-up tasks (the oldest first), or None."""
    qs = suivis_en_retard(user)
    suivis = list(qs[:limite])
    if not suivis:
        return None
    total = len(suivis) if len(suivis) < limite else qs.count()
    return {"suivis": suivis, "total": total, "autres": total - len(suivis)}


def groupe_presences(groupe: GroupeTravail):
    """Meetings of a group (oldest first) and, for each member, which meetings they attended."""
    reunions = list(
        groupe.reunions.select_related("type_activite")
        .annotate(nombre_presents=Count("acteurs_presents", distinct=True))
        .order_by("date", "heure_debut", "pk")
    )
    membres = list(groupe.membres.order_by("nom", "prenom"))
    presences = set(
        Atelier.acteurs_presents.through.objects.filter(atelier__groupe=groupe).values_list(
            "atelier_id", "acteur_id"
        )
    )
    lignes = [
        {
            "membre": membre,
            "presences": [(r, (r.pk, membre.pk) in presences) for r in reunions],
            "total": sum((r.pk, membre.pk) in presences for r in reunions),
        }
        for membre in membres
    ]
    return reunions, lignes


def totaux(qs) -> dict:
    return qs.aggregate(
        nombre=Count("pk"),
        participants=Sum("participants"),
        heures_preparation=Sum("heures_preparation"),
        heures_terrain=Sum("heures_terrain"),
    )


def dernieres_activites(quartier, *, limite: int = 5):
    """The latest activities of a neighbourhood (for its page: "dernières activités"), in a
    fixed number of queries; render with ``ateliers/_dernieres_activites.html``."""
    return list(
        Atelier.objects.filter(quartier=quartier, date__lte=timezone.localdate())
        .select_related("type_activite")
        .order_by("-date", "-heure_debut", "-pk")[:limite]
    )
