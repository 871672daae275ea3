"""Bulk activities for the benchmark (``generate_load_data`` of the indicateurs app)."""

import random
from datetime import date, time, timedelta
from decimal import Decimal

from .models import Atelier, TypeActivite

PER_SCALE = 50_000
BATCH = 2_000


def generate(ctx: dict, *, scale: float) -> int:
    """Create ``50 000 × scale`` activities spread over ``ctx["quartiers_bench"]``.

    Deterministic (seeded) so that benchmark runs compare; returns the number created.
    """
    quartiers = list(ctx["quartiers_bench"])
    if not quartiers:
        return 0
    types = list(TypeActivite.objects.all())
    rng = random.Random(20221018)
    total = int(PER_SCALE * scale)
    start = date(2021, 1, 1)
    created = 0
    batch = []
    for i in range(total):
        type_activite = rng.choice(types)
        batch.append(
            Atelier(
                quartier=quartiers[i % len(quartiers)],
                type_activite=type_activite,
                titre=f"{type_activite.nom} n° {i + 1}",
                date=start + timedelta(days=rng.randrange(0, 5 * 365)),
                heure_debut=time(rng.choice((9, 10, 14, 18, 19))),
                duree_minutes=rng.choice((60, 90, 120, 180)),
                participants=rng.randrange(0, 60),
                heures_preparation=Decimal(rng.choice(("0.5", "1", "2", "4"))),
                heures_terrain=Decimal(rng.choice(("1", "1.5", "2", "3"))),
                phase=rng.randrange(0, 5),
            )
        )
        if len(batch) >= BATCH:
            Atelier.objects.bulk_create(batch)
            created += len(batch)
            batch = []
    if batch:
        Atelier.objects.bulk_create(batch)
        created += len(batch)
    return created
