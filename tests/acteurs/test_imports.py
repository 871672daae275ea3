import io
from pathlib import Path

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from acteurs import imports
from acteurs.models import Acteur, ImportActeurs
from comptes.models import AuditEntry
from tests.factories import PersonneFactory, QuartierFactory

from .htmlform import form_data

URL = reverse("acteurs:import")
SAMPLES = Path(__file__).resolve().parents[2] / "acteurs" / "samples"
HEADER = (
    "nature;type;nom;prenom;structure;quartiers;email;est_relais;stade_diffusion;consentement_date"
)


@pytest.fixture
def quartiers(organisation):
    return [
        QuartierFactory(organisation=organisation, nom=nom)
        for nom in ("Ilot 13", "Bas-Belleville", "Rosa Parks")
    ]


def _csv(*lines, header=HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def _upload(client, content: bytes, name="acteurs.csv"):
    page = client.get(URL)
    data = form_data(page.content, "import-form")
    data["fichier"] = SimpleUploadedFile(name, content)
    return client.post(URL, data)


def _confirm(client, preview_response):
    data = form_data(preview_response.content, "confirm-bar")
    return client.post(URL, data)


def test_sample_csv_imports_after_preview_and_confirmation(fac_client, quartiers, facilitateur):
    preview = _upload(fac_client, (SAMPLES / "acteurs_exemple.csv").read_bytes())
    html = preview.content.decode()
    assert "Aperçu de" in html and "Confirmer l'import de 5 acteurs" in html
    assert not Acteur.objects.exists()  # nothing before confirmation

    response = _confirm(fac_client, preview)
    assert response.status_code == 302
    assert Acteur.objects.count() == 5
    julie = Acteur.objects.get(prenom="Julie")
    assert julie.structure.nom == "Les Amis du square Glacière"
    assert julie.est_relais and julie.stade_diffusion == "premier_adoptant"
    assert julie.consentement_date.isoformat() == "2025-03-15"
    leila = Acteur.objects.get(prenom="Leïla")
    assert sorted(q.nom for q in leila.quartiers.all()) == ["Bas-Belleville", "Rosa Parks"]
    marc = Acteur.objects.get(prenom="Marc")  # labels instead of codes
    assert (marc.type_acteur, marc.famille) == ("habitant", "grand_public")
    record = ImportActeurs.objects.get()
    assert (record.crees, record.par) == (5, facilitateur)
    assert AuditEntry.objects.filter(action="import", object_id=str(record.pk)).exists()
    assert AuditEntry.objects.filter(action="create", object_type="acteurs.acteur").count() == 5


def test_sample_xlsx_gives_the_same_preview(organisation, quartiers):
    preview = imports.analyse(
        (SAMPLES / "acteurs_exemple.xlsx").read_bytes(), "acteurs_exemple.xlsx", organisation
    )
    assert preview.valid and len(preview.to_create) == 5


def test_xlsx_upload_through_the_form(fac_client, quartiers):
    frame = pd.DataFrame(
        [{"type": "association", "nom": "Vélo Flandre", "quartiers": "Rosa Parks"}]
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    preview = _upload(fac_client, buffer.getvalue(), "base.xlsx")
    _confirm(fac_client, preview)
    assert Acteur.objects.get().nom == "Vélo Flandre"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("personne;plombier;Durand;Léa;;Ilot 13;;non;;", "Type inconnu"),
        ("personne;habitant;Durand;Léa;;Ilot 13;pas-un-mail;non;;", "E-mail invalide"),
        ("personne;habitant;Durand;Léa;;Montmartre;;non;;", "Quartier inconnu : « Montmartre »"),
        ("personne;habitant;;Léa;;Ilot 13;;non;;", "Nom manquant"),
        ("personne;;Durand;Léa;;Ilot 13;;non;;", "Type manquant"),
        ("personne;habitant;Durand;Léa;;Ilot 13;;peut-être;;", "oui ou non"),
        ("personne;habitant;Durand;Léa;;Ilot 13;;non;pionnier;", "pas relais"),
        ("personne;habitant;Durand;Léa;;Ilot 13;;oui;champion;", "Stade de diffusion inconnu"),
        ("personne;habitant;Durand;Léa;;Ilot 13;;non;;31/02/2024", "Date de consentement"),
        ("personne;habitant;Durand;Léa;Asso fantôme;Ilot 13;;non;;", "Structure inconnue"),
        ("robot;habitant;Durand;Léa;;Ilot 13;;non;;", "Nature inconnue"),
    ],
)
def test_each_bad_row_is_reported_and_nothing_is_imported(fac_client, quartiers, line, message):
    good = "organisation;association;Asso correcte;;;Ilot 13;;non;;"
    response = _upload(fac_client, _csv(good, line))
    html = response.content.decode()
    assert message in html
    assert "rien n'a été importé" in html
    assert "Confirmer" not in html
    assert 'name="jeton"' not in html
    assert not Acteur.objects.exists()


