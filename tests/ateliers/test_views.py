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
    colonnes = {c.statut: [p.texte for p in c.propositions] for c in response.context["colonnes"]}
    assert colonnes[StatutProposition.ABANDONNEE] == ["Ombrières"]
    assert colonnes[StatutProposition.NOUVELLE] == []


def _propositions(quartier, n, statut="nouvelle"):
    atelier = AtelierFactory(quartier=quartier)
    return [
        PropositionFactory(atelier=atelier, statut=statut, texte=f"{statut} {i:03}")
        for i in range(n)
    ]


def test_board_shows_the_latest_propositions_of_each_status_and_links_to_the_others(
    client, facilitateur, quartier
):
    _propositions(quartier, 30, "retenue")
    _propositions(quartier, 3, "realisee")
    client.force_login(facilitateur)
    response = client.get(reverse("ateliers:propositions", args=[quartier.pk]))
    colonnes = {c.statut: c for c in response.context["colonnes"]}
    retenues = colonnes[StatutProposition.RETENUE]
    # The 20 most recently changed, newest first; the total is in the heading.
    assert [p.texte for p in retenues.propositions] == [f"retenue {i:03}" for i in range(29, 9, -1)]
    assert retenues.total == 30 and retenues.autres == 10
    assert colonnes[StatutProposition.REALISEE].autres == 0
    html = response.content.decode()
    url = reverse("ateliers:propositions_statut", args=[quartier.pk, "retenue"])
    assert f'<a href="{url}">Voir les 10 autres propositions</a>' in html
    assert reverse("ateliers:propositions_statut", args=[quartier.pk, "realisee"]) not in html
    assert "retenue 009" not in html

    # The status's list has them all, paginated, and only that status.
    page1 = client.get(url)
    assert page1.status_code == 200
    assert [p.texte for p in page1.context["page"]][:2] == ["retenue 029", "retenue 028"]
    assert len(page1.context["page"]) == 25
    assert "Propositions « Retenue » · " in page1.content.decode()
    page2 = client.get(url, {"page": 2}).content.decode()
    assert "retenue 000" in page2 and "retenue 010" not in page2
    assert "realisee" not in page2


def test_one_other_proposition_is_named_in_the_singular(client, facilitateur, quartier):
    _propositions(quartier, 21)
    client.force_login(facilitateur)
    html = client.get(reverse("ateliers:propositions", args=[quartier.pk])).content.decode()
    assert "Voir 1 autre proposition" in html


def test_board_and_status_list_keep_a_constant_query_count_whatever_the_number(
    client, facilitateur, quartier, django_assert_max_num_queries
):
    client.force_login(facilitateur)
    board = reverse("ateliers:propositions", args=[quartier.pk])
    liste = reverse("ateliers:propositions_statut", args=[quartier.pk, "nouvelle"])
    for statut in StatutProposition.values:
        _propositions(quartier, 2, statut)
    with django_assert_max_num_queries(99) as few:
        client.get(board)
    with django_assert_max_num_queries(99) as few_list:
        client.get(liste)
    for statut in StatutProposition.values:
        for p in _propositions(quartier, 40, statut)[:5]:
            SuiviFactory(proposition=p)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(board)
    assert all(len(c.propositions) == 20 for c in response.context["colonnes"])
    with django_assert_max_num_queries(len(few_list.captured_queries)):
        assert len(client.get(liste).context["page"]) == 25


def test_an_unknown_status_is_not_found(client, facilitateur, quartier):
    client.force_login(facilitateur)
    url = reverse("ateliers:propositions_statut", args=[quartier.pk, "inconnu"])
    assert client.get(url).status_code == 404


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


def test_status_form_offers_only_possible_moves_and_records_the_day(client, facilitateur, quartier):
    from .htmlform import fill, read_form

    proposition = services.proposition_enregistrer(
        par=facilitateur, quartier=quartier, data={"texte": "Un composteur collectif"}
    )
    proposition.historique.update(le=timezone.now() - timedelta(days=60))
    client.force_login(facilitateur)
    page = client.get(proposition.get_absolute_url())
    data, names, choices = read_form(page.content, "statut-form")
    assert [value for value, _ in choices["statut"]] == [
        "retenue", "en_cours", "realisee", "abandonnee",
    ]  # fmt: skip
    jour = timezone.localdate() - timedelta(days=20)
    fill(data, names, statut="realisee", motif="Installé au pied de la tour B", le=jour.isoformat())
    response = client.post(reverse("ateliers:proposition_statut", args=[proposition.pk]), data)
    assert response.status_code == 302
    html = client.get(proposition.get_absolute_url()).content.decode()
    assert f'<time datetime="{jour.isoformat()}' in html
    # From "réalisée" only reopening makes sense; a day in the future is refused at the field.
    data, names, choices = read_form(html, "statut-form")
    assert [value for value, _ in choices["statut"]] == ["en_cours"]
    futur = timezone.localdate() + timedelta(days=2)
    fill(data, names, statut="en_cours", le=futur.isoformat())
    response = client.post(reverse("ateliers:proposition_statut", args=[proposition.pk]), data)
    assert response.status_code == 400
    assert "Cette date est dans le futur." in response.content.decode()


