"""The neighbourhood page's "latest activity" feed gets the latest field activities from here."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartiers.selectors import ActivityItem, activity_source

from .selectors import dernieres_activites


@activity_source
def ateliers_recents(quartier, user, limit: int) -> list[ActivityItem]:
    # The page already checked that ``user`` reads ``quartier``; its activities follow that rule.
    return [
        ActivityItem(
            quand=atelier.date,
            categorie=str(atelier.type_activite.nom) if atelier.type_activite_id else _("Activité"),
            titre=atelier.titre,
            detail=ngettext("%(n)d participant", "%(n)d participants", atelier.participants or 0)
            % {"n": atelier.participants or 0},
            url=atelier.get_absolute_url(),
        )
        for atelier in dernieres_activites(quartier, limite=limit)
    ]
