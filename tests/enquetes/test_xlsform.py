"""XLSForm import and export, on real-world files (copied from the pyxform/onadata repos)."""

import io
import pathlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyxform.xls2xform import convert

from enquetes import services, xlsform
from enquetes.models import Enquete, TypeQuestion

from .factories import STANDARD, make_enquete

DATA = pathlib.Path(__file__).parent / "data"


def _upload(name):
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def test_multilingual_form_imports_with_french_labels(client, facilitateur):
    client.force_login(facilitateur)
    response = client.post(
        reverse("enquetes:import"),
        {"fichier": _upload("xlsform_onadata_multilingual_en_sw_fr.xlsx")},
    )
    enquete = Enquete.objects.get()
    assert response.status_code == 302 and response["Location"] == enquete.get_absolute_url()
    questions = list(enquete.questions.order_by("ordre"))
    assert [(q.code, q.type, q.libelle) for q in questions] == [
        ("resp_name", TypeQuestion.TEXTE_COURT, "Nom de personne interrogée"),
        ("age", TypeQuestion.NOMBRE, "L'age"),
        ("sex_resp", TypeQuestion.CHOIX_UNIQUE, "Le genre"),
        ("fruits", TypeQuestion.CHOIX_MULTIPLE, "Des fruits"),
        ("cities", TypeQuestion.CHOIX_UNIQUE, "Villes"),
    ]
    assert questions[0].section.titre == "Groupe1"
    assert [c.libelle for c in questions[3].choix.all()][-1] == "Aucune de ces réponses"
    assert enquete.organisation == facilitateur.organisation


def test_unsupported_rows_are_listed_and_nothing_is_imported(client, facilitateur):
    client.force_login(facilitateur)
    response = client.post(
        reverse("enquetes:import"), {"fichier": _upload("xlsform_onadata_mali_health_en_fr.xlsx")}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Import refusé : rien n'a été importé" in html
    assert "geopoint" in html and "choice_filter" in html
    assert not Enquete.objects.exists()


def test_old_single_colon_headers_import(facilitateur):
    rapport = xlsform.lire(_upload("xlsform_pyxform_text_and_integer.xlsx"))
    assert rapport.ok, rapport.erreurs
    assert [q["type"] for q in rapport.questions] == [TypeQuestion.TEXTE_COURT, TypeQuestion.NOMBRE]


def test_not_an_xlsx_file_is_refused_clearly(client, facilitateur):
    client.force_login(facilitateur)
    response = client.post(
        reverse("enquetes:import"), {"fichier": SimpleUploadedFile("x.xlsx", b"not a workbook")}
    )
    assert "pas un classeur XLSForm lisible" in response.content.decode()
    assert not Enquete.objects.exists()


def test_round_trip_keeps_questions_choices_scales_and_comment_boxes(organisation, facilitateur):
    original = make_enquete(organisation, questions=STANDARD, ouverte=False)
    section = services.section_ajouter(enquete=original, par=None, titre="Profil")
    original.questions.filter(code="statut").update(section=section)
    content = xlsform.exporter(original)
    # pyxform itself accepts the exported workbook.
    result = convert(io.BytesIO(content), file_type=".xlsx")
    assert "<h:title>Enquête test</h:title>" in result.xform
    rapport = xlsform.lire(SimpleUploadedFile("e.xlsx", content))
    assert rapport.ok, rapport.erreurs
    copy = xlsform.importer(rapport, organisation=organisation, par=facilitateur)

    def shape(enquete):
        return [
            (q.code, q.type, q.libelle, q.commentaire, q.autre, q.echelle_min, q.echelle_max,
             [(c.valeur, c.libelle) for c in q.choix.all()])
            for q in enquete.questions.order_by("ordre")
        ]  # fmt: skip

    assert shape(copy) == shape(original)
    assert copy.questions.get(code="statut").section.titre == "Profil"


def test_round_trip_of_a_real_world_file(organisation, facilitateur):
    first = xlsform.importer(
        xlsform.lire(_upload("xlsform_onadata_multilingual_en_sw_fr.xlsx")),
        organisation=organisation,
        par=facilitateur,
    )
    again = xlsform.importer(
        xlsform.lire(SimpleUploadedFile("e.xlsx", xlsform.exporter(first))),
        organisation=organisation,
        par=facilitateur,
    )
    assert [(q.code, q.type, q.libelle, q.choix.count()) for q in again.questions.all()] == [
        (q.code, q.type, q.libelle, q.choix.count()) for q in first.questions.all()
    ]
