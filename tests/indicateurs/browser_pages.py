"""Indicator, dashboard and report pages visited by the browser sweep (tests/e2e/test_pages.py)."""

from tests.e2e.pages import Page


def _q(w):
    return {"pk": w.quartier.pk}


PAGES = [
    Page("direction", "indicateurs:direction"),
    Page("direction", "indicateurs:direction", query="annee=2025&axe=energie"),
    Page("facilitateur", "indicateurs:definitions"),
    Page("facilitateur", "indicateurs:quartier", kwargs=_q),
    Page("facilitateur", "indicateurs:valeur_ajouter", kwargs=_q),
    Page("direction", "indicateurs:cibles", kwargs=_q),
    Page("facilitateur", "indicateurs:bilan", kwargs=_q),
    Page("direction", "indicateurs:objectif", kwargs=lambda w: {"pk": w.objectif.pk}),
    Page("direction", "indicateurs:rapports"),
    Page("facilitateur", "indicateurs:rapport", kwargs=lambda w: {"pk": w.fiche.pk}),
    Page("direction", "indicateurs:rapport", kwargs=lambda w: {"pk": w.bilan_programme.pk}),
    Page("direction", "indicateurs:planifications"),
]
