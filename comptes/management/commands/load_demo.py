from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from comptes.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent : relancer ne duplique rien)."

    def handle(self, *args, **options):
        ctx: dict = {}
        with transaction.atomic():
            # Each app may ship a ``demo`` module with ``load(ctx)``; they run in
            # INSTALLED_APPS order and share ``ctx`` (organisation, users, quartiers…).
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(ctx)
                self.stdout.write(f"  ✓ {config.verbose_name}")
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for email, _first, _last, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:38} {role.label}")
