"""Activity, workshop and follow-up pages visited by the browser sweep (tests/e2e/test_pages.py)."""

from tests.e2e.pages import Page


def _q(w):
    return {"pk": w.quartier.pk}


def _atelier(w):
    return {"pk": w.atelier.pk}


PAGES = [
    Page("facilitateur", "ateliers:mien"),
    Page("facilitateur", "ateliers:saisie"),
    Page("direction", "ateliers:calendrier"),
    Page("facilitateur", "ateliers:abonnements"),
    Page("direction", "ateliers:journal_quartier", kwargs=_q),
    Page("partenaire", "ateliers:groupes_quartier", kwargs=_q),
    Page("facilitateur", "ateliers:propositions", kwargs=_q),
    Page(
        "partenaire",
        "ateliers:propositions_statut",
        kwargs=lambda w: {"pk": w.quartier.pk, "statut": "nouvelle"},
    ),
    Page("direction", "ateliers:restitution", kwargs=_q),
    Page("facilitateur", "ateliers:detail", kwargs=_atelier),
    Page("facilitateur", "ateliers:modifier", kwargs=_atelier),
    Page("facilitateur", "ateliers:proposition_creer", kwargs=_atelier),
    Page("facilitateur", "ateliers:groupe_creer"),
    Page("partenaire", "ateliers:groupe_detail", kwargs=lambda w: {"pk": w.groupe.pk}),
    Page("facilitateur", "ateliers:proposition_detail", kwargs=lambda w: {"pk": w.proposition.pk}),
    Page(
        "facilitateur", "ateliers:proposition_modifier", kwargs=lambda w: {"pk": w.proposition.pk}
    ),
    Page("facilitateur", "ateliers:groupe_modifier", kwargs=lambda w: {"pk": w.groupe.pk}),
]