def test_a_forged_confirmation_imports_nothing(fac_client, quartiers):
    _upload(fac_client, _csv("organisation;association;Asso;;;Ilot 13;;non;;", "x;;;;;;;;;"))
    response = fac_client.post(URL, {"jeton": "invente"})
    assert response.status_code == 302
    assert not Acteur.objects.exists()


def test_unknown_columns_and_missing_required_columns_are_file_errors(organisation, quartiers):
    preview = imports.analyse(b"nom;couleur\nAsso;bleu\n", "a.csv", organisation)
    assert not preview.valid
    assert any("Colonnes inconnues : couleur" in e for e in preview.errors)
    assert any("Colonne obligatoire absente : type" in e for e in preview.errors)


def test_non_csv_upload_is_refused_at_the_field(fac_client):
    response = _upload(fac_client, b"%PDF-1.4", "scan.pdf")
    assert "Format non reconnu" in response.content.decode()


def test_garbage_xlsx_is_a_clear_error(organisation):
    preview = imports.analyse(b"not a zip", "a.xlsx", organisation)
    assert preview.errors and "Fichier illisible" in preview.errors[0]


def test_duplicates_against_the_base_are_reported_and_skipped(fac_client, organisation, quartiers):
    existing = PersonneFactory(
        organisation=organisation, nom="Durand", prenom="Léa", email="lea@example.org"
    )
    existing.quartiers.add(quartiers[0])
    other = PersonneFactory(organisation=organisation, nom="Martin", email="m@example.org")
    content = _csv(
        "personne;habitant;Durand;Léa;;Ilot 13;;non;;",  # same name + neighbourhood
        "personne;habitant;Autre;Nom;;Rosa Parks;M@example.org;non;;",  # same e-mail
        "personne;habitant;Nouvelle;Personne;;Rosa Parks;;non;;",
    )
    preview = _upload(fac_client, content)
    html = preview.content.decode()
    assert html.count("badge badge--warn") == 2
    assert str(existing) in html and str(other) in html
    _confirm(fac_client, preview)
    assert Acteur.objects.count() == 3
    assert Acteur.objects.filter(nom="Durand").count() == 1
    assert ImportActeurs.objects.get().ignores == 2


def test_importing_the_same_file_twice_creates_nothing_the_second_time(fac_client, quartiers):
    content = (SAMPLES / "acteurs_exemple.csv").read_bytes()
    _confirm(fac_client, _upload(fac_client, content))
    second = _upload(fac_client, content)
    assert "rien à importer" in second.content.decode()
    assert Acteur.objects.count() == 5


def test_duplicates_within_the_file_are_errors(organisation, quartiers):
    content = _csv(
        "personne;habitant;Durand;Léa;;Ilot 13;lea@example.org;non;;",
        "personne;habitant;Durand;Léo;;Ilot 13;LEA@example.org;non;;",
        "personne;habitant;Petit;Marc;;Ilot 13;;non;;",
        "personne;habitant;petit;marc;;ilot 13;;non;;",
    )
    preview = imports.analyse(content, "a.csv", organisation)
    assert not preview.valid
    errors = {r.line: r.errors for r in preview.rows}
    assert errors[3] == ["Même e-mail que la ligne 2 du fichier."]
    assert errors[5] == ["Même nom et même quartier que la ligne 4 du fichier."]


def test_neighbourhoods_of_another_organisation_are_unknown(organisation, outsider, quartiers):
    content = _csv("organisation;association;Asso;;;Quartier étranger;;non;;")
    preview = imports.analyse(content, "a.csv", organisation)
    assert "Quartier inconnu" in preview.rows[0].errors[0]


def test_export_can_be_re_imported(fac_client, organisation, quartiers):
    a = PersonneFactory(organisation=organisation, nom="Durand", prenom="Léa")
    a.quartiers.add(quartiers[1])
    exported = b"".join(fac_client.get(reverse("acteurs:export_csv")).streaming_content)
    a.delete()
    preview = imports.analyse(exported, "export.csv", organisation)
    assert preview.valid, [r.errors for r in preview.rows]
    assert preview.to_create[0].quartiers == ["Bas-Belleville"]


def test_management_command_imports_or_refuses(organisation, quartiers, tmp_path):
    good = tmp_path / "ok.csv"
    good.write_bytes((SAMPLES / "acteurs_exemple.csv").read_bytes())
    call_command("import_acteurs", str(good), organisation=organisation.nom, essai=True)
    assert not Acteur.objects.exists()
    call_command("import_acteurs", str(good), organisation=organisation.nom)
    assert Acteur.objects.count() == 5
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("personne;plombier;X;Y;;Ilot 13;;non;;"))
    with pytest.raises(CommandError):
        call_command("import_acteurs", str(bad), organisation=organisation.nom)
    assert Acteur.objects.count() == 5


def test_direction_cannot_import(client, direction):
    client.force_login(direction)
    assert client.get(URL).status_code == 403
