import pytest
from django.contrib import admin
from django.urls import reverse

from ateliers import models
from comptes.models import Role
from tests.factories import UserFactory

from .factories import PropositionFactory, SuiviFactory

MODELS = [
    models.TypeActivite,
    models.GroupeTravail,
    models.Atelier,
    models.PieceJointe,
    models.Proposition,
    models.ChangementStatut,
    models.Suivi,
    models.JetonCalendrier,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_has_a_working_admin(client, organisation, model):
    assert admin.site.is_registered(model)
    SuiviFactory(proposition=PropositionFactory())
    superuser = UserFactory(
        organisation=organisation, role=Role.ADMINISTRATEUR, is_staff=True, is_superuser=True
    )
    client.force_login(superuser)
    opts = model._meta
    assert (
        client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code
        == 200
    )
    obj = model.objects.first()
    if obj is not None:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(url).status_code == 200
