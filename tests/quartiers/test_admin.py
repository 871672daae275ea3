import pytest
from django.urls import reverse

from comptes.models import Role
from tests.factories import UserFactory

from .factories import EtapePhaseFactory, IlotFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["quartier", "ilot", "axetravail", "action", "etapephase"])
def test_admin_lists_and_opens_every_quartiers_model(client, organisation, quartier, action, model):
    IlotFactory(quartier=quartier)
    EtapePhaseFactory(quartier=quartier)
    superuser = UserFactory(
        organisation=organisation, role=Role.ADMINISTRATEUR, is_staff=True, is_superuser=True
    )
    client.force_login(superuser)
    changelist = client.get(reverse(f"admin:quartiers_{model}_changelist"))
    assert changelist.status_code == 200
    obj = {
        "quartier": quartier,
        "ilot": quartier.ilots.first(),
        "axetravail": action.axe,
        "action": action,
        "etapephase": quartier.etapes.first(),
    }[model]
    assert client.get(reverse(f"admin:quartiers_{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:quartiers_{model}_add")).status_code == 200
