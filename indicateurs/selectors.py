"""Reads for dashboards, exports and reports. Everything here reads stored snapshots with a fixed
number of queries, whatever the number of neighbourhoods or indicators."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .activite import faits_recents_organisation
from .models import (
    Agregation,
    Cible,
    Granularite,
    Indicateur,
    Objectif,
    ObjectifIndicateur,
    Sens,
    Snapshot,
)
from .sources import REGISTRY


def annee_courante() -> int:
    return timezone.localdate().year


def annees_disponibles(organisation) -> list[int]:
    years = set(
        Snapshot.objects.filter(
            indicateur__organisation=organisation, granularite=Granularite.ANNEE
        )
        .order_by()
        .values_list("debut__year", flat=True)
        .distinct()
    )
    years.add(annee_courante())
    return sorted(years, reverse=True)


def indicateurs_actifs(organisation, *, axe: str = "", cles: bool = False):
    qs = Indicateur.objects.filter(organisation=organisation, actif=True)
    if axe:
        qs = qs.filter(axe=axe)
    if cles:
        qs = qs.filter(cle=True)
    return list(qs)


def agreger(indicateur: Indicateur, valeurs: list[Decimal | None]) -> Decimal | None:
    """Several neighbourhoods' values into one programme value."""
    known = [v for v in valeurs if v is not None]
    if not known:
        return None
    if indicateur.agregation == Agregation.MOYENNE:
        return sum(known) / len(known)
    return sum(known)


def taux_atteinte(
    valeur: Decimal | None,
    cible: Decimal | None,
    *,
    reference: Decimal | None = None,
    sens: str = Sens.HAUSSE,
) -> float | None:
    """How far a value has gone towards its target, 0–100 %, from the baseline when known."""
    if valeur is None or cible is None:
        return None
    valeur, cible = Decimal(valeur), Decimal(cible)
    ref = Decimal(reference) if reference is not None else None
    if sens == Sens.BAISSE:
        if ref is not None and ref != cible:
            ratio = (ref - valeur) / (ref - cible)
        elif valeur <= cible:
            ratio = Decimal(1)
        else:
            ratio = cible / valeur if valeur else Decimal(1)
    else:
        if ref is not None and ref != cible:
            ratio = (valeur - ref) / (cible - ref)
        elif cible == 0:
            ratio = Decimal(1)
        else:
            ratio = valeur / cible
    return float(max(Decimal(0), min(Decimal(1), ratio)) * 100)


@dataclass
class Ligne:
    """One indicator × one neighbourhood (or the programme when quartier is None)."""

    indicateur: Indicateur
    quartier: object | None
    valeur: Decimal | None = None
    cible: Decimal | None = None
    reference: Decimal | None = None
    mois: list[Decimal | None] = field(default_factory=list)

    @property
    def atteinte(self) -> float | None:
        return taux_atteinte(
            self.valeur, self.cible, reference=self.reference, sens=self.indicateur.sens
        )


