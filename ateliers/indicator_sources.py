"""Numbers the ateliers app gives to indicators (see indicateurs/sources.py)."""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from indicateurs.activite import Fait, fait_source
from indicateurs.sources import source

from .models import Atelier, ChangementStatut, Proposition, StatutProposition, TypeActivite


def _periode(qs, debut, fin, field="date"):
    if debut:
        qs = qs.filter(**{f"{field}__gte": debut})
    if fin:
        qs = qs.filter(**{f"{field}__lte": fin})
    return qs


def _ateliers(quartier, debut, fin, type_activite=None):
    qs = _periode(Atelier.objects.filter(quartier=quartier), debut, fin)
    if type_activite:
        qs = qs.filter(type_activite__code=type_activite)
    return qs


def journal_url(quartier, debut, fin, type_activite=None, **params):
    """The filtered log behind an activity number."""
    query = {}
    if debut:
        query["debut"] = debut.isoformat()
    if fin:
        query["fin"] = fin.isoformat()
    if type_activite:
        found = TypeActivite.objects.filter(code=type_activite).values_list("pk", flat=True).first()
        if found:
            query["type_activite"] = found
    url = reverse("ateliers:journal_quartier", args=[quartier.pk])
    return f"{url}?{urlencode(query)}" if query else url


def propositions_url(quartier, debut, fin, **params):
    return reverse("ateliers:propositions", args=[quartier.pk])


@source(
    "ateliers.evenements",
    _("Événements tenus"),
    unit=_("événements"),
    detail_url=journal_url,
    description=_("Activités saisies dans le journal sur la période, tous types confondus."),
)
def evenements(quartier, debut, fin, **params):
    return _ateliers(quartier, debut, fin).count()


@source(
    "ateliers.evenements_par_type",
    _("Événements tenus d'un type donné"),
    unit=_("événements"),
    params=("type_activite",),
    detail_url=journal_url,
    description=_("Paramètre type_activite : code du type (ex. atelier-participatif)."),
)
def evenements_par_type(quartier, debut, fin, type_activite=None, **params):
    return _ateliers(quartier, debut, fin, type_activite).count()


@source(
    "ateliers.participants",
    _("Participants aux activités"),
    unit=_("participations"),
    detail_url=journal_url,
    description=_(
        "Somme des effectifs de participants (une personne venue deux fois compte deux)."
    ),
)
def participants(quartier, debut, fin, **params):
    return _ateliers(quartier, debut, fin).aggregate(n=Sum("participants"))["n"] or 0


@source(
    "ateliers.heures_facilitateur",
    _("Heures de facilitation"),
    unit=_("heures"),
    detail_url=journal_url,
    description=_("Heures de préparation et sur place saisies pour les activités."),
)
def heures_facilitateur(quartier, debut, fin, **params):
    totals = _ateliers(quartier, debut, fin).aggregate(
        p=Sum("heures_preparation"), t=Sum("heures_terrain")
    )
    return (totals["p"] or 0) + (totals["t"] or 0)


@source(
    "ateliers.propositions_par_statut",
    _("Propositions d'un statut donné"),
    unit=_("propositions"),
    params=("statut",),
    detail_url=propositions_url,
    description=_(
        "Propositions recueillies sur la période (date de création) qui ont aujourd'hui ce "
        "statut : nouvelle, retenue, en_cours, realisee, abandonnee."
    ),
)
def propositions_par_statut(quartier, debut, fin, statut=None, **params):
    if statut not in StatutProposition.values:
        return None
    qs = _periode(Proposition.objects.filter(quartier=quartier), debut, fin, "cree_le__date")
    return qs.filter(statut=statut).count()


def propositions_repartition(quartier, debut=None, fin=None) -> dict[str, int]:
    """All statuses at once (for dashboards that show the split)."""
    qs = _periode(Proposition.objects.filter(quartier=quartier), debut, fin, "cree_le__date")
    counts = dict(qs.values_list("statut").annotate(n=Count("pk")))
    return {value: counts.get(value, 0) for value in StatutProposition.values}


# --- The Direction dashboard's recent field activity (see indicateurs/activite.py) ------------


@fait_source
def activites_tenues(organisation, quartiers, limit: int) -> list[Fait]:
    ateliers = (
        Atelier.objects.filter(quartier__in=quartiers, date__lte=timezone.localdate())
        .select_related("type_activite", "quartier")
        .order_by("-date", "-heure_debut", "-pk")[:limit]
    )
    return [
        Fait(
            quand=atelier.date,
            categorie=atelier.type_activite.nom
            if atelier.type_activite_id
            else gettext("Activité"),
            titre=atelier.titre,
            detail=ngettext("%(n)d participant", "%(n)d participants", atelier.participants or 0)
            % {"n": atelier.participants or 0},
            url=atelier.get_absolute_url(),
            quartier=atelier.quartier.nom,
        )
        for atelier in ateliers
    ]


@fait_source
def propositions_suivies(organisation, quartiers, limit: int) -> list[Fait]:
    """New proposals and their status changes (retenue, réalisée…)."""
    changements = (
        ChangementStatut.objects.filter(proposition__quartier__in=quartiers)
        .select_related("proposition__quartier")
        .order_by("-le", "-pk")[:limit]
    )
    return [
        Fait(
            quand=c.le,
            categorie=gettext("Nouvelle proposition")
            if not c.ancien
            else gettext("Proposition %(statut)s") % {"statut": c.get_nouveau_display().lower()},
            titre=Truncator(c.proposition.texte).chars(90),
            url=c.proposition.get_absolute_url(),
            quartier=c.proposition.quartier.nom,
        )
        for c in changements
    ]
