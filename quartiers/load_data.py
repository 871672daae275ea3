"""Benchmark data: many neighbourhoods with axes, actions, steps and îlots (bulk inserts)."""

from __future__ import annotations

from datetime import date, timedelta

from .models import Action, AxeTravail, EtapePhase, Ilot, Phase, Quartier

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[2.38, 48.87], [2.381, 48.87], [2.381, 48.871], [2.38, 48.871], [2.38, 48.87]]
    ],
}


def generate(ctx: dict, *, scale: float = 1) -> int:
    """Give each of ``ctx["quartiers_bench"]`` (the neighbourhoods ``generate_load_data``
    created) 4 axes × 5 actions, 5 phase steps and 10 îlots. Without that list, first add
    ``20 × scale`` neighbourhoods to ``ctx["organisation"]`` (names "Quartier de charge N");
    re-running adds none twice. Returns the number of neighbourhoods filled."""
    organisation = ctx["organisation"]
    facilitateur = ctx.get("users", {}).get("facilitatrice")
    if ctx.get("quartiers_bench"):
        quartiers = list(ctx["quartiers_bench"])
        return len(_fill(quartiers, facilitateur))
    names = [f"Quartier de charge {i:04}" for i in range(max(1, int(20 * scale)))]
    existing = set(
        Quartier.objects.filter(organisation=organisation, nom__in=names).values_list(
            "nom", flat=True
        )
    )
    quartiers = Quartier.objects.bulk_create(
        [
            Quartier(
                organisation=organisation,
                nom=name,
                commune="Paris 20e",
                habitants=5000 + i,
                logements=2000 + i,
                nombre_ilots=10,
                phase=i % 5,
                perimetre=SQUARE,
            )
            for i, name in enumerate(names)
            if name not in existing
        ]
    )
    return len(_fill(quartiers, facilitateur))


def _fill(quartiers: list[Quartier], facilitateur) -> list[Quartier]:
    axes = AxeTravail.objects.bulk_create(
        [AxeTravail(quartier=q, titre=f"Axe {n}", ordre=n) for q in quartiers for n in range(4)]
    )
    Action.objects.bulk_create(
        [
            Action(
                axe=axe,
                titre=f"Action {n}",
                statut=Action.Statut.choices[n % 4][0],
                responsable=facilitateur,
                echeance=date(2024, 1, 1) + timedelta(days=30 * n),
            )
            for axe in axes
            for n in range(5)
        ]
    )
    EtapePhase.objects.bulk_create(
        [
            EtapePhase(quartier=q, phase=phase, debut=date(2021 + phase, 1, 1))
            for q in quartiers
            for phase in Phase.values
        ]
    )
    Ilot.objects.bulk_create(
        [Ilot(quartier=q, nom=f"Îlot {n}", geometrie=SQUARE) for q in quartiers for n in range(10)]
    )
    if facilitateur is not None:
        Quartier.membres.through.objects.bulk_create(
            [Quartier.membres.through(quartier=q, user=facilitateur) for q in quartiers]
        )
    return quartiers