class Tableau:
    """Values, targets and monthly series of indicators × neighbourhoods for one year,
    loaded with three queries."""

    def __init__(self, indicateurs, quartiers, annee: int, *, mois: bool = True):
        self.indicateurs = list(indicateurs)
        self.quartiers = list(quartiers)
        self.annee = annee
        ind_ids = [i.pk for i in self.indicateurs]
        q_ids = [q.pk for q in self.quartiers]
        self.valeurs: dict[tuple[int, int], Decimal | None] = {}
        self.series: dict[tuple[int, int], list[Decimal | None]] = defaultdict(lambda: [None] * 12)
        granularites = [Granularite.ANNEE] + ([Granularite.MOIS] if mois else [])
        rows = (
            Snapshot.objects.filter(
                indicateur_id__in=ind_ids,
                quartier_id__in=q_ids,
                granularite__in=granularites,
                debut__year=annee,
            )
            .order_by()
            .values_list("indicateur_id", "quartier_id", "granularite", "debut", "valeur")
        )
        for ind_id, q_id, gran, debut, valeur in rows:
            if gran == Granularite.ANNEE:
                self.valeurs[(ind_id, q_id)] = valeur
            else:
                self.series[(ind_id, q_id)][debut.month - 1] = valeur
        self.cibles: dict[tuple[int, int | None], Cible] = {}
        for cible in Cible.objects.filter(indicateur_id__in=ind_ids, annee=annee).filter(
            quartier_id__in=q_ids
        ) | Cible.objects.filter(indicateur_id__in=ind_ids, annee=annee, quartier__isnull=True):
            self.cibles[(cible.indicateur_id, cible.quartier_id)] = cible

    def ligne(self, indicateur: Indicateur, quartier) -> Ligne:
        key = (indicateur.pk, quartier.pk)
        cible = self.cibles.get(key)
        return Ligne(
            indicateur=indicateur,
            quartier=quartier,
            valeur=self.valeurs.get(key),
            cible=cible.valeur_cible if cible else None,
            reference=cible.valeur_reference if cible else None,
            mois=list(self.series[key]) if key in self.series else [None] * 12,
        )

    def programme(self, indicateur: Indicateur) -> Ligne:
        lignes = [self.ligne(indicateur, q) for q in self.quartiers]
        own = self.cibles.get((indicateur.pk, None))
        if own:
            cible, reference = own.valeur_cible, own.valeur_reference
        else:
            cible = agreger(indicateur, [ln.cible for ln in lignes])
            reference = agreger(indicateur, [ln.reference for ln in lignes])
        mois = [agreger(indicateur, [ln.mois[m] for ln in lignes]) for m in range(12)]
        return Ligne(
            indicateur=indicateur,
            quartier=None,
            valeur=agreger(indicateur, [ln.valeur for ln in lignes]),
            cible=cible,
            reference=reference,
            mois=mois,
        )


@dataclass
class Atteinte:
    objectif: Objectif
    calcule: float | None
    details: list[tuple[Indicateur, int, float | None]]

    @property
    def retenu(self) -> float | None:
        if self.objectif.taux_force is not None:
            return float(self.objectif.taux_force)
        return self.calcule

    @property
    def force(self) -> bool:
        return self.objectif.taux_force is not None


def objectifs_atteinte(organisation, quartiers, annee: int) -> list[Atteinte]:
    """Each objective's achievement: the weighted mean of its indicators' achievement for the
    programme (the neighbourhoods given), or the override when one is set."""
    objectifs = list(Objectif.objects.filter(organisation=organisation))
    liens = list(
        ObjectifIndicateur.objects.filter(objectif__in=objectifs).select_related("indicateur")
    )
    tableau = Tableau({ln.indicateur for ln in liens}, quartiers, annee, mois=False)
    par_objectif: dict[int, list[ObjectifIndicateur]] = defaultdict(list)
    for lien in liens:
        par_objectif[lien.objectif_id].append(lien)
    result = []
    for objectif in objectifs:
        details = []
        total = poids = 0.0
        for lien in par_objectif[objectif.pk]:
            taux = tableau.programme(lien.indicateur).atteinte
            details.append((lien.indicateur, lien.poids, taux))
            if taux is not None:
                total += taux * lien.poids
                poids += lien.poids
        result.append(Atteinte(objectif, total / poids if poids else None, details))
    return result


def historique(indicateurs, quartier) -> dict[int, list[tuple[int, Decimal | None]]]:
    """Yearly values of each indicator for one neighbourhood, oldest first."""
    result: dict[int, list] = defaultdict(list)
    rows = (
        Snapshot.objects.filter(
            indicateur__in=indicateurs, quartier=quartier, granularite=Granularite.ANNEE
        )
        .order_by("debut")
        .values_list("indicateur_id", "debut__year", "valeur")
    )
    for ind_id, year, valeur in rows:
        result[ind_id].append((year, valeur))
    return result


def detail_url(indicateur: Indicateur, quartier, annee: int) -> str | None:
    """The page listing the records behind a computed number, when its source names one."""
    src = REGISTRY.get(indicateur.source)
    if not src or not src.detail_url:
        return None
    try:
        return src.detail_url(
            quartier, date(annee, 1, 1), date(annee, 12, 31), **(indicateur.params or {})
        )
    except Exception:  # noqa: BLE001 - a broken link must not break the dashboard
        return None


# --- Dashboards ----------------------------------------------------------------------------------

MOIS_COURTS = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]


def _float(value):
    return float(value) if value is not None else None


