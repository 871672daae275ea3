from tests.factories import AxeTravailFactory
from tests.permission_table import (
    EDIT_QUARTIER_PAGE,
    READ_ORGANISATION,
    READ_QUARTIER,
    Case,
    also,
    expect,
)

from .factories import ActionFactory

# Assigning the team: administrators only.
ADMIN_QUARTIER = expect(
    anonyme=302, administrateur=200, direction=403, facilitateur=403,
    partenaire=403, partenaire_autre=404, etranger=404, facilitateur_autre=403,
)  # fmt: skip
# The perimeter import belongs to no neighbourhood: administrators only.
ADMIN_PAGE = expect(
    anonyme=302, administrateur=200, direction=403, facilitateur=403,
    partenaire=403, partenaire_autre=403, etranger=403, facilitateur_autre=403,
)  # fmt: skip
# An unknown or expired upload sends the administrator back to the upload step.
ADMIN_REDIRECT = expect(
    anonyme=302, administrateur=302, direction=403, facilitateur=403,
    partenaire=403, partenaire_autre=403, etranger=403, facilitateur_autre=403,
)  # fmt: skip
# A confirmed deletion redirects to the neighbourhood page.
DELETE_QUARTIER_OBJECT = expect(
    anonyme=302, administrateur=302, direction=403, facilitateur=302,
    partenaire=403, partenaire_autre=404, etranger=404, facilitateur_autre=403,
)  # fmt: skip
READ = also(READ_QUARTIER, facilitateur_autre=200)
# Only the facilitators assigned to world.quartier (and administrators) change it.
EDIT = also(EDIT_QUARTIER_PAGE, facilitateur_autre=403)
# world.autre_quartier: its own facilitator edits it, world.quartier's does not.
EDIT_AUTRE = expect(
    anonyme=302, administrateur=200, direction=403, facilitateur=403,
    partenaire=404, partenaire_autre=403, etranger=404, facilitateur_autre=200,
)  # fmt: skip


def build(world):
    world.axe = AxeTravailFactory(quartier=world.quartier, titre="Axe du quartier A1")
    world.action = ActionFactory(axe=world.axe, titre="Action du quartier A1")


def _q(w):
    return {"pk": w.quartier.pk}


def _axe(w):
    return {"pk": w.quartier.pk, "axe_pk": w.axe.pk}


def _action(w):
    return {"pk": w.quartier.pk, "action_pk": w.action.pk}


CASES = [
    Case("quartiers:list", also(READ_ORGANISATION, facilitateur_autre=200)),
    Case("quartiers:detail", READ, kwargs=_q),
    Case("quartiers:modifier", EDIT, kwargs=_q),
    Case("quartiers:modifier", EDIT_AUTRE, kwargs=lambda w: {"pk": w.autre_quartier.pk}),
    Case("quartiers:etapes", EDIT, kwargs=_q),
    Case("quartiers:equipe", ADMIN_QUARTIER, kwargs=_q),
    Case("quartiers:axe_ajouter", EDIT, kwargs=_q),
    Case("quartiers:axe_ajouter", EDIT_AUTRE, kwargs=lambda w: {"pk": w.autre_quartier.pk}),
    Case("quartiers:axe_modifier", EDIT, kwargs=_axe),
    Case("quartiers:axe_supprimer", EDIT, kwargs=_axe),
    Case(
        "quartiers:axe_supprimer",
        DELETE_QUARTIER_OBJECT,
        kwargs=_axe,
        method="post",
        data=lambda w: {},
    ),
    Case("quartiers:action_ajouter", EDIT, kwargs=_axe),
    Case("quartiers:action_modifier", EDIT, kwargs=_action),
    Case("quartiers:action_supprimer", EDIT, kwargs=_action),
    Case(
        "quartiers:action_supprimer",
        DELETE_QUARTIER_OBJECT,
        kwargs=_action,
        method="post",
        data=lambda w: {},
    ),
    Case("quartiers:import", ADMIN_PAGE),
    Case("quartiers:import_apercu", ADMIN_REDIRECT, kwargs=lambda w: {"jeton": "inconnu"}),
]
