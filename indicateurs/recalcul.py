"""Keep computed snapshots fresh when the records behind them change.

Dashboards read stored snapshots; a manual value asks for its own recomputation (services), and
this module does the same for the records of the other apps (activities, contacts, relay
people, proposals, survey answers, map notes, actions): when one is saved or deleted, the
snapshots of its neighbourhood for the year it belongs to are recomputed by Celery a minute
later. Many changes in that minute (a workshop's thirty map notes, a wave of survey answers)
share one recomputation.

Why signals here, when the rest of the code prefers explicit calls: this is cache
invalidation, not a business rule, and it has to follow every write path of five apps (their
services, the admin, imports, the residents' public forms) without each of them knowing about
indicators. Bulk writes (``bulk_create``, ``update``) send no signal: the nightly beat task
recomputes the current and the previous year for those.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

# Seconds before the recomputation runs (setting INDICATEURS_RECALCUL_DELAI, tests use 0);
# the de-duplication key lives a little less, so a change committed while the task is
# starting schedules the next one instead of being lost.
DELAI = 60


def _jour(value) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value or timezone.localdate()


def _acteur_quartiers(acteur_id) -> list[int]:
    Acteur = apps.get_model("acteurs", "Acteur")
    return list(
        Acteur.quartiers.through.objects.filter(acteur_id=acteur_id).values_list(
            "quartier_id", flat=True
        )
    )


def _enquete_quartiers(enquete_id) -> list[int]:
    Enquete = apps.get_model("enquetes", "Enquete")
    return list(
        Enquete.quartiers.through.objects.filter(enquete_id=enquete_id).values_list(
            "quartier_id", flat=True
        )
    )


def _quartier_de(label: str, pk) -> list[int]:
    # Empty when the parent is being deleted with its children (a map with its notes).
    return list(apps.get_model(label).objects.filter(pk=pk).values_list("quartier_id", flat=True))


# model label -> instance -> (neighbourhood ids, the day the record counts for)
CONCERNES: dict[str, Callable[[object], tuple[Iterable[int], date]]] = {
    "ateliers.Atelier": lambda o: ([o.quartier_id], _jour(o.date)),
    "ateliers.Proposition": lambda o: ([o.quartier_id], _jour(o.cree_le)),
    "acteurs.Contact": lambda o: (_acteur_quartiers(o.acteur_id), _jour(o.date)),
    # Relay people are counted as they are now, over every period: refresh this year.
    "acteurs.Acteur": lambda o: (_acteur_quartiers(o.pk), timezone.localdate()),
    "enquetes.Participation": lambda o: (_enquete_quartiers(o.enquete_id), _jour(o.soumise_le)),
    "cartographie.Annotation": lambda o: (
        _quartier_de("cartographie.Carte", o.carte_id),
        _jour(o.cree_le),
    ),
    "quartiers.Action": lambda o: (
        _quartier_de("quartiers.AxeTravail", o.axe_id),
        _jour(o.echeance),
    ),
}


def signaler(quartier_ids: Iterable[int], jour: date) -> None:
    """Recompute these neighbourhoods' snapshots for ``jour``'s year, once the current
    transaction commits and at most once a minute."""
    ids = sorted({pk for pk in quartier_ids if pk})
    if ids:
        # robust: a broker or cache that is down is logged, never turned into a failed write.
        transaction.on_commit(lambda: planifier(ids, jour.year), robust=True)


def planifier(quartier_ids: list[int], annee: int) -> list[int]:
    """Enqueue the recomputation of each neighbourhood's year unless one is already waiting;
    returns the neighbourhoods it was enqueued for."""
    from quartiers.models import Quartier

    from .tasks import recalculer

    delai = getattr(settings, "INDICATEURS_RECALCUL_DELAI", DELAI)
    cle = max(1, int(delai * 5 / 6))
    nouveaux = [
        pk for pk in quartier_ids if cache.add(f"indicateurs:recalcul:{pk}:{annee}", 1, cle)
    ]
    planifies = []
    for pk, organisation_id in Quartier.objects.filter(pk__in=nouveaux).values_list(
        "pk", "organisation_id"
    ):
        recalculer.apply_async(
            kwargs={"organisation_id": organisation_id, "annee": annee, "quartier_id": pk},
            countdown=delai,
        )
        planifies.append(pk)
    return planifies


def _on_change(sender, instance, **kwargs):
    try:
        quartier_ids, jour = CONCERNES[sender._meta.label](instance)
    except Exception:  # noqa: BLE001 - freshness must never break the write itself
        logger.exception("indicator recomputation not scheduled for %s", sender._meta.label)
        return
    signaler(quartier_ids, jour)


def _on_acteur_quartiers(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # quartier.acteurs.add(...): ``instance`` is the neighbourhood
        signaler([instance.pk], timezone.localdate())
    else:
        signaler(pk_set or _acteur_quartiers(instance.pk), timezone.localdate())


def connecter() -> None:
    """Called once by the app config."""
    for label in CONCERNES:
        try:
            model = apps.get_model(label)
        except LookupError:  # that app is not installed
            continue
        post_save.connect(_on_change, sender=model, dispatch_uid=f"indicateurs-{label}-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"indicateurs-{label}-delete")
    try:
        through = apps.get_model("acteurs", "Acteur").quartiers.through
    except LookupError:
        return
    m2m_changed.connect(_on_acteur_quartiers, sender=through, dispatch_uid="indicateurs-relais")
