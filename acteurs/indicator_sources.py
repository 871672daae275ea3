"""Numbers the contact base gives to indicators (see indicateurs/sources.py)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from indicateurs.sources import source

from . import selectors


def _directory_url(quartier, debut=None, fin=None, **params) -> str:
    query = {"quartier": quartier.pk}
    if debut:
        query["du"] = debut.isoformat()
    if fin:
        query["au"] = fin.isoformat()
    query.update({k: v for k, v in params.items() if v not in (None, "")})
    return f"{reverse('acteurs:list')}?{urlencode(query)}"


def _reached_url(minimum):
    def url(quartier, debut, fin, **params):
        return _directory_url(quartier, debut, fin, contacts_min=minimum)

    return url


def _relais_url(quartier, debut, fin, stade="", **params):
    return _directory_url(quartier, relais="on", stade_diffusion=stade)


@source(
    "acteurs.atteints",
    _("Acteurs uniques touchés"),
    unit=_("acteurs"),
    detail_url=_reached_url(1),
    description=_("Acteurs du quartier avec au moins un contact sur la période."),
)
def atteints(quartier, debut, fin, **params):
    return selectors.acteurs_atteints(quartier, debut, fin)["au_moins_une_fois"]


@source(
    "acteurs.atteints_plus_d_une_fois",
    _("Acteurs touchés plus d'une fois"),
    unit=_("acteurs"),
    detail_url=_reached_url(2),
    description=_("Acteurs du quartier avec au moins deux contacts sur la période."),
)
def atteints_plus_d_une_fois(quartier, debut, fin, **params):
    return selectors.acteurs_atteints(quartier, debut, fin)["plus_d_une_fois"]


@source(
    "acteurs.atteints_plus_de_dix_fois",
    _("Acteurs touchés plus de dix fois"),
    unit=_("acteurs"),
    detail_url=_reached_url(11),
    description=_("Acteurs du quartier avec au moins onze contacts sur la période."),
)
def atteints_plus_de_dix_fois(quartier, debut, fin, **params):
    return selectors.acteurs_atteints(quartier, debut, fin)["plus_de_dix_fois"]


@source(
    "acteurs.personnes_relais",
    _("Personnes-relais"),
    unit=_("personnes"),
    detail_url=_relais_url,
    description=_("Personnes-relais du quartier enregistrées à la fin de la période."),
)
def personnes_relais(quartier, debut, fin, **params):
    return selectors.personnes_relais(quartier, fin).count()


@source(
    "acteurs.personnes_relais_par_stade",
    _("Personnes-relais à un stade de diffusion"),
    unit=_("personnes"),
    params=("stade",),
    detail_url=_relais_url,
    description=_(
        "Personnes-relais du quartier à un stade de la courbe de diffusion (pionnier, "
        "premier_adoptant, majorite_precoce, majorite_tardive, retardataire)."
    ),
)
def personnes_relais_par_stade(quartier, debut, fin, stade="", **params):
    return selectors.personnes_relais(quartier, fin, stade=stade).count()
