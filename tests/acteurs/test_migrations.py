"""Data migrations of the contact base."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from acteurs.models import Contact
from tests.ateliers.factories import AtelierFactory


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_existing_contacts_from_activities_are_linked_to_them(quartier, personne):
    atelier = AtelierFactory(quartier=quartier)
    _migrate(("acteurs", "0004_contact_atelier"))
    day = datetime.date(2025, 5, 1)
    linked = Contact.objects.create(
        acteur=personne, date=day, canal="atelier", source_key=f"atelier:{atelier.pk}"
    )
    gone = Contact.objects.create(
        acteur=personne, date=day, canal="atelier", source_key=f"atelier:{atelier.pk + 1000}"
    )
    demo = Contact.objects.create(acteur=personne, date=day, canal="email", source_key="demo:1")
    _migrate(("acteurs", "0005_contact_atelier_remplir"))
    assert Contact.objects.get(pk=linked.pk).atelier == atelier
    assert Contact.objects.get(pk=gone.pk).atelier is None
    assert Contact.objects.get(pk=demo.pk).atelier is None
