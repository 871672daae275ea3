"""Contact-base pages visited by the browser sweep (tests/e2e/test_pages.py)."""

from tests.e2e.pages import Page


def _acteur(w):
    return {"pk": w.acteur.pk}


PAGES = [
    Page("direction", "acteurs:list", query="q=asso&sans_consentement=on"),
    Page("facilitateur", "acteurs:detail", kwargs=lambda w: {"pk": w.habitante.pk}),
    Page("facilitateur", "acteurs:create"),
    Page("facilitateur", "acteurs:update", kwargs=_acteur),
    Page("facilitateur", "acteurs:import"),
    Page("facilitateur", "acteurs:carte", kwargs=lambda w: {"quartier_pk": w.quartier.pk}),
    Page("facilitateur", "acteurs:contact_add", kwargs=_acteur),
    Page("facilitateur", "acteurs:contact_delete", kwargs=lambda w: {"pk": w.contact.pk}),
    Page("direction", "acteurs:rgpd", kwargs=lambda w: {"pk": w.habitante.pk}),
    Page("facilitateur", "acteurs:anonymise", kwargs=lambda w: {"pk": w.habitante.pk}),
    Page("facilitateur", "acteurs:relation_add", kwargs=_acteur),
    Page("facilitateur", "acteurs:relation_delete", kwargs=lambda w: {"pk": w.relation.pk}),
]
