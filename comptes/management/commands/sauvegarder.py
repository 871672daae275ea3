from pathlib import Path

from django.core.management.base import BaseCommand

from comptes.backup import backup_create


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données et les fichiers déposés (MEDIA_ROOT) "
        "dans une archive .tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Chemin de l'archive à écrire.")

    def handle(self, *args, output, **options):
        path = Path(output)
        manifest = backup_create(output=path)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite : {path} ({rows} lignes, {manifest['media_files']} fichiers)."
            )
        )
