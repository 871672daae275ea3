"""Benchmark data of the indicateurs app: the library, a year of manual values, targets and
snapshots for every benchmark neighbourhood (bulk inserts)."""

import random
from datetime import date
from decimal import Decimal

from django.utils import timezone

from . import selectors, services
from .models import Cible, Granularite, Snapshot, ValeurManuelle


def generate(ctx: dict, *, scale: float) -> dict:
    organisation = ctx["organisation"]
    quartiers = ctx["quartiers_bench"]
    indicateurs, _skipped = services.bibliotheque_charger(organisation=organisation)
    year = timezone.localdate().year
    rng = random.Random(2026)  # noqa: S311 - benchmark figures
    valeurs, cibles, snapshots = [], [], []
    for quartier in quartiers:
        for ind in indicateurs:
            base = rng.randint(5, 500)
            cibles.append(
                Cible(indicateur=ind, quartier=quartier, annee=year, valeur_cible=base * 12)
            )
            total = Decimal(0)
            for month in range(1, 13):
                value = Decimal(rng.randint(0, base))
                total += value
                debut = date(year, month, 1)
                snapshots.append(
                    Snapshot(
                        indicateur=ind,
                        quartier=quartier,
                        granularite=Granularite.MOIS,
                        debut=debut,
                        fin=debut.replace(day=28),
                        valeur=value,
                    )
                )
                if ind.est_manuel:
                    valeurs.append(
                        ValeurManuelle(
                            indicateur=ind,
                            quartier=quartier,
                            date=debut,
                            valeur=value,
                            note="Donnée de banc d'essai",
                        )
                    )
            snapshots.append(
                Snapshot(
                    indicateur=ind,
                    quartier=quartier,
                    granularite=Granularite.ANNEE,
                    debut=date(year, 1, 1),
                    fin=date(year, 12, 31),
                    valeur=total,
                )
            )
    Cible.objects.bulk_create(cibles, batch_size=2000)
    ValeurManuelle.objects.bulk_create(valeurs, batch_size=2000)
    Snapshot.objects.bulk_create(snapshots, batch_size=5000)
    selectors.donnees_modifiees(organisation.pk)
    return {"indicateurs": len(indicateurs), "valeurs": len(valeurs), "snapshots": len(snapshots)}
