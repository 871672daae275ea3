"""Numbers the indicateurs app can compute from the foundation's models (quartiers' actions).

Other apps declare theirs in their own ``<app>/indicator_sources.py``."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiers.models import Action

from .sources import source


def _actions_url(quartier, debut, fin, **params):
    return reverse("quartiers:detail", args=[quartier.pk]) + "#axes"


@source(
    "indicateurs.actions_realisees",
    _("Actions réalisées"),
    unit=_("actions"),
    detail_url=_actions_url,
    description=_("Actions des axes de travail marquées « réalisée », échéance dans la période."),
)
def actions_realisees(quartier, debut, fin, **params):
    qs = Action.objects.filter(axe__quartier=quartier, statut=Action.Statut.REALISEE)
    if debut and fin:
        qs = qs.filter(echeance__range=(debut, fin))
    return qs.count()
