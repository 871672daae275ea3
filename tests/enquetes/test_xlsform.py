"""XLSForm import and export, on real-world files (copied from the pyxform/onadata repos)."""

import io
import pathlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
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
    # Exactly the two unsupported rows: its lists use the older "list name" column, which is
    # read (they were once all reported as missing).
    rapport = xlsform.lire(_upload("xlsform_onadata_mali_health_en_fr.xlsx"))
    assert [(e.numero, e.code) for e in rapport.erreurs] == [(4, "DISTRICT"), (16, "location")]
    region = next(q for q in rapport.questions if q["code"] == "region")
    assert region["choix"][-1] == ("tombouctou", "TOMBOUCTOU")  # the French label


def _workbook(survey, choices=()):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    sheet = workbook.create_sheet("choices")
    for row in [("list_name", "name", "label"), *choices]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("form.xlsx", buffer.getvalue())


def test_or_other_becomes_autre_precisez_and_nested_groups_keep_their_section(organisation):
    fichier = _workbook(
        [
            ("type", "name", "label"),
            ("begin group", "profil", "Profil"),
            ("begin group", "foyer", "Votre foyer"),
            ("integer", "personnes", "Personnes au foyer"),
            ("end group", "foyer", None),
            ("select_multiple transport or_other", "transport", "Transports"),
            ("end group", "profil", None),
            ("text", "idee", "Une idée ?"),
        ],
        [("transport", "velo", "Vélo"), ("transport", "bus", "Bus")],
    )
    rapport = xlsform.lire(fichier)
    assert rapport.ok, rapport.erreurs
    enquete = xlsform.importer(rapport, organisation=organisation, par=None)
    questions = {q.code: q for q in enquete.questions.select_related("section")}
    transport = questions["transport"]
    assert transport.autre
    assert [(c.valeur, c.libelle, c.est_autre) for c in transport.choix.all()] == [
        ("velo", "Vélo", False), ("bus", "Bus", False), ("autre", "Autre", True),
    ]  # fmt: skip
    assert questions["personnes"].section.titre == "Votre foyer"
    assert questions["transport"].section.titre == "Profil"  # back in the outer group
    assert questions["idee"].section is None
    # The export writes it back as a choice "autre" with its précision row.
    again = xlsform.lire(SimpleUploadedFile("e.xlsx", xlsform.exporter(enquete)))
    assert again.ok and next(q for q in again.questions if q["code"] == "transport")["autre"]


def test_or_other_on_a_single_choice_is_listed_as_unsupported():
    rapport = xlsform.lire(
        _workbook(
            [("type", "name", "label"), ("select_one oui_non or_other", "ok", "D'accord ?")],
            [("oui_non", "oui", "Oui"), ("oui_non", "non", "Non")],
        )
    )
    assert not rapport.ok
    assert [(e.numero, e.code) for e in rapport.erreurs] == [(2, "ok")]
    assert "or_other" in rapport.erreurs[0].message


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
    original.questions.filter(code="satisfait").update(obligatoire=True)
    original.questions.filter(code="note").update(aide="1 = pas du tout, 5 = tout à fait")
    content = xlsform.exporter(original)
    # pyxform itself accepts the exported workbook.
    result = convert(io.BytesIO(content), file_type=".xlsx")
    assert "<h:title>Enquête test</h:title>" in result.xform
    rapport = xlsform.lire(SimpleUploadedFile("e.xlsx", content))
    assert rapport.ok, rapport.erreurs
    copy = xlsform.importer(rapport, organisation=organisation, par=facilitateur)

    def shape(enquete):
        return [
            (q.code, q.type, q.libelle, q.aide, q.obligatoire, q.commentaire, q.autre,
             q.echelle_min, q.echelle_max, q.section.titre if q.section else None,
             [(c.valeur, c.libelle) for c in q.choix.all()])
            for q in enquete.questions.order_by("ordre")
        ]  # fmt: skip

    assert shape(copy) == shape(original)


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


def test_round_trip_of_the_evaluation_template(organisation, facilitateur):
    """The experiment's questionnaire goes to KoboToolbox and back unchanged."""
    original = services.enquete_depuis_modele(organisation=organisation, par=facilitateur)
    content = xlsform.exporter(original)
    convert(io.BytesIO(content), file_type=".xlsx")  # pyxform accepts it
    copy = xlsform.importer(
        xlsform.lire(SimpleUploadedFile("e.xlsx", content)), organisation=organisation, par=None
    )

    def shape(enquete):
        return [
            (q.ordre, q.code, q.type, q.libelle, q.commentaire, q.autre, q.section.titre,
             [(c.valeur, c.libelle, c.est_autre) for c in q.choix.all()])
            for q in enquete.questions.select_related("section").order_by("ordre")
        ]  # fmt: skip

    assert len(shape(copy)) == 25
    assert shape(copy) == shape(original)
