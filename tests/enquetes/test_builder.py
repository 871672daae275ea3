"""Building surveys: template, questions, guarded edits, status."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comptes.models import AuditEntry
from enquetes import modele, services
from enquetes.models import Enquete, Question, Statut, TypeQuestion

from .factories import STANDARD, answer, make_enquete
from .html import read_form


def test_template_button_creates_the_25_question_evaluation(client, facilitateur, quartier):
    client.force_login(facilitateur)
    response = client.post(reverse("enquetes:from_template"), {"quartiers": [quartier.pk]})
    enquete = Enquete.objects.get()
    assert response.status_code == 302 and response["Location"] == enquete.get_absolute_url()
    questions = list(enquete.questions.order_by("ordre"))
    assert len(questions) == 25 == len(modele.QUESTIONS)
    assert all(q.commentaire and q.est_fermee for q in questions)
    assert [q.code for q in questions if q.segment] == ["statut", "territoire"]
    assert "expliquer à quelqu'un le rôle" in questions[6].libelle
    assert list(enquete.quartiers.all()) == [quartier]
    assert enquete.statut == Statut.BROUILLON
    page = client.get(enquete.get_absolute_url()).content.decode()
    assert "Accepteriez" not in page and "acceptable de payer" in page


def test_add_question_through_the_form(client, facilitateur, organisation, quartier):
    enquete = make_enquete(organisation, quartiers=[quartier], ouverte=False)
    client.force_login(facilitateur)
    url = reverse("enquetes:question_add", args=[enquete.pk])
    assert 'name="choix"' in client.get(url).content.decode()
    response = client.post(
        url,
        {"libelle": "Votre mode de transport ?", "type": "choix_multiple", "choix": "Vélo\nBus\n\nMarche",
         "autre": "on", "commentaire": "on", "echelle": "1-5"},
    )  # fmt: skip
    assert response.status_code == 302
    question = enquete.questions.get()
    assert [(c.valeur, c.libelle) for c in question.choix.all()] == [
        ("velo", "Vélo"), ("bus", "Bus"), ("marche", "Marche"), ("autre", "Autre"),
    ]  # fmt: skip
    assert question.code == "votre_mode_de_transport"
    assert AuditEntry.objects.filter(object_type="enquetes.question", action="create").exists()


def test_choice_question_needs_two_choices(client, facilitateur, organisation, quartier):
    enquete = make_enquete(organisation, quartiers=[quartier], ouverte=False)
    client.force_login(facilitateur)
    response = client.post(
        reverse("enquetes:question_add", args=[enquete.pk]),
        {"libelle": "Couleur ?", "type": "choix_unique", "choix": "Vert", "echelle": "1-5"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "au moins deux choix" in html and 'value="Couleur ?"' in html
    assert not Question.objects.exists()


def test_deleting_an_answered_choice_is_refused_with_an_explanation(client, facilitateur, enquete):
    answer(enquete, {"statut": "habitant"})
    statut = enquete.questions.get(code="statut")
    client.force_login(facilitateur)
    response = client.post(
        reverse("enquetes:question_edit", args=[enquete.pk, statut.pk]),
        {"libelle": statut.libelle, "type": "choix_unique", "choix": "Partenaire\nÉlu·e", "segment": "on", "echelle": "1-5"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Impossible de supprimer ou de reformuler des choix qui ont déjà reçu des réponses : « Habitant »"
        in html
    )
    assert [c.valeur for c in statut.choix.all()] == ["habitant", "partenaire"]


def test_adding_a_choice_to_an_answered_question_is_fine(enquete):
    answer(enquete, {"statut": "habitant"})
    statut = enquete.questions.get(code="statut")
    services.question_modifier(question=statut, par=None, choix=["Habitant", "Partenaire", "Élu·e"])
    assert [c.valeur for c in statut.choix.all()] == ["habitant", "partenaire", "elue"]


def test_saving_an_answered_template_question_unchanged_keeps_its_choices(
    client, facilitateur, organisation
):
    """The template's values ("superviseur"…) are not slugs of their labels: saving the form
    as shown (here only the help text changes) must match every line to its choice."""
    enquete = services.enquete_depuis_modele(organisation=organisation, par=None)
    services.enquete_ouvrir(enquete=enquete, par=None)
    answer(enquete, {"statut": ["superviseur", "partenaire"], "territoire": "rosa_parks"})
    statut = enquete.questions.get(code="statut")
    before = [(c.pk, c.valeur, c.libelle) for c in statut.choix.all()]
    client.force_login(facilitateur)
    url = reverse("enquetes:question_edit", args=[enquete.pk, statut.pk])
    form = read_form(client.get(url).content.decode())
    data = {name: attrs[0].get("value", "") for name, attrs in form.fields.items()}
    data.update(
        libelle=statut.libelle,
        aide="Plusieurs réponses possibles",
        type="choix_multiple",
        section=str(statut.section_id),
        choix="\n".join(c.libelle for c in statut.choix.all()),
        commentaire="on",
        segment="on",
        echelle="1-5",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    statut.refresh_from_db()
    assert statut.aide == "Plusieurs réponses possibles"
    assert [(c.pk, c.valeur, c.libelle) for c in statut.choix.all()] == before


def test_choice_labels_can_be_reordered_and_their_accents_fixed_once_answered(enquete):
    answer(enquete, {"objets": ["renovation", "velos"]})
    objets = enquete.questions.get(code="objets")
    ids = {c.valeur: c.pk for c in objets.choix.all()}
    services.question_modifier(
        question=objets, par=None, choix=["VELOS", "Rénovation", "Vegetalisation", "Compost"]
    )
    assert [(c.pk, c.valeur, c.libelle) for c in objets.choix.all()] == [
        (ids["velos"], "velos", "VELOS"),
        (ids["renovation"], "renovation", "Rénovation"),
        (ids["vegetalisation"], "vegetalisation", "Vegetalisation"),
        (objets.choix.get(valeur="compost").pk, "compost", "Compost"),
        (ids["autre"], "autre", "Autre"),
    ]
    with pytest.raises(ValidationError, match="reformuler.*« VELOS »"):
        services.question_modifier(
            question=objets, par=None, choix=["Vélos partagés", "Rénovation", "Végétalisation"]
        )
    # An unanswered choice may be reworded (it is replaced) or deleted.
    services.question_modifier(question=objets, par=None, choix=["Vélos", "Rénovation", "Arbres"])
    assert [c.valeur for c in objets.choix.all()] == ["velos", "renovation", "arbres", "autre"]


def test_a_new_line_never_takes_the_value_of_another_choice(organisation):
    enquete = make_enquete(
        organisation,
        questions=[{"code": "frequence", "libelle": "Fréquence ?", "type": TypeQuestion.CHOIX_UNIQUE,
                    "choix": ["Souvent", "Jamais"]}],
    )  # fmt: skip
    question = enquete.questions.get()
    question.choix.filter(valeur="souvent").update(libelle="Oui, souvent")
    answer(enquete, {"frequence": "souvent"})
    # "Souvent" is now a new label; it must not reuse "souvent" (that of « Oui, souvent »).
    services.question_modifier(
        question=question, par=None, choix=["Oui, souvent", "Jamais", "Souvent"]
    )
    assert [(c.valeur, c.libelle) for c in question.choix.all()] == [
        ("souvent", "Oui, souvent"), ("jamais", "Jamais"), ("souvent_2", "Souvent"),
    ]  # fmt: skip


def test_type_of_an_answered_question_cannot_change(enquete):
    answer(enquete, {"note": 3})
    note = enquete.questions.get(code="note")
    with pytest.raises(ValidationError, match="type et son échelle"):
        services.question_modifier(question=note, par=None, type=TypeQuestion.NOMBRE)
    with pytest.raises(ValidationError):
        services.question_modifier(question=note, par=None, echelle_min=0, echelle_max=10)


def test_answered_question_cannot_be_deleted(client, facilitateur, enquete):
    answer(enquete, {"satisfait": "oui"})
    question = enquete.questions.get(code="satisfait")
    client.force_login(facilitateur)
    client.post(reverse("enquetes:question_delete", args=[enquete.pk, question.pk]))
    assert Question.objects.filter(pk=question.pk).exists()
    idee = enquete.questions.get(code="idee")
    client.post(reverse("enquetes:question_delete", args=[enquete.pk, idee.pk]))
    assert not Question.objects.filter(pk=idee.pk).exists()


def test_only_choice_questions_can_be_segments(organisation):
    enquete = make_enquete(organisation, ouverte=False)
    with pytest.raises(ValidationError):
        services.question_ajouter(
            enquete=enquete, par=None, libelle="Âge", type=TypeQuestion.NOMBRE, segment=True
        )


def test_move_question_down(client, facilitateur, enquete):
    first, second = list(enquete.questions.order_by("ordre"))[:2]
    client.force_login(facilitateur)
    client.post(reverse("enquetes:question_move", args=[enquete.pk, first.pk]), {"sens": "bas"})
    assert list(enquete.questions.order_by("ordre"))[:2] == [second, first]


def test_open_close_cycle(client, facilitateur, organisation, quartier):
    enquete = make_enquete(
        organisation, quartiers=[quartier], questions=STANDARD[:1], ouverte=False
    )
    client.force_login(facilitateur)
    url = reverse("enquetes:statut", args=[enquete.pk])
    client.post(url, {"action": "ouvrir"})
    enquete.refresh_from_db()
    assert enquete.est_ouverte and enquete.ouverte_le
    client.post(url, {"action": "fermer"})
    enquete.refresh_from_db()
    assert enquete.est_fermee and enquete.fermee_le


def test_empty_survey_cannot_open(organisation):
    enquete = make_enquete(organisation, ouverte=False)
    with pytest.raises(ValidationError):
        services.enquete_ouvrir(enquete=enquete, par=None)


def test_facilitator_cannot_attach_another_organisations_neighbourhood(organisation, outsider):
    from quartiers.models import Quartier

    foreign = Quartier.objects.get(organisation=outsider.organisation)
    with pytest.raises(ValidationError):
        services.enquete_creer(organisation=organisation, par=None, titre="X", quartiers=[foreign])


def test_partner_sees_only_surveys_of_their_neighbourhoods(
    client, partenaire, organisation, quartier
):
    mine = make_enquete(
        organisation, quartiers=[quartier], titre="Du quartier", questions=STANDARD[:1]
    )
    make_enquete(organisation, titre="Organisation entière", questions=STANDARD[:1])
    client.force_login(partenaire)
    html = client.get(reverse("enquetes:list")).content.decode()
    assert mine.titre in html and "Organisation entière" not in html


def test_other_organisation_results_are_404(client, outsider, enquete):
    client.force_login(outsider)
    assert client.get(reverse("enquetes:results", args=[enquete.pk])).status_code == 404
    assert client.get(reverse("enquetes:responses_csv", args=[enquete.pk])).status_code == 404
