"""What happened in the field lately, across neighbourhoods: the Direction dashboard's "Activité
récente" (activities held, proposals followed up, survey answers, map notes), not the audit log.

Each app declares what it can tell in its ``indicator_sources.py`` with ``fait_source``: a
function ``(organisation, quartiers, limit) -> list[Fait]`` that reads a constant number of
queries (group many small events, e.g. one line per survey and day) and only what happened up to
today (a planned activity is not news yet)::

    @fait_source
    def activites_tenues(organisation, quartiers, limit):
        return [Fait(quand=a.date, categorie=..., titre=a.titre, quartier=a.quartier.nom, ...)
                for a in Atelier.objects.filter(quartier__in=quartiers, ...)[:limit]]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from quartiers.selectors import ActivityItem

# Grouped sources (answers, map notes) only look this far back: the feed is about recent news.
FENETRE_JOURS = 90
# The feed is the same for every staff member of an organisation: cached briefly.
CACHE_SECONDS = 120


@dataclass(frozen=True)
class Fait(ActivityItem):
    """One line of the feed: ActivityItem plus the neighbourhood it happened in."""

    quartier: str = ""


FaitSource = Callable[..., Iterable[Fait]]
FAIT_SOURCES: list[FaitSource] = []


def fait_source(func: FaitSource) -> FaitSource:
    if func not in FAIT_SOURCES:
        FAIT_SOURCES.append(func)
    return func


def depuis():
    """The start of the window grouped sources look at."""
    return timezone.now() - timedelta(days=FENETRE_JOURS)


def faits_recents(organisation, quartiers, *, limit: int = 10) -> list[Fait]:
    """The latest field events of every registered source, newest first."""
    items: list[Fait] = []
    for source in FAIT_SOURCES:
        items.extend(source(organisation, quartiers, limit))
    items.sort(key=lambda item: item.sort_key, reverse=True)
    return items[:limit]


def faits_recents_organisation(organisation, *, limit: int = 10) -> list[Fait]:
    """The organisation-wide feed shown to its staff (who read every neighbourhood)."""
    from django.utils.translation import get_language

    from quartiers.models import Quartier

    key = f"indicateurs:faits:{organisation.pk}:{limit}:{get_language()}"
    items = cache.get(key)
    if items is None:
        quartiers = Quartier.objects.filter(organisation=organisation)
        items = faits_recents(organisation, quartiers, limit=limit)
        cache.set(key, items, CACHE_SECONDS)
    return items
