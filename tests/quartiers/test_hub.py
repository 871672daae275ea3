"""The neighbourhood page is the hub: links to its pages in every app the user may open."""

import pytest
from django.urls import reverse

from comptes.models import Role
from tests.ateliers.factories import AtelierFactory, PropositionFactory
from tests.cartographie.factories import CarteFactory
from tests.enquetes.factories import make_enquete
from tests.factories import QuartierFactory, UserFactory

pytestmark = pytest.mark.django_db


def _hub_urls(pk):
    return [
        reverse("ateliers:journal_quartier", args=[pk]),
        reverse("ateliers:propositions", args=[pk]),
        reverse("ateliers:calendrier") + f"?quartier={pk}",
        reverse("ateliers:groupes_quartier", args=[pk]),
        reverse("cartographie:quartier_carte", args=[pk]),
        reverse("indicateurs:quartier", args=[pk]),
    ]


def test_hub_links_every_page_of_the_neighbourhood_and_they_open(client, facilitateur, quartier):
    AtelierFactory(quartier=quartier)
    PropositionFactory(atelier=AtelierFactory(quartier=quartier))
    CarteFactory(quartier=quartier)
    client.force_login(facilitateur)
    html = client.get(reverse("quartiers:detail", args=[quartier.pk])).content.decode()
    urls = _hub_urls(quartier.pk) + [reverse("acteurs:carte", args=[quartier.pk])]
    for url in urls:
        assert f'href="{url}"' in html.replace("&amp;", "&"), url
        assert client.get(url).status_code == 200, url
    assert "2 activité(s)" in html
    assert "1 à suivre" in html
    assert "1 carte(s)" in html


def test_partner_gets_no_actor_map_link(client, organisation, quartier):
    partenaire = UserFactory(organisation=organisation, role=Role.PARTENAIRE)
    quartier.membres.add(partenaire)
    client.force_login(partenaire)
    html = client.get(reverse("quartiers:detail", args=[quartier.pk])).content.decode()
    assert reverse("acteurs:carte", args=[quartier.pk]) not in html
    for url in _hub_urls(quartier.pk):
        assert f'href="{url}"' in html.replace("&amp;", "&"), url
        assert client.get(url).status_code == 200, url


def test_hub_lists_the_neighbourhoods_surveys_only(client, facilitateur, organisation, quartier):
    ici = make_enquete(
        organisation, quartiers=[quartier], titre="Besoins des habitants", ouverte=False
    )
    ailleurs = make_enquete(
        organisation,
        quartiers=[QuartierFactory(organisation=organisation)],
        titre="Enquête d'ailleurs",
        ouverte=False,
    )
    client.force_login(facilitateur)
    html = client.get(reverse("quartiers:detail", args=[quartier.pk])).content.decode()
    assert reverse("enquetes:detail", args=[ici.pk]) in html
    assert "Brouillon" in html
    assert reverse("enquetes:results", args=[ici.pk]) not in html  # nothing to read yet
    assert "Besoins des habitants" in html
    assert reverse("enquetes:detail", args=[ailleurs.pk]) not in html


def test_hub_without_surveys_says_so(client, facilitateur, quartier):
    client.force_login(facilitateur)
    html = client.get(reverse("quartiers:detail", args=[quartier.pk])).content.decode()
    assert "Aucune enquête pour ce quartier." in html


def test_hub_query_count_does_not_grow_with_related_rows(
    client, facilitateur, organisation, quartier, django_assert_max_num_queries
):
    client.force_login(facilitateur)
    url = reverse("quartiers:detail", args=[quartier.pk])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for i in range(4):
        atelier = AtelierFactory(quartier=quartier)
        PropositionFactory(atelier=atelier)
        CarteFactory(quartier=quartier, atelier=atelier)
        make_enquete(organisation, quartiers=[quartier], titre=f"Enquête {i}", ouverte=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "Enquête 3" in html
