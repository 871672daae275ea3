"""Neighbourhood pages visited by the browser sweep (tests/e2e/test_pages.py)."""

from tests.e2e.pages import Page


def _q(w):
    return {"pk": w.quartier.pk}


def _axe(w):
    return {"pk": w.quartier.pk, "axe_pk": w.axe.pk}


def _action(w):
    return {"pk": w.quartier.pk, "action_pk": w.action.pk}


PAGES = [
    Page("partenaire", "quartiers:list"),
    Page("facilitateur", "quartiers:modifier", kwargs=_q),
    Page("facilitateur", "quartiers:etapes", kwargs=_q),
    Page("administrateur", "quartiers:equipe", kwargs=_q),
    Page("facilitateur", "quartiers:axe_ajouter", kwargs=_q),
    Page("facilitateur", "quartiers:action_modifier", kwargs=_action),
    Page("administrateur", "quartiers:import"),
    Page("facilitateur", "quartiers:axe_modifier", kwargs=_axe),
    Page("facilitateur", "quartiers:axe_supprimer", kwargs=_axe),
    Page("facilitateur", "quartiers:action_ajouter", kwargs=_axe),
    Page("facilitateur", "quartiers:action_supprimer", kwargs=_action),
]
