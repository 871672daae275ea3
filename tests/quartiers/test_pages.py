"""The list and neighbourhood pages: what each role sees, and a query count that does not grow."""

import datetime

import pytest
from django.urls import reverse

from comptes.audit import audit_record
from comptes.models import AuditEntry, Role
from quartiers import services
from quartiers.models import Phase
from tests.factories import (
    ActeurFactory,
    AxeTravailFactory,
    ContactFactory,
    QuartierFactory,
    UserFactory,
)

from .factories import ActionFactory, EtapePhaseFactory, IlotFactory

pytestmark = pytest.mark.django_db


def _fill_quartier(quartier, *, axes=3, actions=3, ilots=3, contacts=3, user=None):
    for i in range(axes):
        axe = AxeTravailFactory(quartier=quartier, titre=f"Axe {quartier.pk}-{i}")
        for _ in range(actions):
            ActionFactory(axe=axe, responsable=user)
    for i in range(ilots):
        IlotFactory(quartier=quartier, nom=f"Îlot {i}")
    for phase in range(3):
        EtapePhaseFactory(quartier=quartier, phase=phase, debut=datetime.date(2021 + phase, 1, 1))
    acteur = ActeurFactory(organisation=quartier.organisation)
    acteur.quartiers.add(quartier)
    for _ in range(contacts):
        ContactFactory(acteur=acteur, par=user)


def test_list_shows_key_figures_and_badges(client, facilitateur, quartier):
    quartier.qpv = True
    quartier.qva = True
    quartier.phase = Phase.DIAGNOSTIC
    quartier.save()
    client.force_login(facilitateur)
    html = client.get(reverse("quartiers:list")).content.decode()
    assert quartier.nom in html
    assert "10\xa0000" in html  # French thousands separator (no-break space)
    assert 'QPV<span class="visually-hidden"> — quartier prioritaire' in html
    assert 'QVA<span class="visually-hidden"> — quartier de veille active' in html
    assert "2 · Diagnostic partagé et recommandations" in html


def test_list_query_count_does_not_grow_with_neighbourhoods(
    client, facilitateur, organisation, django_assert_max_num_queries
):
    client.force_login(facilitateur)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("quartiers:list"))
    for i in range(15):
        _fill_quartier(QuartierFactory(organisation=organisation, nom=f"Q{i:02}"), contacts=0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("quartiers:list"))
    assert response.status_code == 200


def test_list_paginates(client, facilitateur, organisation):
    for i in range(25):
        QuartierFactory(organisation=organisation, nom=f"Quartier paginé {i:02}")
    client.force_login(facilitateur)
    first = client.get(reverse("quartiers:list")).content.decode()
    second = client.get(reverse("quartiers:list") + "?page=2").content.decode()
    assert "Page 1 sur 2" in first
    assert "Quartier paginé 24" in second and "Quartier paginé 24" not in first


def test_partner_lists_only_given_neighbourhoods(client, organisation, partenaire, quartier):
    other = QuartierFactory(organisation=organisation, nom="Quartier non confié")
    client.force_login(partenaire)
    html = client.get(reverse("quartiers:list")).content.decode()
    assert quartier.nom in html
    assert other.nom not in html


def test_outsider_neither_lists_nor_opens_a_neighbourhood(client, outsider, quartier):
    client.force_login(outsider)
    assert quartier.nom not in client.get(reverse("quartiers:list")).content.decode()
    assert client.get(reverse("quartiers:detail", args=[quartier.pk])).status_code == 404


def test_detail_query_count_does_not_grow_with_content(
    client, facilitateur, organisation, quartier, django_assert_max_num_queries
):
    client.force_login(facilitateur)
    small = QuartierFactory(organisation=organisation, nom="Petit")
    small.membres.add(facilitateur)
    _fill_quartier(small, axes=1, actions=1, ilots=1, contacts=1, user=facilitateur)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("quartiers:detail", args=[small.pk]))
    _fill_quartier(quartier, axes=6, actions=5, ilots=8, contacts=12, user=facilitateur)
    for i in range(5):
        quartier.membres.add(UserFactory(organisation=organisation, role=Role.PARTENAIRE))
        services.quartier_update(quartier=quartier, data={"habitants": 100 + i}, par=facilitateur)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("quartiers:detail", args=[quartier.pk]))
    assert response.status_code == 200


