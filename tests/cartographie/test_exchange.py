"""GeoJSON/CSV export and GeoJSON import with its preview."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cartographie.models import Annotation, Carte, ImportAnnotations
from ecogestion import geometry

from .conftest import CLOCKWISE_RING
from .factories import AnnotationFactory, CarteFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
PERIMETRES = json.loads(
    (Path(geometry.__file__).parent.parent / "cartographie/data/demo_perimetres.json").read_text()
)


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def _upload(client, carte, name, payload: bytes):
    url = reverse("cartographie:import_deposer", args=[carte.pk])
    assert 'name="fichier"' in client.get(url).content.decode()
    return client.post(url, {"fichier": SimpleUploadedFile(name, payload)})


def _assert_rfc7946(doc):
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    for feature in doc["features"]:
        assert feature["type"] == "Feature"
        geom = geometry.to_shape(feature["geometry"])  # valid and in lon/lat range
        assert geom.is_valid
        if feature["geometry"]["type"] == "Polygon":
            from shapely.geometry import LinearRing

            assert LinearRing(feature["geometry"]["coordinates"][0]).is_ccw  # right-hand rule


def test_geojson_export_validates_and_reimports_to_the_same_notes(client, carte, facilitateur):
    from cartographie import services
    from cartographie.models import Categorie

    # Drawn clockwise, as Leaflet.draw may give it: the export must still be counterclockwise.
    square = {"type": "Polygon", "coordinates": [CLOCKWISE_RING]}
    AnnotationFactory(carte=carte, commentaire="Cour brûlante", auteur="Amina")
    services.annotation_creer(
        carte=carte, par=facilitateur, categorie=Categorie.objects.get(slug="lieu-frais"),
        geometrie=square, ressenti="positif", commentaire="Square",
    )  # fmt: skip
    AnnotationFactory(
        carte=carte, commentaire="Bruit", ressenti="neutre", categorie_id=_cat("nuisance-sonore")
    )
    client.force_login(facilitateur)
    response = client.get(
        reverse("cartographie:export_geojson", args=[carte.quartier.pk]), {"carte": carte.pk}
    )
    assert response["Content-Type"] == "application/geo+json"
    doc = json.loads(_content(response))
    _assert_rfc7946(doc)
    assert len(doc["features"]) == 3

    cible = CarteFactory(quartier=carte.quartier, titre="Copie")
    response = _upload(client, cible, "export.geojson", json.dumps(doc).encode())
    assert response.status_code == 302
    imp = ImportAnnotations.objects.get(carte=cible)
    preview = client.get(response["Location"]).content.decode()
    assert "Importer les 3 notes valides" in preview
    confirm = client.post(
        response["Location"],
        {
            "categorie": "categorie",
            "commentaire": "commentaire",
            "auteur": "auteur",
            "ressenti": "ressenti",
        },
    )
    assert confirm.status_code == 302
    imp.refresh_from_db()
    assert imp.nombre_importees == 3 and imp.nombre_rejetees == 0

    def notes(c):
        return sorted(
            Annotation.objects.filter(carte=c).values_list(
                "categorie__slug", "ressenti", "commentaire", "auteur", "geometrie"
            ),
            key=lambda row: row[2],
        )

    assert notes(cible) == notes(carte)


def _cat(slug):
    from cartographie.models import Categorie

    return Categorie.objects.get(slug=slug).pk


def test_csv_export_streams_lon_lat_and_defuses_formulas(client, carte, facilitateur):
    AnnotationFactory(carte=carte, commentaire="=HYPERLINK(1)")
    client.force_login(facilitateur)
    response = client.get(reverse("cartographie:export_csv", args=[carte.quartier.pk]))
    rows = list(csv.reader(io.StringIO(_content(response).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["id", "lon", "lat", "type", "categorie"]
    assert rows[1][1:3] == ["2.385000", "48.872000"]
    assert rows[1][6] == "'=HYPERLINK(1)"
    # Dates in the organisation's time zone (Paris), as facilitators read them.
    assert rows[1][10][-6:] in ("+01:00", "+02:00")


def test_import_of_a_umap_file_maps_name_and_description(client, carte, facilitateur):
    def point(lon, lat):
        return {"type": "Point", "coordinates": [lon, lat]}

    def props(name, description, categorie):
        return {"name": name, "description": description, "categorie": categorie}

    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": point(2.385, 48.872),
             "properties": props("Cour", "Trop chaud", "Îlot de chaleur")},
            {"type": "Feature", "geometry": point(2.386, 48.873),
             "properties": props("Mur", "À planter", "Mur végétal")},
            {"type": "Feature", "geometry": point(2.2, 48.8),
             "properties": props("Loin", "", "Lieu frais")},
            {"type": "Feature", "geometry": None,
             "properties": props("Sans géométrie", "", "Autre")},
        ],
    }  # fmt: skip
    client.force_login(facilitateur)
    response = _upload(client, carte, "umap.geojson", json.dumps(doc).encode())
    html = client.get(response["Location"]).content.decode()
    assert "Catégorie inconnue : « Mur végétal »" in html
    assert "Hors du quartier" in html
    assert "Géométrie absente" in html
    assert not Annotation.objects.exists()  # nothing before confirmation
    client.post(
        response["Location"],
        {"categorie": "categorie", "commentaire": "description", "commentaire_extra": "name"},
    )
    assert list(Annotation.objects.values_list("commentaire", flat=True)) == ["Cour — Trop chaud"]
    imp = ImportAnnotations.objects.get()
    rejets = json.loads(
        client.get(
            reverse("cartographie:import_rejets", args=[imp.pk]),
            {"categorie": "categorie", "commentaire": "description"},
        ).content
    )
    assert [f["properties"]["index_fichier"] for f in rejets["features"]] == [1, 2, 3]
    assert all(f["properties"]["motif_rejet"] for f in rejets["features"])


def test_bad_file_is_refused_with_a_french_message(client, carte, facilitateur):
    client.force_login(facilitateur)
    response = _upload(client, carte, "x.geojson", b"pas du json")
    assert response.status_code == 200
    assert "JSON illisible" in response.content.decode()
    lambert = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:2154"}},
        "features": [],
    }
    response = _upload(client, carte, "l93.geojson", json.dumps(lambert).encode())
    assert "EPSG:2154" in response.content.decode()
    assert not ImportAnnotations.objects.exists()


def test_paris_greening_file_imports_into_belleville_with_its_bad_features_reported(
    client, organisation, facilitateur
):
    from tests.factories import QuartierFactory

    quartier = QuartierFactory(
        organisation=organisation, nom="Bas-Belleville", perimetre=PERIMETRES["Bas-Belleville"]
    )
    quartier.membres.add(facilitateur)
    carte = CarteFactory(quartier=quartier, titre="Du vert près de chez moi")
    client.force_login(facilitateur)
    raw = (DATA / "paris_du_vert_extrait.geojson").read_bytes()
    total = len(json.loads(raw)["features"])
    response = _upload(client, carte, "du-vert.geojson", raw)
    url = response["Location"]
    mapping = {"categorie": "type_veget", "commentaire": "commentair", "apercu": "1"}
    html = client.get(url, mapping).content.decode()
    assert "Catégorie inconnue : « Mur végétalisé »" in html or "Catégorie inconnue" in html
    # The file's categories are not ours: a default category imports them all.
    mapping = {
        "categorie": "",
        "categorie_defaut": _cat("a-vegetaliser"),
        "commentaire": "commentair",
    }
    html = client.get(url, {**mapping, "apercu": "1"}).content.decode()
    assert "Coordonnées fictives" in html
    assert "Hors du quartier" in html
    client.post(url, mapping)
    imp = ImportAnnotations.objects.get()
    assert imp.nombre_importees >= 25
    assert imp.nombre_importees + imp.nombre_rejetees == total  # nothing silently dropped
    comments = list(Annotation.objects.values_list("commentaire", flat=True))
    assert "-" not in comments  # the file's "no comment" markers become empty comments
    assert not any("d?" in c for c in comments)
    assert set(Annotation.objects.values_list("carte__quartier", flat=True)) == {quartier.pk}
    assert Carte.objects.get(pk=carte.pk).annotations.count() == imp.nombre_importees


def _point_feature(lon, lat, **props):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": props}  # fmt: skip


def test_preview_sums_rejects_by_reason_and_lists_each_one_by_pages(client, carte, facilitateur):
    features = [_point_feature(2.385, 48.872, texte="Ici")]
    features += [_point_feature(2.30, 48.84, texte=f"Loin {i}") for i in range(120)]
    features += [_point_feature(-59.01698, -90.0, texte=f"Fictif {i}") for i in range(3)]
    client.force_login(facilitateur)
    url = _upload(client, carte, "ville.geojson", json.dumps(
        {"type": "FeatureCollection", "features": features}
    ).encode())["Location"]  # fmt: skip
    mapping = {"categorie_defaut": _cat("autre"), "commentaire": "texte", "apercu": "1"}
    html = client.get(url, mapping).content.decode()
    assert re.search(r"<th scope=\"row\">Hors du quartier</th><td class=\"num\">120</td>", html)
    assert re.search(r"Coordonnées fictives \(0, 0 ou pôle\)</th><td class=\"num\">3</td>", html)
    assert "Chaque entité rejetée (1 à 100 sur 123)" in html
    assert html.count("Loin ") == 100
    page2 = client.get(url, {**mapping, "page": 2}).content.decode()
    assert "Chaque entité rejetée (101 à 123 sur 123)" in page2
    assert "Loin 119" in page2 and "Fictif 2" in page2  # every reject is listed somewhere
    assert "apercu=1" in page2 and "categorie_defaut=" in page2  # pages keep the mapping


def test_after_import_the_page_and_download_show_the_rejects_as_decided(
    client, carte, facilitateur
):
    doc = {"type": "FeatureCollection", "features": [
        _point_feature(2.385, 48.872, categorie="Lieu frais", texte="Ombre"),
        _point_feature(2.386, 48.872, categorie="Mur végétal", texte="Mur"),
        _point_feature(2.30, 48.84, categorie="Lieu frais", texte="Loin"),
    ]}  # fmt: skip
    client.force_login(facilitateur)
    url = _upload(client, carte, "f.geojson", json.dumps(doc).encode())["Location"]
    response = client.post(url, {"categorie": "categorie", "commentaire": "texte"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "1 note(s) créée(s), 2 entité(s) rejetée(s)" in html
    assert 'name="categorie"' not in html  # no mapping form once imported
    assert "Catégorie inconnue : « Mur végétal »" in html and "Hors du quartier" in html
    # Another mapping in the download's address changes nothing: it is what was imported.
    rejets = client.get(
        reverse("cartographie:import_rejets", args=[ImportAnnotations.objects.get().pk]),
        {"categorie": "", "categorie_defaut": _cat("autre"), "commentaire": "texte"},
    ).json()
    assert [f["properties"]["index_fichier"] for f in rejets["features"]] == [1, 2]
    assert rejets["features"][0]["properties"]["motif_rejet"].startswith("Catégorie inconnue")
    # A second confirmation imports nothing twice.
    client.post(url, {"categorie": "categorie", "commentaire": "texte"})
    assert Annotation.objects.count() == 1


def test_windows_1252_mojibake_is_repaired_and_examples_help_the_mapping(
    client, carte, facilitateur
):
    # As in the Paris file: "d\x92arbre" is "d’arbre" read with the wrong code page.
    doc = {"type": "FeatureCollection", "features": [
        _point_feature(2.385, 48.872, type_veget="Plantation d\x92un arbre", commentair="-"),
        _point_feature(2.386, 48.872, type_veget="Pied d?arbre", commentair="C\x9cur d\x92îlot"),
    ]}  # fmt: skip
    client.force_login(facilitateur)
    url = _upload(client, carte, "vert.geojson", json.dumps(doc).encode())["Location"]
    html = client.get(url).content.decode()
    assert "<dt>type_veget</dt><dd>Plantation d&#x27;un arbre</dd>" in html
    assert "<dt>commentair</dt><dd>Cœur d&#x27;îlot</dd>" in html  # "-" means no comment
    client.post(url, {"categorie_defaut": _cat("a-vegetaliser"), "commentaire": "commentair",
                      "commentaire_extra": "type_veget"})  # fmt: skip
    assert sorted(Annotation.objects.values_list("commentaire", flat=True)) == [
        "Pied d'arbre — Cœur d'îlot",
        "Plantation d'un arbre",
    ]


def test_migration_rewinds_clockwise_polygons_of_older_notes(carte):
    import importlib

    from django.apps import apps
    from shapely.geometry import LinearRing

    migration = importlib.import_module("cartographie.migrations.0004_polygones_regle_main_droite")
    clockwise = CLOCKWISE_RING
    note = AnnotationFactory(carte=carte, geometrie={"type": "Polygon", "coordinates": [clockwise]})
    point = AnnotationFactory(carte=carte)
    migration.orient(apps, None)
    note.refresh_from_db()
    assert LinearRing(note.geometrie["coordinates"][0]).is_ccw
    assert Annotation.objects.get(pk=point.pk).geometrie == point.geometrie


def test_umap_full_backup_imports_its_layers_with_their_names_as_categories(
    client, carte, facilitateur
):
    def layer(name, *features):
        return {"type": "FeatureCollection", "_umap_options": {"name": name},
                "features": list(features)}  # fmt: skip

    backup = {
        "type": "umap",
        "uri": "https://umap.openstreetmap.fr/fr/map/atelier_1234",
        "properties": {"name": "Atelier chaleur"},
        "geometry": {"type": "Point", "coordinates": [2.385, 48.872]},
        "layers": [
            layer("Lieu frais", _point_feature(2.385, 48.872, name="Sous les tilleuls",
                                               _umap_options={"color": "Blue"})),
            layer("Îlot de chaleur", _point_feature(2.386, 48.873, name="Parking"),
                  _point_feature(2.387, 48.873, name="Cour", description="Brûlante")),
        ],
    }  # fmt: skip
    client.force_login(facilitateur)
    url = _upload(client, carte, "atelier.umap", json.dumps(backup).encode())["Location"]
    html = client.get(url).content.decode()
    assert '<option value="calque">' in html
    assert "_umap_options" not in html  # map styling is not a property to map
    client.post(url, {"categorie": "calque", "commentaire": "description",
                      "commentaire_extra": "name"})  # fmt: skip
    assert sorted(Annotation.objects.values_list("categorie__slug", "commentaire")) == [
        ("ilot-de-chaleur", "Cour — Brûlante"),
        ("ilot-de-chaleur", "Parking"),
        ("lieu-frais", "Sous les tilleuls"),
    ]


def test_a_umap_layer_without_descriptions_takes_the_names_as_comments(client, carte, facilitateur):
    doc = {"type": "FeatureCollection", "features": [
        _point_feature(2.385, 48.872, name="Banc à l'ombre", _umap_options={"color": "Red"}),
    ]}  # fmt: skip
    client.force_login(facilitateur)
    url = _upload(client, carte, "calque.geojson", json.dumps(doc).encode())["Location"]
    html = client.get(url).content.decode()
    assert re.search(r'<option value="name" selected>', html)