def fmt_valeur(value) -> str:
    """An indicator's value: one decimal only when it has one ("7,4" but "12"), "—" if unknown."""
    from ecogestion.charts import fmt_number

    return fmt_number(value, 1 if value is not None and value % 1 else 0)


CACHE_SECONDS = 600


def version_donnees(organisation_id: int) -> int:
    from django.core.cache import cache

    return cache.get_or_set(f"indicateurs:version:{organisation_id}", 1, None)


def donnees_modifiees(organisation_id: int) -> None:
    """Called by services after every write that changes what dashboards show."""
    from django.core.cache import cache

    key = f"indicateurs:version:{organisation_id}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)


def tableau_direction(user, *, annee: int, axe: str = "") -> dict:
    """The Direction dashboard's body, rendered and cached per data version (bumped by every
    write through the services), set of visible neighbourhoods, year, axis and role; the recent
    field activity is cached apart, briefly. Reads a fixed number of queries whatever the
    number of rows."""
    import hashlib

    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    from quartiers.models import Quartier

    quartiers = list(Quartier.objects.visible_to(user).order_by("nom"))
    peut_gerer = user.is_direction or user.is_administrateur
    digest = hashlib.sha1(  # noqa: S324 - a cache key, not security
        ",".join(str(q.pk) for q in quartiers).encode()
    ).hexdigest()
    key = (
        f"indicateurs:direction:{user.organisation_id}:{version_donnees(user.organisation_id)}:"
        f"{annee}:{axe}:{digest}:{int(peut_gerer)}:{get_language()}"
    )
    corps = cache.get(key)
    if corps is None:
        context = _tableau_direction(user.organisation, quartiers, annee=annee, axe=axe)
        context.update({"annee": annee, "peut_gerer": peut_gerer})
        corps = render_to_string("indicateurs/includes/direction_corps.html", context)
        cache.set(key, str(corps), CACHE_SECONDS)
    return {
        "corps": mark_safe(corps),  # noqa: S308 - our own template's output, escaped there
        "activite": faits_recents_organisation(user.organisation)
        if user.reads_whole_organisation
        else [],
    }


def _tableau_direction(organisation, quartiers, *, annee: int, axe: str) -> dict:
    from ecogestion.charts import fmt_number, hbar_chart, line_chart, progress_bar

    indicateurs = indicateurs_actifs(organisation, axe=axe, cles=True)
    tableau = Tableau(indicateurs, quartiers, annee)
    cartes = []
    for ind in indicateurs:
        prog = tableau.programme(ind)
        lignes = [tableau.ligne(ind, q) for q in quartiers]
        bars = sorted(
            ((q.nom, _float(ln.valeur)) for q, ln in zip(quartiers, lignes, strict=True)),
            key=lambda item: -(item[1] or 0),
        )[:12]
        cartes.append(
            {
                "indicateur": ind,
                "programme": prog,
                "valeur": fmt_valeur(prog.valeur),
                "cible": fmt_number(prog.cible) if prog.cible is not None else None,
                "progress": progress_bar(
                    prog.atteinte,
                    title=_("%(nom)s : atteinte de la cible") % {"nom": ind.nom},
                    width=260,
                )
                if prog.atteinte is not None
                else None,
                "barres": hbar_chart(
                    bars,
                    title=_("%(nom)s par quartier") % {"nom": ind.nom},
                    width=560,
                    label_width=170,
                    value_label=fmt_valeur,
                )
                if any(v for _nom, v in bars)
                else None,
                "tendance": line_chart(
                    [{"label": ind.nom, "values": [_float(v) for v in prog.mois]}],
                    title=_("%(nom)s : évolution mensuelle %(annee)s")
                    % {"nom": ind.nom, "annee": annee},
                    x_labels=MOIS_COURTS,
                    width=560,
                    height=220,
                )
                if any(v is not None for v in prog.mois)
                else None,
                "mois": [fmt_valeur(v) for v in prog.mois],
            }
        )
    comparaison = [
        {
            "quartier": q,
            "cellules": [
                {
                    "ligne": ln,
                    "valeur": fmt_valeur(ln.valeur),
                    "cible": fmt_number(ln.cible) if ln.cible is not None else "",
                }
                for ln in (tableau.ligne(ind, q) for ind in indicateurs)
            ],
        }
        for q in quartiers
    ]
    atteintes = objectifs_atteinte(organisation, quartiers, annee)
    objectifs = [
        {
            "atteinte": a,
            "chart": progress_bar(a.retenu, title=a.objectif.titre, width=260),
        }
        for a in atteintes
    ]
    return {
        "quartiers": quartiers,
        "indicateurs": indicateurs,
        "cartes": cartes,
        "comparaison": comparaison,
        "objectifs": objectifs,
        "satisfaction": [c for c in cartes if c["indicateur"].axe == "satisfaction"],
        "mois_labels": MOIS_COURTS,
    }


