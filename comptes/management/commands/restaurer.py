from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from comptes.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restaure une archive de `sauvegarder` dans une installation vide "
        "(base migrée, sans données)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Archive .tar.gz produite par `sauvegarder`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restaurer même si la base contient déjà des données (les lignes de même "
            "identifiant sont remplacées).",
        )

    def handle(self, *args, archive, force, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"Archive introuvable : {path}")
        try:
            manifest = backup_restore(archive_path=path, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restauration terminée : {rows} lignes, {manifest['media_files']} fichiers "
                f"(sauvegarde du {manifest['created_at']})."
            )
        )
