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
def quartiers(organisation, facilitateur):
    """The demo's three neighbourhoods, all assigned to the facilitator who imports."""
    quartiers = [
        QuartierFactory(organisation=organisation, nom=nom)
        for nom in ("Ilot 13", "Bas-Belleville", "Rosa Parks")
    ]
    for quartier in quartiers:
        quartier.membres.add(facilitateur)
    return quartiers


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


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_elsewhere_gives_back_the_same_actors(
    fac_client, organisation, quartiers, outsider, fmt
):
    """Round trip into another organisation with the same neighbourhoods: every field comes
    back as it was, including values a spreadsheet would read as formulas."""
    structure = Acteur.objects.create(
        organisation=organisation, nature="organisation", type_acteur="association",
        nom="=Asso (formule)", role_programme="partenaire", famille="actions_terrain",
        site_web="https://asso.example.org", notes="-- notes --",
    )  # fmt: skip
    structure.quartiers.add(quartiers[0])
    personne = PersonneFactory(
        organisation=organisation, nom="Durand", prenom="Léa", structure=structure,
        fonction="@présidente", email="lea@example.org", telephone="+33 1 23 45 67 89",
        adresse="12 rue Imaginaire", est_relais=True, stade_diffusion="pionnier",
        consentement_date="2025-03-15", consentement_source="Fiche signée",
        consentement_finalite="Être informée", notes="=SOMME(A1:A3)",
    )  # fmt: skip
    personne.quartiers.add(quartiers[0], quartiers[2])
    url = reverse("acteurs:export_csv" if fmt == "csv" else "acteurs:export_xlsx")
    exported = b"".join(fac_client.get(url).streaming_content)

    autre = outsider.organisation
    for nom in ("Ilot 13", "Bas-Belleville", "Rosa Parks"):
        QuartierFactory(organisation=autre, nom=nom)
    preview = imports.analyse(exported, f"export.{fmt}", autre)
    assert preview.valid, [r.errors for r in preview.rows]
    from acteurs import services

    services.import_enregistrer(
        organisation=autre,
        par=outsider,
        fichier="export",
        rows=imports.deserialise(preview.serialisable()),
        ignores=0,
    )
    fields = [f.name for f in Acteur._meta.concrete_fields
              if f.name not in ("id", "organisation", "structure", "cree_par", "cree_le",
                                "modifie_le")]  # fmt: skip
    for original in (structure, personne):
        original.refresh_from_db()
        copy = Acteur.objects.get(organisation=autre, nom=original.nom)
        assert {f: getattr(copy, f) for f in fields} == {f: getattr(original, f) for f in fields}
        assert sorted(q.nom for q in copy.quartiers.all()) == sorted(
            q.nom for q in original.quartiers.all()
        )
    assert Acteur.objects.get(organisation=autre, nom="Durand").structure.nom == "=Asso (formule)"


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


def test_model_rules_are_checked_at_the_preview(organisation, quartiers):
    """A value the model refuses (here a 250-character URL) is a row error in the preview, not
    a crash at the confirmation."""
    long_url = "https://example.org/" + "a" * 230
    content = _csv(
        f"organisation;association;Asso;;Ilot 13;non;{long_url}",
        header="nature;type;nom;prenom;quartiers;est_relais;site_web",
    )
    preview = imports.analyse(content, "a.csv", organisation)
    assert not preview.valid
    assert preview.rows[0].errors == ["site_web trop long (200 caractères au plus)."]


def test_confirmation_after_the_base_changed_imports_nothing_and_says_why(fac_client, quartiers):
    preview = _upload(
        fac_client,
        _csv(
            "organisation;association;Asso A;;;Ilot 13;;non;;",
            "organisation;association;Asso B;;;Rosa Parks;;non;;",
        ),
    )
    quartiers[2].delete()  # Rosa Parks, between the preview and the confirmation
    response = _confirm(fac_client, preview)
    assert response.status_code == 302 and response["Location"] == URL
    page = fac_client.get(URL).content.decode()
    assert "Rien n&#x27;a été importé" in page and "Rosa Parks" in page
    assert not Acteur.objects.exists()
    assert not ImportActeurs.objects.exists()


def test_confirmation_message_counts_in_french(fac_client, quartiers):
    preview = _upload(fac_client, _csv("organisation;association;Asso seule;;;Ilot 13;;non;;"))
    response = _confirm(fac_client, preview)
    page = fac_client.get(response["Location"]).content.decode()
    assert "1 acteur importé depuis « acteurs.csv »" in page


def test_a_facilitator_imports_only_into_the_neighbourhoods_assigned_to_them(
    fac_client, quartiers, facilitateur
):
    quartiers[2].membres.remove(facilitateur)  # Rosa Parks: another facilitator's
    response = _upload(
        fac_client,
        _csv(
            "organisation;association;Asso A;;;Ilot 13;;non;;",
            "organisation;association;Asso B;;;Rosa Parks;;non;;",
        ),
    )
    html = response.content.decode()
    assert "Quartier « Rosa Parks » : vous n&#x27;y êtes pas affecté·e." in html
    assert 'name="jeton"' not in html
    assert not Acteur.objects.exists()
