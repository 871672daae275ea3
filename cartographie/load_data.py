"""Benchmark data: ``generate(ctx, scale=…)`` puts 50 000 × scale notes on the benchmark
neighbourhoods (``ctx["quartiers_bench"]``), with bulk_create."""

from __future__ import annotations

import random

from ecogestion import geometry

from .models import Annotation, Carte, Categorie, Echelle, Ressenti, Statut

NOTES_PER_SCALE = 50_000
COMMENTS = [
    "Trop chaud l'après-midi",
    "Endroit frais et ombragé",
    "À végétaliser",
    "Bruit la nuit",
    "Lieu de rencontre apprécié",
    "",
]


def build_notes(carte: Carte, count: int, *, seed: int = 0) -> list[Annotation]:
    """``count`` unsaved point notes spread over the session's neighbourhood (also used by the
    GeoJSON benchmark and its query-count test)."""
    rng = random.Random(seed)
    perimetre = carte.quartier.perimetre or {
        "type": "Polygon",
        "coordinates": [
            [[2.38, 48.87], [2.39, 48.87], [2.39, 48.875], [2.38, 48.875], [2.38, 48.87]]
        ],
    }
    points = geometry.random_points_within(perimetre, count, rng)
    categories = list(Categorie.objects.values_list("pk", flat=True))
    feelings = list(Ressenti.values)
    notes = []
    for lon, lat in points:
        notes.append(
            Annotation(
                carte=carte,
                categorie_id=rng.choice(categories),
                ressenti=rng.choice(feelings),
                commentaire=rng.choice(COMMENTS),
                geometrie={"type": "Point", "coordinates": [lon, lat]},
                lon=lon,
                lat=lat,
                statut=Statut.PUBLIEE,
                origine="import",
            )
        )
    return notes


def generate(ctx: dict, *, scale: float = 1.0) -> int:
    quartiers = (
        list((ctx.get("quartiers_bench") or {}).values())
        if isinstance(ctx.get("quartiers_bench"), dict)
        else list(ctx.get("quartiers_bench") or [])
    )
    if not quartiers:
        return 0
    total = int(NOTES_PER_SCALE * scale)
    per_quartier = max(total // len(quartiers), 1)
    created = 0
    for index, quartier in enumerate(quartiers):
        carte, _ = Carte.objects.get_or_create(
            quartier=quartier,
            titre="Carte de charge (benchmark)",
            defaults={"echelle": Echelle.QUARTIER, "ouverte": False},
        )
        notes = build_notes(carte, per_quartier, seed=index)
        Annotation.objects.bulk_create(notes, batch_size=5_000)
        created += len(notes)
    return created
