from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ateliers import services
from ateliers.models import StatutProposition
from comptes.models import Role
from tests.factories import AxeTravailFactory, PersonneFactory, UserFactory

from .factories import (
    AtelierFactory,
    GroupeTravailFactory,
    PropositionFactory,
    SuiviFactory,
    type_activite,
)


def _many_activities(quartier, user, n, **kwargs):
    for i in range(n):
        atelier = AtelierFactory(
            quartier=quartier,
            animateurs=[user],
            acteurs_presents=[PersonneFactory(organisation=quartier.organisation)],
            date=kwargs.get("date") or date(2023, 5, 1) + timedelta(days=i),
        )
        PropositionFactory(atelier=atelier)


@pytest.mark.parametrize(
    "url_name", ["ateliers:journal_quartier", "ateliers:mien", "ateliers:calendrier"]
)
def test_lists_keep_a_constant_query_count(
    client, facilitateur, quartier, django_assert_max_num_queries, url_name
):
    kwargs = {"pk": quartier.pk} if url_name == "ateliers:journal_quartier" else {}
    url = reverse(url_name, kwargs=kwargs)
    query = {"mois": "2023-05"} if url_name == "ateliers:calendrier" else {}
    client.force_login(facilitateur)
    _many_activities(quartier, facilitateur, 2)
    with django_assert_max_num_queries(99) as few:
        client.get(url, query)
    _many_activities(quartier, facilitateur, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, query)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url_name", ["ateliers:propositions", "ateliers:restitution", "ateliers:groupes_quartier"]
)
def test_proposition_and_group_pages_keep_a_constant_query_count(
    client, facilitateur, quartier, django_assert_max_num_queries, url_name
):
    url = reverse(url_name, args=[quartier.pk])
    client.force_login(facilitateur)

    def grow(n):
        for _ in range(n):
            atelier = AtelierFactory(
                quartier=quartier, groupe=GroupeTravailFactory(quartier=quartier)
            )
            proposition = PropositionFactory(atelier=atelier)
            services.proposition_changer_statut(
                proposition=proposition, statut="retenue", par=facilitateur
            )
            SuiviFactory(proposition=proposition)

    grow(2)
    with django_assert_max_num_queries(99) as few:
        client.get(url)
    grow(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_group_page_keeps_a_constant_query_count(
    client, facilitateur, quartier, django_assert_max_num_queries
):
    groupe = GroupeTravailFactory(quartier=quartier)
    client.force_login(facilitateur)

    def grow(n):
        for _ in range(n):
            member = PersonneFactory(organisation=quartier.organisation)
            groupe.membres.add(member)
            AtelierFactory(quartier=quartier, groupe=groupe, acteurs_presents=[member])

    grow(2)
    with django_assert_max_num_queries(99) as few:
        client.get(groupe.get_absolute_url())
    grow(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(groupe.get_absolute_url())
    assert response.context["lignes"][0]["total"] == 1
    assert len(response.context["reunions"]) == 14


def test_log_filters_by_type_axis_phase_and_period(client, facilitateur, quartier):
    axe = AxeTravailFactory(quartier=quartier, titre="Rénovation")
    keep = AtelierFactory(
        quartier=quartier,
        type_activite=type_activite("marche-exploratoire"),
        axe=axe,
        phase=1,
        date=date(2021, 11, 16),
        titre="Marche exploratoire gardée",
    )
    AtelierFactory(quartier=quartier, date=date(2021, 11, 16), titre="Autre type")
    AtelierFactory(
        quartier=quartier,
        type_activite=keep.type_activite,
        axe=axe,
        phase=1,
        date=date(2022, 1, 5),
        titre="Hors période",
    )
    client.force_login(facilitateur)
    response = client.get(
        reverse("ateliers:journal_quartier", args=[quartier.pk]),
        {
            "type_activite": keep.type_activite_id,
            "axe": axe.pk,
            "phase": 1,
            "debut": "2021-11-01",
            "fin": "2021-11-30",
        },
    )
    assert [a.titre for a in response.context["page"]] == ["Marche exploratoire gardée"]
    assert response.context["totaux"]["nombre"] == 1


def test_mine_lists_only_activities_i_ran(client, facilitateur, direction, quartier):
    AtelierFactory(quartier=quartier, animateurs=[facilitateur], titre="La mienne")
    AtelierFactory(quartier=quartier, animateurs=[direction], titre="Pas la mienne")
    client.force_login(facilitateur)
    html = client.get(reverse("ateliers:mien")).content.decode()
    assert "La mienne" in html
    assert "Pas la mienne" not in html


def test_partner_sees_the_activity_but_not_who_attended(client, organisation, quartier, personnes):
    partenaire = UserFactory(organisation=organisation, role=Role.PARTENAIRE)
    quartier.membres.add(partenaire)
    atelier = AtelierFactory(quartier=quartier, acteurs_presents=personnes)
    client.force_login(partenaire)
    response = client.get(atelier.get_absolute_url())
    assert response.status_code == 200
    assert personnes[0].nom not in response.content.decode()


def test_calendar_of_another_organisations_neighbourhood_is_404(client, outsider, quartier):
    client.force_login(outsider)
    response = client.get(reverse("ateliers:calendrier"), {"quartier": quartier.pk})
    assert response.status_code == 404


def test_calendar_is_an_accessible_table_with_the_days_events(client, facilitateur, quartier):
    AtelierFactory(quartier=quartier, date=date(2022, 10, 18), titre="Soirée de lancement")
    client.force_login(facilitateur)
    html = client.get(reverse("ateliers:calendrier"), {"mois": "2022-10"}).content.decode()
    assert "<caption>Octobre 2022</caption>" in html
    assert html.count('<th scope="col">') == 7
    assert "Soirée de lancement" in html
    assert "?mois=2022-09" in html and "?mois=2022-11" in html


def test_bad_month_falls_back_to_this_month(client, facilitateur):
    client.force_login(facilitateur)
    response = client.get(reverse("ateliers:calendrier"), {"mois": "2022-13"})
    assert response.context["premier"] == timezone.localdate().replace(day=1)


def test_overdue_tasks_show_on_my_home_page(client, facilitateur, quartier):
    proposition = PropositionFactory(atelier=AtelierFactory(quartier=quartier))
    SuiviFactory(
        proposition=proposition,
        responsable=facilitateur,
        titre="Relancer le syndic",
        echeance=timezone.localdate() - timedelta(days=3),
    )
    SuiviFactory(
        proposition=proposition,
        responsable=facilitateur,
        titre="Pas encore dû",
        echeance=timezone.localdate() + timedelta(days=3),
    )
    client.force_login(facilitateur)
    html = client.get(reverse("home")).content.decode()
    assert "Relancer le syndic" in html
    assert "Pas encore dû" not in html


def test_board_groups_propositions_by_status(client, facilitateur, quartier):
    PropositionFactory(
        atelier=AtelierFactory(quartier=quartier), texte="Ombrières", statut="abandonnee"
    )
    client.force_login(facilitateur)
    response = client.get(reverse("ateliers:propositions", args=[quartier.pk]))
    colonnes = {
        statut: [p.texte for p in ps] for statut, _label, ps in response.context["colonnes"]
    }
    assert colonnes[StatutProposition.ABANDONNEE] == ["Ombrières"]
    assert colonnes[StatutProposition.NOUVELLE] == []


def test_status_form_error_is_shown_at_the_field(client, facilitateur, quartier):
    proposition = PropositionFactory(atelier=AtelierFactory(quartier=quartier))
    client.force_login(facilitateur)
    response = client.post(
        reverse("ateliers:proposition_statut", args=[proposition.pk]),
        {"statut": "abandonnee", "motif": ""},
    )
    assert response.status_code == 400
    assert "Dites pourquoi" in response.content.decode()


def test_group_form_creates_a_group_with_members(client, facilitateur, quartier, personnes):
    client.force_login(facilitateur)
    response = client.post(
        reverse("ateliers:groupe_creer"),
        {
            "quartier": quartier.pk,
            "nom": "Groupe eau",
            "description": "",
            "membres": [p.pk for p in personnes[:2]],
            "actif": "on",
        },
    )
    assert response.status_code == 302
    groupe = quartier.groupes_travail.get()
    assert groupe.membres.count() == 2


@pytest.mark.parametrize("mois", ["9999-12", "0-1", "2023", "abc-de", ""])
def test_out_of_range_months_do_not_crash(client, facilitateur, mois):
    client.force_login(facilitateur)
    assert client.get(reverse("ateliers:calendrier"), {"mois": mois}).status_code == 200


def test_latest_activities_for_the_neighbourhood_page(quartier, django_assert_num_queries):
    from django.template.loader import render_to_string

    from ateliers.selectors import dernieres_activites

    for day in range(1, 8):
        AtelierFactory(quartier=quartier, date=date(2023, 5, day), titre=f"Jour {day}")
    AtelierFactory(
        quartier=quartier, date=timezone.localdate() + timedelta(days=30), titre="À venir"
    )
    with django_assert_num_queries(1):
        latest = dernieres_activites(quartier, limite=3)
        html = render_to_string(
            "ateliers/_dernieres_activites.html", {"ateliers": latest, "quartier": quartier}
        )
    assert [a.titre for a in latest] == ["Jour 7", "Jour 6", "Jour 5"]
    assert "Jour 7" in html and "À venir" not in html
