"""Neighbourhood pages visited by the browser sweep (tests/e2e/test_pages.py)."""

from tests.e2e.pages import Page


def _q(w):
    return {"pk": w.quartier.pk}


PAGES = [
    Page("partenaire", "quartiers:list"),
    Page("facilitateur", "quartiers:modifier", kwargs=_q),
    Page("facilitateur", "quartiers:etapes", kwargs=_q),
    Page("administrateur", "quartiers:equipe", kwargs=_q),
    Page("facilitateur", "quartiers:axe_ajouter", kwargs=_q),
    Page(
        "facilitateur",
        "quartiers:action_modifier",
        kwargs=lambda w: {"pk": w.quartier.pk, "action_pk": w.action.pk},
    ),
    Page("administrateur", "quartiers:import"),
]
