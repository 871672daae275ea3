"""Numbers the sensitive maps give to the indicators (see ``indicateurs/sources.py``)."""

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from indicateurs.activite import Fait, depuis, fait_source
from indicateurs.sources import source

from . import selectors
from .models import Annotation, Categorie, Statut


def _tableau_url(quartier, debut, fin, **params):
    url = reverse("cartographie:quartier_tableau", args=[quartier.pk])
    query = {}
    if params.get("categorie"):
        categorie = Categorie.objects.filter(slug=params["categorie"]).first()
        if categorie:
            query["categorie"] = categorie.pk
    if params.get("ressenti"):
        query["ressenti"] = params["ressenti"]
    return f"{url}?{urlencode(query)}" if query else url


@source(
    "cartographie.notes",
    _("Notes publiées sur les cartes sensibles"),
    unit=_("notes"),
    detail_url=_tableau_url,
    description=_(
        "Notes publiées sur les cartes sensibles du quartier, ajoutées pendant la période "
        "(paramètres facultatifs : categorie = code de catégorie, ressenti = positif / "
        "negatif / neutre)."
    ),
)
def notes(quartier, debut, fin, **params):
    return selectors.compter(
        quartier,
        debut=debut,
        fin=fin,
        categorie=params.get("categorie") or None,
        ressenti=params.get("ressenti") or None,
    )


@source(
    "cartographie.notes_negatives",
    _("Notes au ressenti négatif (cartes sensibles)"),
    unit=_("notes"),
    detail_url=lambda quartier, debut, fin, **p: _tableau_url(
        quartier, debut, fin, ressenti="negatif"
    ),
)
def notes_negatives(quartier, debut, fin, **params):
    return selectors.compter(quartier, debut=debut, fin=fin, ressenti="negatif")


# --- The Direction dashboard's recent field activity (see indicateurs/activite.py) ------------


@fait_source
def notes_recentes(organisation, quartiers, limit: int) -> list[Fait]:
    """Published notes, one line per map and day."""
    rows = (
        Annotation.objects.filter(
            carte__quartier__in=quartiers, statut=Statut.PUBLIEE, cree_le__gte=depuis()
        )
        .annotate(jour=TruncDate("cree_le"))
        .values("jour", "carte_id", "carte__titre", "carte__quartier__nom")
        .annotate(n=Count("pk"))
        .order_by("-jour", "carte_id")[:limit]
    )
    return [
        Fait(
            quand=row["jour"],
            categorie=gettext("Carte sensible"),
            titre=row["carte__titre"],
            detail=ngettext("%(n)d note publiée", "%(n)d notes publiées", row["n"])
            % {"n": row["n"]},
            url=reverse("cartographie:carte_detail", args=[row["carte_id"]]),
            quartier=row["carte__quartier__nom"],
        )
        for row in rows
    ]
