from django.db import migrations


def remplir(apps, schema_editor):
    """Link the contacts an activity's attendance created ("atelier:42") to that activity."""
    Atelier = apps.get_model("ateliers", "Atelier")
    Contact = apps.get_model("acteurs", "Contact")
    existing = set(Atelier.objects.values_list("pk", flat=True))
    for contact in Contact.objects.filter(source_key__startswith="atelier:", atelier=None):
        pk = contact.source_key.removeprefix("atelier:")
        if pk.isdigit() and int(pk) in existing:
            contact.atelier_id = int(pk)
            contact.save(update_fields=["atelier"])


def vider(apps, schema_editor):
    apps.get_model("acteurs", "Contact").objects.update(atelier=None)


class Migration(migrations.Migration):
    dependencies = [
        ("acteurs", "0004_contact_atelier"),
    ]

    operations = [
        migrations.RunPython(remplir, vider),
    ]