def test_detail_shows_axes_actions_timeline_and_map(client, facilitateur, quartier, axe, action):
    action.responsable = facilitateur
    action.save()
    quartier.phase = Phase.MOBILISATION
    quartier.save()
    EtapePhaseFactory(quartier=quartier, phase=0, debut=datetime.date(2021, 1, 11))
    IlotFactory(quartier=quartier, nom="Îlot du Pressoir")
    client.force_login(facilitateur)
    response = client.get(reverse("quartiers:detail", args=[quartier.pk]))
    html = response.content.decode()
    assert axe.titre in html and action.titre in html
    assert "Conseil syndical" in html and str(facilitateur) in html
    assert "30/06/2024" in html
    # The current phase is marked in text and for assistive technology, not by colour only.
    assert html.count('aria-current="step"') == 1
    assert "Phase en cours" in html
    assert 'id="quartier-map-data"' in html
    assert [i["nom"] for i in response.context["carte"]["ilots"]] == ["Îlot du Pressoir"]
    assert "js/quartiers-map.js" in html
    assert response.context["carte"]["tiles"]["url"]


def test_detail_edit_links_only_for_editors(client, facilitateur, direction, quartier, axe):
    edit_url = reverse("quartiers:modifier", args=[quartier.pk])
    client.force_login(facilitateur)
    assert edit_url in client.get(quartier.get_absolute_url()).content.decode()
    client.force_login(direction)
    html = client.get(quartier.get_absolute_url()).content.decode()
    assert edit_url not in html
    assert reverse("quartiers:axe_ajouter", args=[quartier.pk]) not in html


def test_unassigned_facilitator_reads_without_edit_links(client, organisation, quartier):
    other = UserFactory(organisation=organisation, role=Role.FACILITATEUR)
    client.force_login(other)
    html = client.get(quartier.get_absolute_url()).content.decode()
    assert reverse("quartiers:modifier", args=[quartier.pk]) not in html


def test_latest_activity_shows_contacts_and_changes(client, facilitateur, quartier, axe):
    acteur = ActeurFactory(organisation=quartier.organisation, nom="Conseil syndical du Pressoir")
    acteur.quartiers.add(quartier)
    ContactFactory(acteur=acteur, date=datetime.date.today(), canal="telephone", par=facilitateur)
    services.quartier_update(quartier=quartier, data={"habitants": 9999}, par=facilitateur)
    services.axe_update(axe=axe, data={"titre": "Îlots de fraîcheur"}, par=facilitateur)
    client.force_login(facilitateur)
    html = client.get(quartier.get_absolute_url()).content.decode()
    section = html[html.index('id="activite-titre"') :]
    assert "Conseil syndical du Pressoir" in section
    assert "Téléphone" in section
    assert "Modifié : habitants" in section
    assert "Îlots de fraîcheur" in section


def test_latest_activity_hides_contacts_from_partners(client, partenaire, quartier):
    acteur = ActeurFactory(organisation=quartier.organisation, nom="Amicale des locataires")
    acteur.quartiers.add(quartier)
    ContactFactory(acteur=acteur)
    client.force_login(partenaire)
    html = client.get(quartier.get_absolute_url()).content.decode()
    assert "Amicale des locataires" not in html


def test_latest_activity_ignores_other_neighbourhoods(client, facilitateur, organisation, quartier):
    other = QuartierFactory(organisation=organisation, nom="Voisin")
    audit_record(
        par=facilitateur, action=AuditEntry.Action.UPDATE, obj=other, changes={"nom": ["a", "b"]}
    )
    client.force_login(facilitateur)
    html = client.get(quartier.get_absolute_url()).content.decode()
    assert "Voisin" not in html[html.index('id="activite-titre"') :]


def test_activity_sources_can_be_added(facilitateur, quartier):
    from quartiers import selectors

    def ateliers(q, user, limit):
        return [
            selectors.ActivityItem(
                quand=datetime.date(2030, 1, 1), categorie="Atelier", titre="Balade thermique"
            )
        ]

    selectors.activity_source(ateliers)
    try:
        items = selectors.latest_activity(quartier, facilitateur)
    finally:
        selectors.ACTIVITY_SOURCES.remove(ateliers)
    assert items[0].titre == "Balade thermique"
