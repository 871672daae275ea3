import pytest
from django.urls import reverse

from acteurs.models import Acteur, Contact, ImportActeurs, Relation


@pytest.fixture
def admin_client(client, administrateur):
    administrateur.is_staff = administrateur.is_superuser = True
    administrateur.save()
    client.force_login(administrateur)
    return client


@pytest.mark.parametrize("model", [Acteur, Relation, Contact, ImportActeurs])
def test_every_acteurs_model_has_an_admin(admin_client, model, acteur, personne):
    Relation.objects.create(source=personne, cible=acteur, type_relation="membre")
    Contact.objects.create(acteur=personne, date="2025-01-01", canal="email")
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    obj = model.objects.first()
    if obj:
        assert (
            admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code
            == 200
        )
