"""Editing forms, filled from the rendered HTML and posted back."""

import pytest
from django.urls import reverse

from comptes.models import AuditEntry, Role
from quartiers.models import Action, AxeTravail, EtapePhase
from tests.factories import UserFactory

from .html import field_names, form_data

pytestmark = pytest.mark.django_db


def test_quartier_form_saves_and_audits(client, facilitateur, quartier):
    client.force_login(facilitateur)
    url = reverse("quartiers:modifier", args=[quartier.pk])
    data = form_data(client.get(url))
    assert {"nom", "habitants", "logements", "nombre_ilots", "qpv", "qva", "phase"} <= set(data)
    data.update(habitants="1800", logements="850", qpv=["on"], phase="2")
    response = client.post(url, data)
    assert response.status_code == 302
    quartier.refresh_from_db()
    assert (quartier.habitants, quartier.qpv, quartier.phase) == (1800, True, 2)
    entry = AuditEntry.objects.get(object_id=str(quartier.pk))
    assert entry.changes["habitants"] == [10000, 1800]


def test_quartier_form_keeps_input_and_explains_errors_in_french(client, facilitateur, quartier):
    client.force_login(facilitateur)
    url = reverse("quartiers:modifier", args=[quartier.pk])
    data = form_data(client.get(url))
    data.update(habitants="beaucoup", description="Un texte saisi à garder")
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez un nombre entier." in html
    assert "Le formulaire contient des erreurs" in html
    assert 'value="beaucoup"' in html and "Un texte saisi à garder" in html
    quartier.refresh_from_db()
    assert quartier.habitants == 10000


def test_axe_and_action_forms(client, facilitateur, quartier):
    client.force_login(facilitateur)
    url = reverse("quartiers:axe_ajouter", args=[quartier.pk])
    data = form_data(client.get(url))
    data.update(titre="Rénovation énergétique mutualisée", ordre="1")
    assert client.post(url, data).status_code == 302
    axe = AxeTravail.objects.get()

    url = reverse("quartiers:action_ajouter", args=[quartier.pk, axe.pk])
    response = client.get(url)
    assert "responsable" in field_names(response)
    data = form_data(response)
    data.update(
        titre="Lancer un DTG mutualisé",
        statut="en_cours",
        porteur="Conseil syndical",
        responsable=str(facilitateur.pk),
        echeance="2024-06-30",
    )
    assert client.post(url, data).status_code == 302
    action = Action.objects.get()
    assert (action.statut, action.responsable, str(action.echeance)) == (
        "en_cours",
        facilitateur,
        "2024-06-30",
    )

    page = client.get(quartier.get_absolute_url()).content.decode()
    assert "Lancer un DTG mutualisé" in page and "En cours" in page


def test_duplicate_axe_title_is_reported_at_the_field(client, facilitateur, quartier, axe):
    client.force_login(facilitateur)
    url = reverse("quartiers:axe_ajouter", args=[quartier.pk])
    data = form_data(client.get(url))
    data.update(titre=axe.titre)
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_titre_error"><p>Ce quartier a déjà un axe de travail de ce titre.' in html
    assert AxeTravail.objects.count() == 1


def test_quartier_name_taken_in_the_organisation_is_reported_at_the_field(
    client, facilitateur, quartier, organisation
):
    from tests.factories import QuartierFactory

    QuartierFactory(organisation=organisation, nom="Belleville")
    client.force_login(facilitateur)
    url = reverse("quartiers:modifier", args=[quartier.pk])
    data = form_data(client.get(url))
    data["nom"] = "belleville"
    html = client.post(url, data).content.decode()
    assert (
        'id="id_nom_error"><p>Un autre quartier de l&#x27;organisation porte déjà ce nom.' in html
    )
    quartier.refresh_from_db()
    assert quartier.nom != "belleville"


def test_action_responsable_choices_exclude_partners_and_strangers(
    client, facilitateur, partenaire, outsider, quartier, axe
):
    client.force_login(facilitateur)
    html = client.get(reverse("quartiers:action_ajouter", args=[quartier.pk, axe.pk])).content
    html = html.decode()
    assert f'value="{facilitateur.pk}"' in html
    assert f'value="{partenaire.pk}"' not in html and f'value="{outsider.pk}"' not in html


def test_action_edit_and_delete(client, facilitateur, quartier, action):
    client.force_login(facilitateur)
    url = reverse("quartiers:action_modifier", args=[quartier.pk, action.pk])
    data = form_data(client.get(url))
    assert data["titre"] == action.titre
    data.update(statut="realisee")
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.statut == "realisee"
    url = reverse("quartiers:action_supprimer", args=[quartier.pk, action.pk])
    assert "Supprimer l&#x27;action" in client.get(url).content.decode()
    assert client.post(url, form_data(client.get(url))).status_code == 302
    assert not Action.objects.exists()


def test_action_of_another_neighbourhood_is_not_reachable_through_mine(
    client, facilitateur, quartier, organisation
):
    from tests.factories import QuartierFactory

    from .factories import ActionFactory

    foreign = ActionFactory(axe__quartier=QuartierFactory(organisation=organisation))
    client.force_login(facilitateur)
    url = reverse("quartiers:action_modifier", args=[quartier.pk, foreign.pk])
    assert client.get(url).status_code == 404


def test_etapes_form_sets_dates_and_reports_errors(client, facilitateur, quartier):
    client.force_login(facilitateur)
    url = reverse("quartiers:etapes", args=[quartier.pk])
    data = form_data(client.get(url))
    assert "phase0-debut" in data and "phase4-note" in data
    data.update({"phase0-debut": "2021-01-11", "phase0-fin": "2021-06-30"})
    data.update({"phase1-debut": "2021-07-01", "phase1-fin": "2021-03-01"})
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "La fin doit être postérieure au début." in html
    assert 'value="2021-03-01"' in html
    assert not EtapePhase.objects.exists()
    data["phase1-fin"] = "2022-06-30"
    assert client.post(url, data).status_code == 302
    assert list(quartier.etapes.values_list("phase", flat=True)) == [0, 1]


def test_equipe_form_for_administrators(client, organisation, quartier):
    admin = UserFactory(organisation=organisation, role=Role.ADMINISTRATEUR)
    fac = UserFactory(organisation=organisation, role=Role.FACILITATEUR)
    direction = UserFactory(organisation=organisation, role=Role.DIRECTION)
    client.force_login(admin)
    url = reverse("quartiers:equipe", args=[quartier.pk])
    response = client.get(url)
    html = response.content.decode()
    assert f'value="{fac.pk}"' in html and f'value="{direction.pk}"' not in html
    data = form_data(response)
    data["membres"] = [str(fac.pk)]
    assert client.post(url, data).status_code == 302
    assert list(quartier.membres.all()) == [fac]
    assert (
        reverse("quartiers:equipe", args=[quartier.pk])
        in client.get(quartier.get_absolute_url()).content.decode()
    )


def test_facilitator_cannot_change_the_team(client, facilitateur, quartier):
    client.force_login(facilitateur)
    assert client.get(reverse("quartiers:equipe", args=[quartier.pk])).status_code == 403
    assert (
        reverse("quartiers:equipe", args=[quartier.pk])
        not in client.get(quartier.get_absolute_url()).content.decode()
    )
