"""Sections: rename, reorder, delete; questions follow their section and keep their answers."""

from django.urls import reverse

from comptes.models import AuditEntry
from enquetes import services
from enquetes.models import Question, Reponse, TypeQuestion

from .factories import answer, make_enquete
from .html import read_form


def _survey(organisation, quartier, *, ouverte=False):
    enquete = make_enquete(organisation, quartiers=[quartier], ouverte=False)
    a = services.section_ajouter(enquete=enquete, par=None, titre="Profil")
    b = services.section_ajouter(enquete=enquete, par=None, titre="Avis")
    for code, section in (("q1", a), ("q2", a), ("q3", b), ("q4", b)):
        services.question_ajouter(
            enquete=enquete, par=None, code=code, libelle=code.upper(), type=TypeQuestion.OUI_NON,
            section=section,
        )  # fmt: skip
    if ouverte:
        services.enquete_ouvrir(enquete=enquete, par=None)
    return enquete, a, b


def _order(enquete):
    return [
        (q.code, q.section.titre if q.section else None)
        for q in enquete.questions.select_related("section").order_by("ordre")
    ]


def test_sections_page_renames_a_section_through_its_form(
    client, facilitateur, organisation, quartier
):
    enquete, a, _b = _survey(organisation, quartier)
    client.force_login(facilitateur)
    page = client.get(reverse("enquetes:sections", args=[enquete.pk])).content.decode()
    reader = read_form(page)
    name = f"s{a.pk}-titre"
    assert reader.fields[name][0]["value"] == "Profil"
    response = client.post(
        reverse("enquetes:section_edit", args=[enquete.pk, a.pk]), {name: "Votre profil"}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.titre == "Votre profil"
    assert AuditEntry.objects.filter(object_type="enquetes.section", action="update").exists()
    detail = client.get(enquete.get_absolute_url()).content.decode()
    assert "Votre profil" in detail


def test_empty_section_title_is_refused_at_the_field(client, facilitateur, organisation, quartier):
    enquete, a, _b = _survey(organisation, quartier)
    client.force_login(facilitateur)
    response = client.post(
        reverse("enquetes:section_edit", args=[enquete.pk, a.pk]), {f"s{a.pk}-titre": "  "}
    )
    assert response.status_code == 400
    assert f'id="id_s{a.pk}-titre_error"' in response.content.decode()
    a.refresh_from_db()
    assert a.titre == "Profil"


def test_moving_a_section_moves_its_questions(client, facilitateur, organisation, quartier):
    enquete, a, b = _survey(organisation, quartier)
    client.force_login(facilitateur)
    client.post(reverse("enquetes:section_move", args=[enquete.pk, b.pk]), {"sens": "haut"})
    assert _order(enquete) == [("q3", "Avis"), ("q4", "Avis"), ("q1", "Profil"), ("q2", "Profil")]
    html = client.get(enquete.get_absolute_url()).content.decode()
    assert html.index("Avis") < html.index("Profil")


def test_deleting_a_section_keeps_its_answered_questions(
    client, facilitateur, organisation, quartier
):
    enquete, a, b = _survey(organisation, quartier, ouverte=True)
    answer(enquete, {"q3": "oui"})
    client.force_login(facilitateur)
    page = client.get(reverse("enquetes:sections", args=[enquete.pk])).content.decode()
    assert "Supprimer la section" in page
    response = client.post(
        reverse("enquetes:section_delete", args=[enquete.pk, b.pk]), {f"d{b.pk}-destination": a.pk}
    )
    assert response.status_code == 302
    assert _order(enquete) == [
        ("q1", "Profil"),
        ("q2", "Profil"),
        ("q3", "Profil"),
        ("q4", "Profil"),
    ]
    assert Reponse.objects.filter(question__code="q3").count() == 1
    # The answered question keeps its protection.
    q3 = Question.objects.get(code="q3")
    client.post(reverse("enquetes:question_delete", args=[enquete.pk, q3.pk]))
    assert Question.objects.filter(pk=q3.pk).exists()
    assert AuditEntry.objects.filter(object_type="enquetes.section", action="delete").exists()


def test_deleting_a_section_without_destination_puts_questions_first(organisation, quartier):
    enquete, _a, b = _survey(organisation, quartier)
    services.section_supprimer(section=b, par=None)
    assert _order(enquete) == [("q3", None), ("q4", None), ("q1", "Profil"), ("q2", "Profil")]


def test_question_moves_across_section_edges(client, facilitateur, organisation, quartier):
    enquete, _a, _b = _survey(organisation, quartier)
    client.force_login(facilitateur)
    q2 = enquete.questions.get(code="q2")
    url = reverse("enquetes:question_move", args=[enquete.pk, q2.pk])
    client.post(url, {"sens": "bas"})  # last of Profil -> first of Avis
    assert _order(enquete) == [("q1", "Profil"), ("q2", "Avis"), ("q3", "Avis"), ("q4", "Avis")]
    client.post(url, {"sens": "haut"})  # back to the end of Profil
    assert _order(enquete) == [("q1", "Profil"), ("q2", "Profil"), ("q3", "Avis"), ("q4", "Avis")]
    first = enquete.questions.get(code="q1")
    client.post(reverse("enquetes:question_move", args=[enquete.pk, first.pk]), {"sens": "haut"})
    assert _order(enquete)[0] == ("q1", "Profil")  # nowhere to go


def test_changing_the_section_of_an_answered_question_keeps_answers(
    client, facilitateur, organisation, quartier
):
    enquete, a, b = _survey(organisation, quartier, ouverte=True)
    answer(enquete, {"q1": "oui"})
    q1 = enquete.questions.get(code="q1")
    client.force_login(facilitateur)
    url = reverse("enquetes:question_edit", args=[enquete.pk, q1.pk])
    response = client.post(
        url, {"libelle": "Q1", "type": "oui_non", "section": b.pk, "echelle": "1-5"}
    )
    assert response.status_code == 302
    assert _order(enquete)[-1] == ("q1", "Avis")
    assert Reponse.objects.filter(question=q1).count() == 1
    # Its type is still protected.
    response = client.post(
        url, {"libelle": "Q1", "type": "nombre", "section": b.pk, "echelle": "1-5"}
    )
    assert response.status_code == 200 and "type et son échelle" in response.content.decode()


def test_section_from_another_survey_is_404(client, facilitateur, organisation, quartier):
    enquete, a, _b = _survey(organisation, quartier)
    other, _c, _d = _survey(organisation, quartier)
    client.force_login(facilitateur)
    response = client.post(reverse("enquetes:section_move", args=[other.pk, a.pk]), {"sens": "bas"})
    assert response.status_code == 404