def tableau_quartier(quartier, *, annee: int, axe: str = "") -> dict:
    """A neighbourhood's indicator rows, cached like the Direction dashboard's body per data
    version (bumped by every write through the services), year, axis and language. The rows
    hold no permission-dependent part: the view adds what the reader may do."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    organisation_id = quartier.organisation_id
    key = (
        f"indicateurs:quartier:{organisation_id}:{version_donnees(organisation_id)}:"
        f"{quartier.pk}:{annee}:{axe}:{get_language()}"
    )
    context = cache.get(key)
    if context is None:
        context = _tableau_quartier(quartier, annee=annee, axe=axe)
        cache.set(key, context, CACHE_SECONDS)
    return context


def _tableau_quartier(quartier, *, annee: int, axe: str) -> dict:
    from ecogestion.charts import fmt_number, fmt_percent, line_chart

    indicateurs = indicateurs_actifs(quartier.organisation, axe=axe)
    tableau = Tableau(indicateurs, [quartier], annee)
    histo = historique(indicateurs, quartier)
    annees = sorted({y for rows in histo.values() for y, _valeur in rows})
    rows = []
    for ind in indicateurs:
        ln = tableau.ligne(ind, quartier)
        par_annee = dict(histo.get(ind.pk, []))
        rows.append(
            {
                "indicateur": ind,
                "ligne": ln,
                "valeur": fmt_valeur(ln.valeur),
                "cible": fmt_number(ln.cible) if ln.cible is not None else "—",
                "reference": fmt_number(ln.reference) if ln.reference is not None else "—",
                "atteinte": fmt_percent(ln.atteinte, 0) if ln.atteinte is not None else "—",
                "detail_url": detail_url(ind, quartier, annee),
                "historique": [fmt_valeur(par_annee.get(y)) for y in annees],
                "tendance": line_chart(
                    [{"label": ind.nom, "values": [_float(v) for v in ln.mois]}],
                    title=_("%(nom)s : évolution mensuelle %(annee)s")
                    % {"nom": ind.nom, "annee": annee},
                    x_labels=MOIS_COURTS,
                    target=None,
                    width=520,
                    height=200,
                )
                if any(v is not None for v in ln.mois)
                else None,
                "mois": [fmt_valeur(v) for v in ln.mois],
            }
        )
    return {"rows": rows, "annees_historique": annees, "mois_labels": MOIS_COURTS}


def export_rows(user, *, annee: int | None = None):
    """Indicator values (yearly snapshots) visible to the user, as plain rows, streamed."""
    from quartiers.models import Quartier

    qs = (
        Snapshot.objects.filter(
            indicateur__organisation_id=user.organisation_id,
            quartier__in=Quartier.objects.visible_to(user),
        )
        .order_by("indicateur__ordre", "indicateur__nom", "quartier__nom", "granularite", "debut")
        .values_list(
            "indicateur__code",
            "indicateur__nom",
            "indicateur__unite",
            "indicateur__source",
            "quartier__nom",
            "granularite",
            "debut",
            "fin",
            "valeur",
        )
    )
    if annee:
        qs = qs.filter(debut__year=annee)
    return qs


def home_panel(user) -> dict | None:
    """The home page panel: objectives' achievement and links to the dashboard."""
    if not user.is_authenticated or user.organisation_id is None:
        return None
    objectifs = []
    if user.reads_whole_organisation:
        from quartiers.models import Quartier

        objectifs = objectifs_atteinte(
            user.organisation, Quartier.objects.visible_to(user), annee_courante()
        )
    return {"template": "indicateurs/includes/home_panel.html", "context": {"objectifs": objectifs}}
