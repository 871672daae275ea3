"""Build the benchmark dataset: 100 neighbourhoods, 20 000 actors, 50 000 activities,
200 000 survey responses, 50 000 map notes (at --scale 1), by calling each installed app's
``<app>/load_data.py: generate(ctx, *, scale)``."""

import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from comptes.models import Organisation, Role, User
from quartiers.models import Quartier

BENCH_ORGANISATION = "Organisation du banc d'essai"
BENCH_PASSWORD = "banc-essai-ecogestion"  # noqa: S105 - benchmark accounts only
BENCH_USERS = {
    "direction": ("bench-direction@example.org", Role.DIRECTION),
    "facilitateur": ("bench-facilitateur@example.org", Role.FACILITATEUR),
}


def _square(index: int) -> dict:
    # A grid of small squares over Paris, one per neighbourhood.
    west = 2.25 + (index % 10) * 0.02
    south = 48.81 + (index // 10) * 0.01
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, south], [west + 0.015, south], [west + 0.015, south + 0.008],
             [west, south + 0.008], [west, south]]
        ],
    }  # fmt: skip


class Command(BaseCommand):
    help = "Construit le jeu de données du banc d'essai (100 quartiers, 20 000 acteurs…)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = taille complète")
        parser.add_argument(
            "--reset", action="store_true", help="Supprime d'abord le banc d'essai existant"
        )

    def handle(self, *args, scale, reset, **options):
        if scale <= 0:
            raise CommandError("--scale doit être positif")
        existing = Organisation.objects.filter(nom=BENCH_ORGANISATION).first()
        if existing:
            if not reset:
                raise CommandError("Le banc d'essai existe déjà : relancez avec --reset.")
            User.objects.filter(organisation=existing).delete()
            existing.delete()
        started = time.monotonic()
        with transaction.atomic():
            organisation = Organisation.objects.create(nom=BENCH_ORGANISATION, sigle="BANC")
            users = {}
            for key, (email, role) in BENCH_USERS.items():
                user = User.objects.create_user(
                    email, BENCH_PASSWORD, organisation=organisation, role=role
                )
                users[key] = user
            count = max(3, round(100 * scale))
            Quartier.objects.bulk_create(
                Quartier(
                    organisation=organisation,
                    nom=f"Quartier {index + 1:03d}",
                    commune=f"Paris {index % 20 + 1}e",
                    habitants=3000 + index * 50,
                    logements=1500 + index * 20,
                    perimetre=_square(index),
                )
                for index in range(count)
            )
            quartiers = list(Quartier.objects.filter(organisation=organisation).order_by("nom"))
            users["facilitateur"].quartiers_affectes.add(*quartiers[:3])
            ctx = {
                "organisation": organisation,
                "quartiers_bench": quartiers,
                "users": users,
                "scale": scale,
            }
            self.stdout.write(f"  {len(quartiers)} quartiers")
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.load_data")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.load_data":
                        raise
                    continue
                t0 = time.monotonic()
                result = module.generate(ctx, scale=scale)
                self.stdout.write(
                    f"  ✓ {config.verbose_name} ({time.monotonic() - t0:.1f} s) {result or ''}"
                )
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Bulk inserts leave the planner's statistics and the visibility map behind; a live
            # database has autovacuum catch up within minutes. Measure what it would plan.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Banc d'essai prêt en {time.monotonic() - started:.0f} s "
                f"(compte {BENCH_USERS['direction'][0]}, mot de passe {BENCH_PASSWORD})."
            )
        )
