from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from acteurs import imports, services
from comptes.models import Organisation, User


class Command(BaseCommand):
    help = (
        "Importe la base des acteurs d'une organisation depuis un fichier CSV ou XLSX "
        "(mêmes règles que le formulaire : rien n'est importé si une ligne est en erreur)."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument("--organisation", required=True, help="Nom de l'organisation")
        parser.add_argument("--par", help="E-mail de l'utilisateur·rice à qui attribuer l'import")
        parser.add_argument(
            "--essai", action="store_true", help="Afficher l'aperçu sans rien importer"
        )

    def handle(self, *args, **options):
        path: Path = options["fichier"]
        if not path.exists():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            organisation = Organisation.objects.get(nom=options["organisation"])
        except Organisation.DoesNotExist as exc:
            raise CommandError(f"Organisation inconnue : {options['organisation']}") from exc
        par = None
        if options["par"]:
            par = User.objects.filter(email=options["par"], organisation=organisation).first()
            if par is None:
                raise CommandError(f"Utilisateur·rice inconnu·e : {options['par']}")
        preview = imports.analyse(path.read_bytes(), path.name, organisation)
        for error in preview.errors:
            self.stderr.write(error)
        for row in preview.rows:
            if row.errors:
                self.stderr.write(f"Ligne {row.line} ({row.label}) : {' '.join(row.errors)}")
            elif row.duplicate_of:
                self.stdout.write(f"Ligne {row.line} : doublon de « {row.duplicate_of} », ignorée")
        if not preview.valid:
            raise CommandError(
                "Import refusé : corrigez les erreurs ci-dessus, rien n'a été importé."
            )
        if options["essai"]:
            self.stdout.write(f"Essai : {len(preview.to_create)} acteurs seraient créés.")
            return
        record = services.import_enregistrer(
            organisation=organisation,
            par=par,
            fichier=path.name,
            rows=imports.deserialise(preview.serialisable()),
            ignores=len(preview.duplicates),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{record.crees} acteurs importés, {record.ignores} doublons ignorés."
            )
        )