def test_a_groups_next_meeting_opens_prefilled_with_its_members(
    client, facilitateur, quartier, personnes
):
    from .htmlform import read_form

    groupe = GroupeTravailFactory(quartier=quartier, nom="Groupe eau de pluie")
    groupe.membres.add(*personnes[:2])
    client.force_login(facilitateur)
    detail = client.get(groupe.get_absolute_url()).content.decode()
    assert f'href="{reverse("ateliers:saisie")}?groupe={groupe.pk}"' in detail
    page = client.get(reverse("ateliers:saisie"), {"groupe": groupe.pk})
    data, _names, _ = read_form(page.content, "quick-entry")
    assert data["groupe"] == [str(groupe.pk)]
    assert data["quartier"] == [str(quartier.pk)]
    assert data["titre"] == ["Groupe eau de pluie"]
    assert data["type_activite"] == [str(type_activite("groupe-travail").pk)]
    assert sorted(data["acteurs_presents"]) == sorted(str(p.pk) for p in personnes[:2])
    assert data["date"] == [timezone.localdate().isoformat()]


def test_entry_opened_from_a_neighbourhood_log_is_set_to_it(
    client, facilitateur, quartier, organisation
):
    from tests.factories import QuartierFactory

    from .htmlform import read_form

    autre = QuartierFactory(organisation=organisation, phase=2)
    autre.membres.add(facilitateur)
    client.force_login(facilitateur)
    log = client.get(reverse("ateliers:journal_quartier", args=[autre.pk])).content.decode()
    assert f"{reverse('ateliers:saisie')}?quartier={autre.pk}" in log
    page = client.get(reverse("ateliers:saisie"), {"quartier": autre.pk})
    data, _names, _ = read_form(page.content, "quick-entry")
    assert data["quartier"] == [str(autre.pk)]
    assert data["phase"] == ["2"]


def test_entry_prefill_with_a_strangers_group_or_neighbourhood_is_404(
    client, facilitateur, outsider
):
    from tests.factories import QuartierFactory

    ailleurs = QuartierFactory(organisation=outsider.organisation)
    groupe = GroupeTravailFactory(quartier=ailleurs)
    client.force_login(facilitateur)
    assert client.get(reverse("ateliers:saisie"), {"groupe": groupe.pk}).status_code == 404
    assert client.get(reverse("ateliers:saisie"), {"quartier": ailleurs.pk}).status_code == 404


def test_calendar_with_a_malformed_neighbourhood_is_404(client, facilitateur):
    client.force_login(facilitateur)
    assert client.get(reverse("ateliers:calendrier"), {"quartier": "abc"}).status_code == 404


def test_my_log_filters_by_neighbourhood_and_axis(client, facilitateur, quartier, organisation):
    from tests.factories import QuartierFactory

    autre = QuartierFactory(organisation=organisation, nom="Rosa Parks")
    autre.membres.add(facilitateur)
    axe = AxeTravailFactory(quartier=autre, titre="Vélo")
    AtelierFactory(quartier=quartier, animateurs=[facilitateur], titre="Ici")
    AtelierFactory(quartier=autre, animateurs=[facilitateur], titre="Là-bas", axe=axe)
    AtelierFactory(quartier=autre, animateurs=[facilitateur], titre="Là-bas sans axe")
    client.force_login(facilitateur)
    page = client.get(reverse("ateliers:mien"))
    assert "Rosa Parks · Vélo" in page.content.decode()
    response = client.get(reverse("ateliers:mien"), {"quartier": autre.pk})
    assert sorted(a.titre for a in response.context["page"]) == ["Là-bas", "Là-bas sans axe"]
    response = client.get(reverse("ateliers:mien"), {"axe": axe.pk})
    assert [a.titre for a in response.context["page"]] == ["Là-bas"]


def test_restitution_speaks_to_residents_and_says_when_there_is_nothing(
    client, facilitateur, quartier
):
    quartier.membres.add(facilitateur)
    client.force_login(facilitateur)
    url = reverse("ateliers:restitution", args=[quartier.pk])
    html = client.get(url).content.decode()
    assert "Aucune proposition n'a été notée sur cette période." in html
    proposition = services.proposition_enregistrer(
        par=facilitateur, quartier=quartier, data={"texte": "Des ombrières"}
    )
    services.proposition_changer_statut(
        proposition=proposition, statut="abandonnee", par=facilitateur, motif="Refus de voirie."
    )
    html = client.get(url).content.decode()
    assert "Aucune proposition" not in html
    assert "Ce qui n&#x27;a pas pu aboutir, et pourquoi (1)" in html
    assert "Refus de voirie." in html
    assert facilitateur.get_full_name() in html  # who residents can talk to


def test_overdue_tasks_panel_counts_them_all_and_marks_one_done(client, facilitateur, quartier):
    from ateliers.selectors import panneau_accueil

    proposition = PropositionFactory(atelier=AtelierFactory(quartier=quartier))
    suivis = [
        SuiviFactory(
            proposition=proposition,
            responsable=facilitateur,
            titre=f"Relance {i}",
            echeance=timezone.localdate() - timedelta(days=i + 1),
        )
        for i in range(12)
    ]
    client.force_login(facilitateur)
    html = client.get(reverse("home")).content.decode()
    assert '<span class="badge badge--danger">12</span>' in html
    assert "Et 2 autres tâches en retard" in html
    response = client.post(
        reverse("ateliers:suivi_basculer", args=[suivis[0].pk]), {"next": reverse("home")}
    )
    assert response["Location"] == reverse("home")
    suivis[0].refresh_from_db()
    assert suivis[0].fait
    assert panneau_accueil(facilitateur)["total"] == 11


def test_subscription_page_offers_a_one_tap_webcal_link(client, facilitateur):
    jeton = services.jeton_creer(user=facilitateur, portee="animateur")
    client.force_login(facilitateur)
    html = client.get(reverse("ateliers:abonnements")).content.decode()
    assert f'href="webcal://testserver/ateliers/ical/{jeton.jeton}.ics"' in html
