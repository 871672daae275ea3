import datetime

import pytest
from django.core.exceptions import ValidationError

from comptes.models import AuditEntry, Role
from quartiers import services
from quartiers.models import Action, AxeTravail, EtapePhase
from tests.factories import AxeTravailFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_quartier_update_records_the_changed_fields(quartier, facilitateur):
    services.quartier_update(
        quartier=quartier, data={"habitants": 1800, "commune": "Paris 20e"}, par=facilitateur
    )
    entry = AuditEntry.objects.get(object_type="quartiers.quartier", object_id=str(quartier.pk))
    assert entry.user == facilitateur
    assert entry.changes == {"habitants": [10000, 1800]}


def test_quartier_update_without_change_writes_no_audit(quartier, facilitateur):
    services.quartier_update(quartier=quartier, data={"habitants": 10000}, par=facilitateur)
    assert not AuditEntry.objects.exists()


def test_quartier_update_refuses_a_name_taken_in_the_organisation(quartier, facilitateur):
    from tests.factories import QuartierFactory

    QuartierFactory(organisation=quartier.organisation, nom="Belleville")
    with pytest.raises(ValidationError):
        services.quartier_update(quartier=quartier, data={"nom": "Belleville"}, par=facilitateur)


def test_axe_titles_are_unique_per_quartier(quartier, facilitateur, axe):
    with pytest.raises(ValidationError):
        services.axe_create(quartier=quartier, data={"titre": axe.titre}, par=facilitateur)


def test_axe_delete_removes_actions_and_is_recorded_on_the_quartier(
    quartier, facilitateur, axe, action
):
    services.axe_delete(axe=axe, par=facilitateur)
    assert not AxeTravail.objects.exists() and not Action.objects.exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert entry.object_id == str(quartier.pk)
    assert entry.changes["axe"] == [axe.titre, None]


def test_action_responsable_must_belong_to_the_organisation(facilitateur, axe, outsider):
    with pytest.raises(ValidationError) as exc:
        services.action_create(
            axe=axe, data={"titre": "Balade thermique", "responsable": outsider}, par=facilitateur
        )
    assert "responsable" in exc.value.message_dict
    assert not Action.objects.exists()


def test_action_update_is_audited(facilitateur, action):
    services.action_update(action=action, data={"statut": "realisee"}, par=facilitateur)
    entry = AuditEntry.objects.get(object_type="quartiers.action")
    assert entry.changes == {"statut": ["prevue", "realisee"]}
    assert entry.organisation == action.axe.quartier.organisation


def test_etapes_update_creates_updates_and_removes_steps(quartier, facilitateur):
    d = datetime.date
    services.etapes_update(
        quartier=quartier,
        etapes={0: {"debut": d(2021, 1, 1), "fin": d(2021, 6, 30)}, 1: {"debut": d(2021, 7, 1)}},
        par=facilitateur,
    )
    assert list(quartier.etapes.values_list("phase", flat=True)) == [0, 1]
    services.etapes_update(
        quartier=quartier,
        etapes={0: {"debut": d(2021, 2, 1)}, 1: {"debut": None}},
        par=facilitateur,
    )
    assert list(quartier.etapes.values_list("phase", "debut")) == [(0, d(2021, 2, 1))]


def test_etapes_must_follow_each_other_and_nothing_is_saved_on_error(quartier, facilitateur):
    d = datetime.date
    with pytest.raises(ValidationError) as exc:
        services.etapes_update(
            quartier=quartier,
            etapes={0: {"debut": d(2022, 1, 1)}, 1: {"debut": d(2021, 1, 1)}},
            par=facilitateur,
        )
    assert "1" in exc.value.message_dict
    assert not EtapePhase.objects.exists()


def test_etape_end_before_start_is_refused(quartier, facilitateur):
    with pytest.raises(ValidationError):
        services.etapes_update(
            quartier=quartier,
            etapes={0: {"debut": datetime.date(2022, 1, 1), "fin": datetime.date(2021, 1, 1)}},
            par=facilitateur,
        )


def test_team_accepts_facilitators_and_partners_of_the_organisation(quartier, organisation):
    admin = UserFactory(organisation=organisation, role=Role.ADMINISTRATEUR)
    fac = UserFactory(organisation=organisation, role=Role.FACILITATEUR)
    part = UserFactory(organisation=organisation, role=Role.PARTENAIRE)
    services.quartier_set_membres(quartier=quartier, membres=[fac, part], par=admin)
    assert set(quartier.membres.all()) == {fac, part}
    assert AuditEntry.objects.filter(changes__has_key="membres").exists()


@pytest.mark.parametrize("case", ["direction", "other_organisation"])
def test_team_refuses_direction_and_strangers(quartier, organisation, case):
    if case == "direction":
        user = UserFactory(organisation=organisation, role=Role.DIRECTION)
    else:
        user = UserFactory(organisation=OrganisationFactory(nom="Ailleurs"))
    with pytest.raises(ValidationError):
        services.quartier_set_membres(quartier=quartier, membres=[user], par=None)
    assert not quartier.membres.filter(pk=user.pk).exists()


def test_axe_update_and_create_are_audited(quartier, facilitateur):
    axe = services.axe_create(quartier=quartier, data={"titre": "Mobilité"}, par=facilitateur)
    services.axe_update(axe=axe, data={"titre": "Mobilité douce"}, par=facilitateur)
    actions = list(
        AuditEntry.objects.filter(object_type="quartiers.axetravail").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "update"]
    assert AxeTravailFactory._meta.model.objects.get().titre == "Mobilité douce"
