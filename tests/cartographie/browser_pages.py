"""Sensitive-map pages visited by the browser sweep (tests/e2e/test_pages.py), including the
public page residents mark from their phones."""

from tests.e2e.pages import Page


def _q(w):
    return {"pk": w.quartier.pk}


def _c(w):
    return {"pk": w.carte.pk}


PAGES = [
    Page("facilitateur", "cartographie:index"),
    Page("facilitateur", "cartographie:quartier_carte", kwargs=_q),
    Page("partenaire", "cartographie:quartier_tableau", kwargs=_q),
    Page("facilitateur", "cartographie:carte_creer", kwargs=_q),
    Page("facilitateur", "cartographie:carte_detail", kwargs=_c),
    Page("facilitateur", "cartographie:carte_modifier", kwargs=_c),
    Page("facilitateur", "cartographie:carte_imprimer", kwargs=_c),
    Page("facilitateur", "cartographie:moderation", kwargs=_c),
    Page("facilitateur", "cartographie:import_deposer", kwargs=_c),
    Page("facilitateur", "cartographie:import_apercu", kwargs=lambda w: {"pk": w.import_.pk}),
    Page("facilitateur", "cartographie:annotation_modifier", kwargs=lambda w: {"pk": w.note.pk}),
    Page("anonyme", "cartographie:public_carte", kwargs=lambda w: {"jeton": w.carte.jeton}),
    Page(
        "anonyme",
        "cartographie:public_carte",
        kwargs=lambda w: {"jeton": w.carte_fermee.jeton},
        query="fermee",
    ),
]
