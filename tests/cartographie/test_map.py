"""The neighbourhood map's endpoints, table and their query budgets."""

import pytest
from django.urls import reverse

from cartographie.load_data import build_notes
from cartographie.models import Annotation, Statut

from .factories import AnnotationFactory, CarteFactory, categorie

pytestmark = pytest.mark.django_db


def test_geojson_endpoint_keeps_a_constant_query_count_with_10000_notes(
    client, carte, facilitateur, django_assert_max_num_queries
):
    url = reverse("cartographie:quartier_notes", args=[carte.quartier.pk])
    client.force_login(facilitateur)
    Annotation.objects.bulk_create(build_notes(carte, 10))
    with django_assert_max_num_queries(6) as small:
        assert len(client.get(url).json()["features"]) == 10
    Annotation.objects.bulk_create(build_notes(carte, 9_990, seed=1))
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        data = client.get(url).json()
    assert len(data["features"]) == 10_000
    assert data["features"][0]["geometry"]["type"] == "Point"


def test_endpoint_shows_only_published_notes_of_chosen_sessions(client, carte, facilitateur):
    other = CarteFactory(quartier=carte.quartier)
    AnnotationFactory(carte=carte, commentaire="publiée")
    AnnotationFactory(carte=carte, commentaire="en attente", statut=Statut.EN_ATTENTE)
    AnnotationFactory(carte=other, commentaire="autre carte")
    client.force_login(facilitateur)
    url = reverse("cartographie:quartier_notes", args=[carte.quartier.pk])
    all_ = {f["properties"]["commentaire"] for f in client.get(url).json()["features"]}
    assert all_ == {"publiée", "autre carte"}
    one = client.get(url, {"carte": carte.pk}).json()["features"]
    assert [f["properties"]["commentaire"] for f in one] == ["publiée"]


def test_density_counts_notes_in_hexagons(client, carte, facilitateur):
    Annotation.objects.bulk_create(build_notes(carte, 300))
    client.force_login(facilitateur)
    data = client.get(reverse("cartographie:quartier_densite", args=[carte.quartier.pk])).json()
    assert sum(f["properties"]["count"] for f in data["features"]) == 300


def test_map_page_passes_tiles_through_json_script(client, carte, facilitateur, settings):
    settings.MAP_TILES_URL = "https://tuiles.example.org/{z}/{x}/{y}.png"
    client.force_login(facilitateur)
    html = client.get(
        reverse("cartographie:quartier_carte", args=[carte.quartier.pk])
    ).content.decode()
    assert 'id="carto-config"' in html
    assert "tuiles.example.org" in html
    assert reverse("cartographie:quartier_tableau", args=[carte.quartier.pk]) in html


def test_outsider_gets_404_on_every_map_read(client, carte, outsider):
    AnnotationFactory(carte=carte)
    client.force_login(outsider)
    for name in (
        "quartier_carte",
        "quartier_notes",
        "quartier_tableau",
        "export_geojson",
        "export_csv",
    ):
        assert (
            client.get(reverse(f"cartographie:{name}", args=[carte.quartier.pk])).status_code == 404
        )
    assert client.get(reverse("cartographie:carte_svg", args=[carte.pk])).status_code == 404


def test_table_groups_by_ilot_filters_and_keeps_its_query_budget(
    client, carte, facilitateur, django_assert_max_num_queries
):
    from quartiers.models import Ilot

    ilot = Ilot.objects.create(
        quartier=carte.quartier,
        nom="Îlot Nord",
        geometrie={
            "type": "Polygon",
            "coordinates": [
                [[2.38, 48.873], [2.39, 48.873], [2.39, 48.875], [2.38, 48.875], [2.38, 48.873]]
            ],
        },
    )
    AnnotationFactory(carte=carte, ilot=ilot, commentaire="au nord", lat=48.874)
    AnnotationFactory(carte=carte, commentaire="ailleurs", ressenti="positif")
    client.force_login(facilitateur)
    url = reverse("cartographie:quartier_tableau", args=[carte.quartier.pk])
    html = client.get(url).content.decode()
    assert '<th scope="rowgroup"' in html and "Îlot Nord" in html and "Hors îlot" in html
    assert "<caption>" in html
    filtered = client.get(url, {"ressenti": "positif"}).content.decode()
    assert "ailleurs" in filtered and "au nord" not in filtered
    sorted_ = client.get(url, {"tri": "date"}).content.decode()
    assert 'aria-sort="descending"' in sorted_
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    Annotation.objects.bulk_create(build_notes(carte, 200))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_index_lists_visible_neighbourhoods_with_a_constant_query_budget(
    client, carte, facilitateur, outsider, django_assert_max_num_queries
):
    from tests.factories import QuartierFactory

    AnnotationFactory(carte=carte)
    client.force_login(facilitateur)
    url = reverse("cartographie:index")
    with django_assert_max_num_queries(10) as few:
        html = client.get(url).content.decode()
    assert carte.titre in html and "Quartier étranger" not in html
    for i in range(5):
        CarteFactory(
            quartier=QuartierFactory(organisation=carte.quartier.organisation, nom=f"Q{i}")
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Q4" in client.get(url).content.decode()


def test_density_follows_the_map_filters(client, carte, facilitateur):
    AnnotationFactory(carte=carte, ressenti="negatif")
    AnnotationFactory(carte=carte, ressenti="positif", categorie=categorie("lieu-frais"))
    client.force_login(facilitateur)
    url = reverse("cartographie:quartier_densite", args=[carte.quartier.pk])

    def total(**params):
        return sum(f["properties"]["count"] for f in client.get(url, params).json()["features"])

    assert total() == 2
    assert total(categorie=["lieu-frais", "ilot-de-chaleur"], ressenti=["negatif"]) == 1
    assert total(categorie=["0"]) == 0
    assert total(carte=["0"]) == 0
