from django.db import migrations

# The list named by the programme; administrators edit it afterwards in the admin.
TYPES = [
    ("atelier-participatif", "Atelier participatif"),
    ("marche-exploratoire", "Marche exploratoire"),
    ("balade-thermique", "Balade thermique"),
    ("reunion-lancement", "Réunion de lancement"),
    ("reunion-travail", "Réunion de travail"),
    ("groupe-travail", "Groupe de travail"),
    ("visite-chantier", "Visite de chantier"),
    ("visite-copropriete", "Visite de copropriété rénovée"),
    ("visite-projet", "Visite de projet"),
    ("permanence", "Permanence"),
    ("boitage-affichage", "Boîtage / affichage"),
    ("entretien", "Entretien"),
    ("formation", "Formation"),
]


def seed(apps, schema_editor):
    TypeActivite = apps.get_model("ateliers", "TypeActivite")
    for ordre, (code, nom) in enumerate(TYPES, start=1):
        TypeActivite.objects.get_or_create(code=code, defaults={"nom": nom, "ordre": ordre * 10})


def unseed(apps, schema_editor):
    TypeActivite = apps.get_model("ateliers", "TypeActivite")
    TypeActivite.objects.filter(code__in=[code for code, _ in TYPES], ateliers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("ateliers", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
