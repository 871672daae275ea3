from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from comptes.models import Organisation
from quartiers import imports, services


class Command(BaseCommand):
    help = (
        "Importe des périmètres de quartiers depuis un fichier GeoJSON (polygones WGS84). "
        "Tout est importé en une transaction, ou rien si une entité est refusée."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path, help="Fichier GeoJSON (FeatureCollection)")
        parser.add_argument("--organisation", required=True, help="Nom de l'organisation")
        parser.add_argument(
            "--name-property",
            dest="propriete",
            help="Propriété qui donne le nom du quartier (ex. l_qu). Sans elle, la commande "
            "liste les propriétés du fichier.",
        )
        parser.add_argument(
            "--nom",
            dest="noms",
            action="append",
            metavar="NOM",
            help="N'importer que ce quartier (option répétable).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Afficher l'aperçu sans rien importer."
        )

    def handle(self, *args, fichier: Path, organisation: str, propriete, noms, dry_run, **opts):
        try:
            org = Organisation.objects.get(nom=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"Organisation inconnue : « {organisation} ».") from None
        try:
            raw = fichier.read_bytes()
        except OSError as exc:
            raise CommandError(f"Lecture impossible de {fichier} : {exc.strerror}.") from None
        try:
            contenu = imports.lire_fichier(raw)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if not propriete:
            self.stdout.write("Propriétés trouvées (exemples de valeurs) :")
            for name in contenu.proprietes:
                self.stdout.write(f"  {name:20} {', '.join(contenu.exemples.get(name, []))}")
            raise CommandError("Indiquez la propriété du nom avec --name-property.")
        try:
            lignes = imports.apercu(
                organisation=org,
                fichier=contenu,
                propriete=propriete,
                noms=set(noms) if noms else None,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for ligne in lignes:
            if not ligne.valide:
                etat = f"REFUSÉE : {ligne.erreur}"
            elif ligne.cree:
                etat = "nouveau quartier"
            else:
                etat = "met à jour le périmètre"
            self.stdout.write(
                f"  {ligne.index:4} {ligne.nom or '—':40} {ligne.surface:>10}  {etat}"
            )
        refusees = [ligne for ligne in lignes if not ligne.valide]
        if refusees:
            raise CommandError(f"{len(refusees)} entité(s) refusée(s) : rien n'a été importé.")
        if dry_run:
            self.stdout.write("Aperçu seulement (--dry-run) : rien n'a été importé.")
            return
        try:
            counts = services.perimetres_importer(
                organisation=org, lignes=lignes, par=None, source=f"import {fichier.name}"
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Import terminé : {counts['crees']} quartier(s) créé(s), "
                f"{counts['mis_a_jour']} périmètre(s) mis à jour."
            )
        )
