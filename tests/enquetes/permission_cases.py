from enquetes import services
from enquetes.models import Invitation, Reponse
from tests.permission_table import (
    CREATE_PAGE,
    EDIT_QUARTIER_PAGE,
    EDIT_STAFF_OBJECT,
    PUBLIC,
    READ_ORGANISATION,
    READ_QUARTIER,
    STAFF_OBJECT,
    Case,
    expect,
)

from .factories import STANDARD, answer, make_enquete


def build(world):
    world.enquete = make_enquete(
        world.organisation, quartiers=[world.quartier], titre="Enquête A1", questions=STANDARD
    )
    answer(
        world.enquete,
        {"statut": "habitant", "satisfait": "oui", "satisfait_commentaire": "Très bien"},
    )
    world.question = world.enquete.questions.get(code="satisfait")
    world.section = services.section_ajouter(enquete=world.enquete, par=None, titre="Profil")
    world.verbatim = Reponse.objects.get(question=world.question, nature="commentaire")
    world.enquete_fermee = make_enquete(
        world.organisation, quartiers=[world.quartier], titre="Fermée", questions=STANDARD[:2]
    )
    services.enquete_fermer(enquete=world.enquete_fermee, par=None)
    world.enquete_brouillon = make_enquete(
        world.organisation, titre="Brouillon", questions=STANDARD[:2], ouverte=False
    )
    world.invitation = Invitation.objects.create(enquete=world.enquete, acteur=world.acteur)


POST_EDIT = expect(
    anonyme=302, administrateur=302, direction=403, facilitateur=302,
    partenaire=403, partenaire_autre=404, etranger=404,
)  # fmt: skip
POST_CREATE = expect(
    anonyme=302, administrateur=302, direction=403, facilitateur=302,
    partenaire=403, partenaire_autre=403, etranger=302,
)  # fmt: skip
POST_STAFF_EDIT = expect(
    anonyme=302, administrateur=302, direction=403, facilitateur=302,
    partenaire=403, partenaire_autre=403, etranger=404,
)  # fmt: skip
RAW_EXPORT = expect(
    anonyme=302, administrateur=200, direction=200, facilitateur=403,
    partenaire=403, partenaire_autre=403, etranger=404,
)  # fmt: skip
ALL_410 = {role: 410 for role in PUBLIC}
ALL_404 = {role: 404 for role in PUBLIC}


def pk(w):
    return {"pk": w.enquete.pk}


def spk(w):
    return {"pk": w.enquete.pk, "spk": w.section.pk}


def qpk(w):
    return {"pk": w.enquete.pk, "qpk": w.question.pk}


CASES = [
    Case("enquetes:list", READ_ORGANISATION),
    Case("enquetes:create", CREATE_PAGE),
    Case("enquetes:from_template", POST_CREATE, method="post", data=lambda w: {}),
    Case("enquetes:import", CREATE_PAGE),
    Case("enquetes:detail", READ_QUARTIER, kwargs=pk),
    Case("enquetes:edit", EDIT_QUARTIER_PAGE, kwargs=pk),
    Case("enquetes:statut", POST_EDIT, kwargs=pk, method="post", data=lambda w: {"action": "aucune"}),
    Case("enquetes:section_add", POST_EDIT, kwargs=pk, method="post", data=lambda w: {"titre": ""}),
    Case("enquetes:sections", EDIT_QUARTIER_PAGE, kwargs=pk),
    Case("enquetes:section_edit", POST_EDIT, kwargs=spk, method="post", data=lambda w: {f"s{w.section.pk}-titre": "Votre profil"}),
    Case("enquetes:section_move", POST_EDIT, kwargs=spk, method="post", data=lambda w: {"sens": "haut"}),
    Case("enquetes:section_delete", POST_EDIT, kwargs=spk, method="post", data=lambda w: {}),
    Case("enquetes:question_add", EDIT_QUARTIER_PAGE, kwargs=pk),
    Case("enquetes:question_edit", EDIT_QUARTIER_PAGE, kwargs=qpk),
    Case("enquetes:question_delete", POST_EDIT, kwargs=qpk, method="post", data=lambda w: {}),
    Case("enquetes:question_move", POST_EDIT, kwargs=qpk, method="post", data=lambda w: {"sens": "bas"}),
    Case("enquetes:diffusion", EDIT_QUARTIER_PAGE, kwargs=pk),
    Case("enquetes:qr", READ_QUARTIER, kwargs=pk),
    Case("enquetes:affiche", READ_QUARTIER, kwargs=pk),
    Case("enquetes:results", READ_QUARTIER, kwargs=pk),
    Case("enquetes:results_csv", READ_QUARTIER, kwargs=pk),
    Case("enquetes:responses_csv", RAW_EXPORT, kwargs=pk),
    Case("enquetes:responses_xlsx", RAW_EXPORT, kwargs=pk),
    Case("enquetes:xlsform", STAFF_OBJECT, kwargs=pk),
    Case("enquetes:verbatims", STAFF_OBJECT, kwargs=pk),
    Case("enquetes:verbatims_anonymise", POST_STAFF_EDIT, kwargs=pk, method="post", data=lambda w: {}),
    Case("enquetes:verbatim_edit", EDIT_STAFF_OBJECT, kwargs=lambda w: {"pk": w.enquete.pk, "rpk": w.verbatim.pk}),
    Case("enquetes:theme_add", POST_STAFF_EDIT, kwargs=pk, method="post", data=lambda w: {"nom": "Mobilité"}),
    Case("enquetes:repondre", PUBLIC, kwargs=lambda w: {"jeton": w.enquete.jeton_public}),
    Case("enquetes:repondre", ALL_410, kwargs=lambda w: {"jeton": w.enquete_fermee.jeton_public}, query="fermee"),
    Case("enquetes:repondre", ALL_404, kwargs=lambda w: {"jeton": w.enquete_brouillon.jeton_public}, query="brouillon"),
    Case("enquetes:merci", PUBLIC, kwargs=lambda w: {"jeton": w.enquete.jeton_public}),
    Case("enquetes:invitation", PUBLIC, kwargs=lambda w: {"jeton": w.invitation.jeton}),
]  # fmt: skip
