from django.db import migrations

# The categories of the experiment's sensitive maps (issue 5), each with its colour and icon.
CATEGORIES = [
    ("ilot-de-chaleur", "Îlot de chaleur", "#d62728", "☀"),
    ("lieu-frais", "Lieu frais", "#1f77b4", "❄"),
    ("nuisance-sonore", "Nuisance sonore", "#9467bd", "♫"),
    ("lieu-agreable", "Lieu agréable", "#2ca02c", "☺"),
    ("lieu-de-rencontre", "Lieu de rencontre", "#ff7f0e", "☻"),
    ("insecurite", "Insécurité / inconfort", "#8c564b", "⚠"),
    ("a-vegetaliser", "À végétaliser", "#17becf", "✿"),
    ("eau", "Eau / point d'eau", "#0b5394", "≈"),
    ("mobilite", "Mobilité (obstacle ou besoin)", "#e377c2", "➜"),
    ("autre", "Autre", "#6b6b6b", "●"),
]


def seed(apps, schema_editor):
    Categorie = apps.get_model("cartographie", "Categorie")
    for ordre, (slug, nom, couleur, icone) in enumerate(CATEGORIES, start=1):
        Categorie.objects.get_or_create(
            slug=slug, defaults={"nom": nom, "couleur": couleur, "icone": icone, "ordre": ordre}
        )


def unseed(apps, schema_editor):
    Categorie = apps.get_model("cartographie", "Categorie")
    Categorie.objects.filter(slug__in=[c[0] for c in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cartographie", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
