from django.core.files.uploadedfile import SimpleUploadedFile

from ateliers import services
from ateliers.models import StatutProposition
from tests.cartographie.factories import AnnotationFactory, CarteFactory
from tests.factories import PersonneFactory
from tests.permission_table import (
    CREATE_PAGE,
    EDIT_QUARTIER_PAGE,
    PUBLIC,
    READ_ORGANISATION,
    READ_QUARTIER,
    Case,
    expect,
)

from .factories import (
    AtelierFactory,
    GroupeTravailFactory,
    JetonFactory,
    PropositionFactory,
    SuiviFactory,
    png_bytes,
)

PNG = png_bytes()

# A write that redirects when allowed.
EDIT_POST = expect(
    anonyme=302, administrateur=302, direction=403, facilitateur=302,
    partenaire=403, partenaire_autre=404, etranger=404,
)  # fmt: skip
# Every member manages their own subscriptions (nothing of another organisation is involved).
OWN_POST = expect(
    anonyme=302, administrateur=302, direction=302, facilitateur=302,
    partenaire=302, partenaire_autre=302, etranger=302,
)  # fmt: skip
NOT_FOUND = expect(
    anonyme=404, administrateur=404, direction=404, facilitateur=404,
    partenaire=404, partenaire_autre=404, etranger=404,
)  # fmt: skip
# Revoking someone else's address: only its owner finds it.
REVOKE_OWN = expect(
    anonyme=302, administrateur=404, direction=404, facilitateur=302,
    partenaire=404, partenaire_autre=404, etranger=404,
)  # fmt: skip


def build(world):
    fac = world.users["facilitateur"]
    world.atelier = AtelierFactory(quartier=world.quartier, animateurs=[fac])
    world.groupe = GroupeTravailFactory(quartier=world.quartier)
    world.proposition = PropositionFactory(atelier=world.atelier)
    world.suivi = SuiviFactory(proposition=world.proposition, responsable=fac)
    world.piece = services.piece_ajouter(
        atelier=world.atelier, fichier=SimpleUploadedFile("p.png", PNG), par=fac
    )
    world.jeton = JetonFactory(user=fac, quartier=world.quartier)
    world.personne = PersonneFactory(organisation=world.organisation)
    world.note_a_proposer = AnnotationFactory(carte=CarteFactory(quartier=world.quartier))


def _atelier(w):
    return {"pk": w.atelier.pk}


def _proposition(w):
    return {"pk": w.proposition.pk}


def _atelier_post(w):
    return {
        "type_activite": w.atelier.type_activite_id,
        "quartier": w.quartier.pk,
        "date": "2023-05-18",
        "participants": 4,
        "heures_preparation": 0,
        "heures_terrain": 1,
    }


CASES = [
    Case("ateliers:mien", READ_ORGANISATION),
    Case("ateliers:saisie", CREATE_PAGE),
    Case(
        "ateliers:saisie",
        expect(
            anonyme=302,
            administrateur=302,
            direction=403,
            facilitateur=302,
            partenaire=403,
            partenaire_autre=403,
            etranger=200,
        ),  # fmt: skip  # the stranger's form refuses another organisation's neighbourhood
        method="post",
        data=_atelier_post,
    ),
    Case("ateliers:calendrier", READ_ORGANISATION),
    Case("ateliers:abonnements", READ_ORGANISATION),
    Case(
        "ateliers:abonnement_creer",
        OWN_POST,
        method="post",
        data=lambda w: {"portee": "animateur"},
    ),
    Case(
        "ateliers:abonnement_revoquer",
        REVOKE_OWN,
        kwargs=lambda w: {"pk": w.jeton.pk},
        method="post",
        data=lambda w: {},
    ),
    Case("ateliers:ical", PUBLIC, kwargs=lambda w: {"jeton": w.jeton.jeton}),
    Case("ateliers:ical", NOT_FOUND, kwargs=lambda w: {"jeton": "jeton-inconnu"}),
    Case("ateliers:journal_quartier", READ_QUARTIER, kwargs=lambda w: {"pk": w.quartier.pk}),
    Case("ateliers:groupes_quartier", READ_QUARTIER, kwargs=lambda w: {"pk": w.quartier.pk}),
    Case("ateliers:propositions", READ_QUARTIER, kwargs=lambda w: {"pk": w.quartier.pk}),
    Case(
        "ateliers:propositions_statut",
        READ_QUARTIER,
        kwargs=lambda w: {"pk": w.quartier.pk, "statut": "nouvelle"},
    ),
    Case("ateliers:restitution", READ_QUARTIER, kwargs=lambda w: {"pk": w.quartier.pk}),
    Case("ateliers:detail", READ_QUARTIER, kwargs=_atelier),
    # Turning a map note into a proposal: editors of the note's neighbourhood only.
    Case(
        "ateliers:proposition_depuis_note",
        EDIT_POST,
        kwargs=lambda w: {"pk": w.note_a_proposer.pk},
        method="post",
        data=lambda w: {},
    ),
    Case("ateliers:modifier", EDIT_QUARTIER_PAGE, kwargs=_atelier),
    Case("ateliers:supprimer", EDIT_POST, kwargs=_atelier, method="post", data=lambda w: {}),
    Case(
        "ateliers:piece_ajouter",
        EDIT_POST,
        kwargs=_atelier,
        method="post",
        data=lambda w: {"fichier": SimpleUploadedFile("x.png", PNG), "legende": ""},
    ),
    Case(
        "ateliers:piece",
        READ_QUARTIER,
        kwargs=lambda w: {"pk": w.atelier.pk, "piece_pk": w.piece.pk},
    ),
    Case(
        "ateliers:piece_supprimer",
        EDIT_POST,
        kwargs=lambda w: {"pk": w.atelier.pk, "piece_pk": w.piece.pk},
        method="post",
        data=lambda w: {},
    ),
    Case("ateliers:proposition_creer", EDIT_QUARTIER_PAGE, kwargs=_atelier),
    Case("ateliers:groupe_creer", CREATE_PAGE),
    Case("ateliers:groupe_detail", READ_QUARTIER, kwargs=lambda w: {"pk": w.groupe.pk}),
    Case("ateliers:groupe_modifier", EDIT_QUARTIER_PAGE, kwargs=lambda w: {"pk": w.groupe.pk}),
    Case("ateliers:proposition_detail", READ_QUARTIER, kwargs=_proposition),
    Case("ateliers:proposition_modifier", EDIT_QUARTIER_PAGE, kwargs=_proposition),
    Case(
        "ateliers:proposition_statut",
        EDIT_POST,
        kwargs=_proposition,
        method="post",
        data=lambda w: {"statut": StatutProposition.RETENUE, "motif": ""},
    ),
    Case(
        "ateliers:suivi_creer",
        EDIT_POST,
        kwargs=_proposition,
        method="post",
        data=lambda w: {"titre": "Relancer le bailleur", "responsable": "", "echeance": ""},
    ),
    Case(
        "ateliers:suivi_basculer",
        EDIT_POST,
        kwargs=lambda w: {"pk": w.suivi.pk},
        method="post",
        data=lambda w: {},
    ),
]
