import datetime

import pytest

from cartographie import demo, load_data
from cartographie.models import Annotation, Carte, Statut
from comptes import demo as comptes_demo
from indicateurs.sources import get_source

from .factories import AnnotationFactory

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_puts_notes_inside_with_some_waiting():
    ctx: dict = {}
    comptes_demo.load(ctx)
    demo.load(ctx)
    counts = (Carte.objects.count(), Annotation.objects.count())
    demo.load(ctx)
    assert (Carte.objects.count(), Annotation.objects.count()) == counts
    assert set(Carte.objects.values_list("echelle", flat=True)) == {"logement", "ilot", "quartier"}
    assert Annotation.objects.filter(statut=Statut.EN_ATTENTE).exists()
    assert set(ctx["quartiers"]) == {"Ilot 13", "Bas-Belleville", "Rosa Parks"}


def test_load_data_generates_bulk_notes(quartier):
    created = load_data.generate({"quartiers_bench": {"a": quartier}}, scale=0.01)
    assert created == 500 == Annotation.objects.count()


def test_indicator_source_counts_published_notes_with_detail_url(carte):
    AnnotationFactory(carte=carte, ressenti="negatif")
    AnnotationFactory(carte=carte, ressenti="positif")
    AnnotationFactory(carte=carte, statut=Statut.EN_ATTENTE)
    source = get_source("cartographie.notes")
    today = datetime.date.today()
    assert source.value(carte.quartier, None, None) == 2
    assert source.value(carte.quartier, today, today, ressenti="positif") == 1
    assert source.value(carte.quartier, today, today, categorie="lieu-frais") == 0
    url = source.detail_url(carte.quartier, None, None, ressenti="positif")
    assert url.endswith("?ressenti=positif") and "/tableau/" in url


def test_demo_links_a_session_to_its_workshop_and_a_note_to_a_proposal_once():
    from ateliers import demo as ateliers_demo
    from ateliers.models import Proposition
    from quartiers import demo as quartiers_demo

    ctx: dict = {}
    comptes_demo.load(ctx)
    quartiers_demo.load(ctx)
    ateliers_demo.load(ctx)
    demo.load(ctx)
    carte = Carte.objects.get(titre="Le quartier en canicule")
    assert carte.atelier.titre == "Atelier confort climatique place Alphonse Allais"
    proposition = Proposition.objects.get(note_carte__carte=carte)
    assert proposition.atelier == carte.atelier
    assert proposition.texte == proposition.note_carte.commentaire
    counts = (Proposition.objects.count(), Carte.objects.count())
    demo.load(ctx)
    ateliers_demo.load(ctx)
    assert (Proposition.objects.count(), Carte.objects.count()) == counts
