"""The demo evaluation survey reproduces the report's published figures."""

import pytest

from comptes import demo as comptes_demo
from enquetes import demo, selectors
from enquetes.models import Enquete, Participation


@pytest.fixture
def ctx(db):
    ctx: dict = {}
    comptes_demo.load(ctx)
    demo.load(ctx)
    return ctx


def _pct(data, code, valeur):
    block = next(b for b in data["questions"] if b["question"].code == code)
    line = next(line for line in block["lignes"] if line["choix"].valeur == valeur)
    return block["repondants"], line["n"], line["pct_txt"]


def test_demo_matches_the_published_results(ctx):
    enquete = ctx["enquetes"]["evaluation"]
    assert enquete.est_fermee and enquete.questions.count() == 25
    data = selectors.resultats(enquete)
    assert data["total"] == 29
    assert _pct(data, "expliquer_role", "oui") == (29, 27, "93,1\u00a0%")
    assert _pct(data, "lien_transition", "oui") == (29, 27, "93,1\u00a0%")
    assert _pct(data, "contacts_directs", "plus_d_une_fois") == (28, 14, "50,0\u00a0%")
    assert _pct(data, "contacts_directs", "plus_de_10_fois") == (28, 8, "28,6\u00a0%")
    assert _pct(data, "satisfaction", "non")[:2] == (24, 4)
    assert _pct(data, "information", "oui") == (26, 19, "73,1\u00a0%")
    assert _pct(data, "mise_en_action", "oui") == (26, 12, "46,2\u00a0%")
    assert _pct(data, "mise_en_capacite", "oui") == (26, 11, "42,3\u00a0%")
    assert _pct(data, "contribution", "oui") == (28, 27, "96,4\u00a0%")
    assert _pct(data, "outils_communication", "oui") == (25, 21, "84,0\u00a0%")
    assert _pct(data, "bonne_echelle", "oui")[:2] == (29, 28)
    assert _pct(data, "payer", "oui") == (28, 10, "35,7\u00a0%")
    assert _pct(data, "competence_prioritaire", "entremise") == (25, 15, "60,0\u00a0%")
    assert [_pct(data, "objets_prioritaires", v)[1] for v in (
        "renovation", "vegetalisation", "espaces_echange", "locaux_velos", "dechets", "espaces_publics"
    )] == [22, 6, 21, 13, 16, 1]  # fmt: skip
    assert [_pct(data, "statut", v)[1] for v in (
        "superviseur", "charge", "beneficiaire_particulier", "beneficiaire_professionnel", "partenaire"
    )] == [4, 3, 12, 8, 3]  # fmt: skip
    assert _pct(data, "statut", "superviseur") == (28, 4, "14,3\u00a0%")
    assert [
        _pct(data, "territoire", v)[1] for v in ("ilot_13", "bas_belleville", "rosa_parks", "aucun")
    ] == [9, 15, 4, 3]


def test_demo_load_is_idempotent(ctx):
    counts = (Enquete.objects.count(), Participation.objects.count())
    demo.load(ctx)
    assert (Enquete.objects.count(), Participation.objects.count()) == counts


def test_demo_creates_the_survey_derived_satisfaction_indicator_on_the_dashboard(ctx, client):
    from decimal import Decimal

    from django.urls import reverse

    from comptes.models import User
    from indicateurs import demo as indicateurs_demo
    from indicateurs.models import Granularite, Indicateur

    indicateurs_demo.load(ctx)
    indicateurs_demo.load(ctx)  # idempotent
    indicateur = Indicateur.objects.get(code="satisfaction-parcours")
    question = ctx["enquetes"]["evaluation"].questions.get(code="satisfaction")
    assert indicateur.params == {"question_id": question.pk, "choix": "oui"}
    snapshot = indicateur.snapshots.filter(granularite=Granularite.ANNEE).order_by("-debut").first()
    assert snapshot.valeur == Decimal("83.30")  # 20 "oui" of 24 (report, question 13)
    direction = User.objects.get(email=ctx["users"]["direction"].email)
    client.force_login(direction)
    html = client.get(reverse("indicateurs:direction")).content.decode()
    assert "% satisfaits du parcours" in html and "83,3" in html
