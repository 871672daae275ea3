"""Numbers the sensitive maps give to the indicators (see ``indicateurs/sources.py``)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from indicateurs.sources import source

from . import selectors
from .models import Categorie


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
