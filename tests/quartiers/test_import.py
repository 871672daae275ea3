"""Perimeter import: the real Paris file, and every kind of bad file refused whole."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from comptes.models import AuditEntry, Role
from ecogestion import geometry
from quartiers.models import Quartier
from tests.factories import QuartierFactory, UserFactory

from .html import form_data

pytestmark = pytest.mark.django_db

PARIS = Path(__file__).parent / "data" / "paris_quartiers_administratifs.geojson"
SQUARE = [[2.38, 48.87], [2.39, 48.87], [2.39, 48.875], [2.38, 48.875], [2.38, 48.87]]
BOWTIE = [[2.38, 48.87], [2.39, 48.875], [2.39, 48.87], [2.38, 48.875], [2.38, 48.87]]
LAMBERT = [[652000, 6862000], [653000, 6862000], [653000, 6863000], [652000, 6862000]]


def _collection(*features, **extra) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features), **extra}).encode()


def _feature(nom, ring, kind="Polygon"):
    coords = [ring] if kind == "Polygon" else ring[0]
    return {
        "type": "Feature",
        "properties": {"nom": nom},
        "geometry": {"type": kind, "coordinates": coords},
    }


def _write(tmp_path, raw: bytes) -> str:
    path = tmp_path / "perimetres.geojson"
    path.write_bytes(raw)
    return str(path)


def _command(path, organisation, *extra):
    call_command("import_perimetres", path, "--organisation", organisation.nom, *extra, stdout=None)


# --- The management command ------------------------------------------------------------------


def test_command_imports_the_80_paris_quartiers(organisation, capsys):
    belleville = QuartierFactory(organisation=organisation, nom="Belleville", perimetre=None)
    _command(str(PARIS), organisation, "--name-property", "l_qu")
    assert Quartier.objects.filter(organisation=organisation).count() == 80
    belleville.refresh_from_db()
    assert belleville.perimetre["type"] == "Polygon"
    assert geometry.is_within(
        [2.3806, 48.8713] and {"type": "Point", "coordinates": [2.3806, 48.8713]},
        belleville.perimetre,
    )
    assert "79 quartier(s) créé(s), 1 périmètre(s) mis à jour" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count() == 1


def test_command_can_restrict_to_some_names_and_rerun_updates(organisation):
    names = ["--nom", "Belleville", "--nom", "Pont-de-Flandre"]
    _command(str(PARIS), organisation, "--name-property", "l_qu", *names)
    assert set(Quartier.objects.values_list("nom", flat=True)) >= {"Belleville", "Pont-de-Flandre"}
    assert Quartier.objects.count() == 2
    _command(str(PARIS), organisation, "--name-property", "l_qu", *names)
    assert Quartier.objects.count() == 2


def test_command_refuses_unknown_names(organisation):
    with pytest.raises(CommandError, match="Noms introuvables"):
        _command(str(PARIS), organisation, "--name-property", "l_qu", "--nom", "Atlantide")


def test_command_without_name_property_lists_properties(organisation, capsys):
    with pytest.raises(CommandError, match="--name-property"):
        _command(str(PARIS), organisation)
    out = capsys.readouterr().out
    assert "l_qu" in out and "c_qu" in out and "Saint-Victor" in out
    assert not Quartier.objects.exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"ceci n'est pas du JSON", "JSON illisible"),
        (b'{"type": "Topology"}', "n'est pas un GeoJSON"),
        (
            _collection(
                _feature("A", SQUARE),
                crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
            ),
            "EPSG::2154",
        ),
        (_collection(_feature("A", LAMBERT)), "Lambert-93"),
        (
            _collection(
                {
                    "type": "Feature",
                    "properties": {"nom": "P"},
                    "geometry": {"type": "Point", "coordinates": [2.38, 48.87]},
                }
            ),
            "aucun polygone",
        ),
    ],
    ids=["not-json", "not-geojson", "crs-member", "lambert-coordinates", "points-only"],
)
def test_command_refuses_bad_files_and_imports_nothing(organisation, tmp_path, raw, message):
    with pytest.raises(CommandError, match=message):
        _command(_write(tmp_path, raw), organisation, "--name-property", "nom")
    assert not Quartier.objects.exists()


def test_command_refuses_the_whole_file_when_one_geometry_is_invalid(organisation, tmp_path):
    raw = _collection(_feature("Bon", SQUARE), _feature("Papillon", BOWTIE))
    with pytest.raises(CommandError, match="rien n'a été importé"):
        _command(_write(tmp_path, raw), organisation, "--name-property", "nom")
    assert not Quartier.objects.filter(nom="Bon").exists()


def test_command_refuses_duplicate_and_empty_names(organisation, tmp_path, capsys):
    raw = _collection(_feature("Même", SQUARE), _feature("Même", SQUARE), _feature("", SQUARE))
    with pytest.raises(CommandError):
        _command(_write(tmp_path, raw), organisation, "--name-property", "nom")
    out = capsys.readouterr().out
    assert "Nom en double" in out and "Pas de nom" in out
    assert not Quartier.objects.filter(nom="Même").exists()


def test_command_dry_run_imports_nothing(organisation):
    _command(str(PARIS), organisation, "--name-property", "l_qu", "--dry-run")
    assert not Quartier.objects.exists()


# --- The administrators' form ----------------------------------------------------------------


@pytest.fixture
def admin_client(client, organisation):
    client.force_login(UserFactory(organisation=organisation, role=Role.ADMINISTRATEUR))
    return client


def _upload(client, raw: bytes, name="perimetres.geojson"):
    url = reverse("quartiers:import")
    data = form_data(client.get(url))
    data["fichier"] = SimpleUploadedFile(name, raw, content_type="application/geo+json")
    return client.post(url, data)


def test_form_imports_the_real_file_after_picking_the_property_and_previewing(
    admin_client, organisation
):
    belleville = QuartierFactory(organisation=organisation, nom="Belleville", perimetre=None)
    response = _upload(admin_client, PARIS.read_bytes())
    assert response.status_code == 302
    apercu_url = response["Location"]

    picker = admin_client.get(apercu_url).content.decode()
    for prop in ("l_qu", "c_qu", "c_ar", "c_quinsee"):
        assert f'value="{prop}"' in picker
    assert "Saint-Victor" in picker  # sample values help to choose
    assert "Nouveau quartier" not in picker  # no preview before the choice

    preview = admin_client.get(apercu_url, {"propriete": "l_qu"})
    html = preview.content.decode()
    assert html.count("Nouveau quartier") == 79
    assert "Met à jour le périmètre" in html
    assert " ha<" in html  # areas shown
    assert Quartier.objects.count() == 1  # nothing written by the preview

    data = form_data(preview)
    assert data["propriete"] == "l_qu" and len(data["noms"]) == 80
    response = admin_client.post(apercu_url, data)
    assert response.status_code == 302
    assert Quartier.objects.filter(organisation=organisation).count() == 80
    belleville.refresh_from_db()
    assert belleville.perimetre is not None
    # The uploaded file is not kept once imported.
    assert admin_client.get(apercu_url).status_code == 302


def test_form_reports_each_invalid_feature_and_imports_nothing_when_it_is_checked(admin_client):
    raw = _collection(_feature("Bon", SQUARE), _feature("Papillon", BOWTIE))
    apercu_url = _upload(admin_client, raw)["Location"]
    preview = admin_client.get(apercu_url, {"propriete": "nom"})
    html = preview.content.decode()
    assert "Géométrie invalide" in html and "1 entité refusée" in html
    # GEOS's English "Self-intersection[2.385 48.8725]", said in French with where it is.
    assert "le contour se recoupe (près de longitude 2,38500, latitude 48,87250)" in html
    data = form_data(preview)
    assert data["noms"] == ["Bon"]  # the refused one is not checked
    data["noms"] = ["Bon", "Papillon"]
    response = admin_client.post(apercu_url, data)
    assert response.status_code == 200
    assert "rien n&#x27;a été importé" in response.content.decode()
    assert not Quartier.objects.filter(nom__in=["Bon", "Papillon"]).exists()
    # Unchecking the refused feature imports the valid one.
    data["noms"] = ["Bon"]
    assert admin_client.post(apercu_url, data).status_code == 302
    assert Quartier.objects.filter(nom="Bon").exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x89PNG pas du tout", "JSON illisible"),
        (_collection(_feature("A", LAMBERT)), "Lambert-93"),
        (
            _collection(
                _feature("A", SQUARE),
                crs={"type": "name", "properties": {"name": "EPSG:3857"}},
            ),
            "EPSG:3857",
        ),
        (_collection(), "aucune entité"),
    ],
    ids=["not-json", "lambert", "crs-member", "empty"],
)
def test_form_refuses_bad_files_at_the_field(admin_client, raw, message):
    response = _upload(admin_client, raw)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'class="field-error"' in html
    assert not Quartier.objects.exists()


def test_preview_of_another_users_upload_is_refused(admin_client, client, organisation):
    apercu_url = _upload(admin_client, _collection(_feature("Bon", SQUARE)))["Location"]
    from django.test import Client

    other = Client()
    other.force_login(UserFactory(organisation=organisation, role=Role.ADMINISTRATEUR))
    response = other.get(apercu_url, {"propriete": "nom"})
    assert response.status_code == 302 and response["Location"] == reverse("quartiers:import")
