from datetime import date
from decimal import Decimal

from django.test import Client

from acteurs.models import Contact
from ateliers import demo, load_data
from ateliers.models import Atelier, ChangementStatut, Proposition, Suivi
from comptes import demo as comptes_demo
from indicateurs.sources import get_source
from tests.factories import PersonneFactory, QuartierFactory

from .factories import AtelierFactory, PropositionFactory, type_activite


def test_indicator_sources_count_events_participants_hours_and_statuses(quartier):
    marche = type_activite("marche-exploratoire")
    AtelierFactory(quartier=quartier, date=date(2023, 1, 10), participants=12,
                   heures_preparation=Decimal("2"), heures_terrain=Decimal("1.5"))  # fmt: skip
    AtelierFactory(quartier=quartier, date=date(2023, 2, 10), participants=8,
                   type_activite=marche, heures_terrain=Decimal("2"))  # fmt: skip
    AtelierFactory(quartier=quartier, date=date(2024, 1, 1), participants=100)
    PropositionFactory(atelier=AtelierFactory(quartier=quartier, date=date(2022, 1, 1)),
                       statut="realisee")  # fmt: skip
    debut, fin = date(2023, 1, 1), date(2023, 12, 31)
    assert get_source("ateliers.evenements").value(quartier, debut, fin) == 2
    assert (
        get_source("ateliers.evenements_par_type").value(
            quartier, debut, fin, type_activite="marche-exploratoire"
        )
        == 1
    )
    assert get_source("ateliers.participants").value(quartier, debut, fin) == 20
    assert get_source("ateliers.heures_facilitateur").value(quartier, debut, fin) == Decimal("5.5")
    assert (
        get_source("ateliers.propositions_par_statut").value(
            quartier, None, None, statut="realisee"
        )
        == 1
    )
    url = get_source("ateliers.evenements_par_type").detail_url(
        quartier, debut, fin, type_activite="marche-exploratoire"
    )
    assert url == (
        f"/ateliers/quartier/{quartier.pk}/?debut=2023-01-01&fin=2023-12-31"
        f"&type_activite={marche.pk}"
    )


def test_load_data_bulk_creates_activities_over_the_bench_neighbourhoods(organisation):
    quartiers = [QuartierFactory(organisation=organisation) for _ in range(3)]
    created = load_data.generate({"quartiers_bench": quartiers}, scale=0.01)
    assert created == 500
    assert Atelier.objects.filter(quartier__in=quartiers).count() == 500
    assert Atelier.objects.filter(quartier=quartiers[2]).count() == 166


def test_demo_builds_a_realistic_log_and_is_idempotent(db):
    ctx: dict = {}
    comptes_demo.load(ctx)
    quartiers = demo.quartiers_minimaux(ctx)
    for nom in quartiers:
        for i in range(4):
            PersonneFactory(organisation=ctx["organisation"], nom=f"{nom}-{i}").quartiers.add(
                quartiers[nom]
            )
    demo.load(ctx)
    counts = (
        Atelier.objects.count(),
        Proposition.objects.count(),
        Suivi.objects.count(),
        ChangementStatut.objects.count(),
        Contact.objects.count(),
    )
    demo.load(ctx)
    assert counts == (
        Atelier.objects.count(),
        Proposition.objects.count(),
        Suivi.objects.count(),
        ChangementStatut.objects.count(),
        Contact.objects.count(),
    )
    launch = Atelier.objects.get(date=date(2022, 10, 18))
    assert launch.lieu == "École maternelle publique Glacière"
    assert launch.quartier.nom == "Ilot 13"
    assert Atelier.objects.filter(
        date=date(2021, 11, 16), type_activite__code="marche-exploratoire"
    ).exists()
    assert Atelier.objects.filter(quartier__nom="Bas-Belleville", date__year=2023).count() >= 6
    assert set(Proposition.objects.values_list("statut", flat=True)) == {
        "nouvelle", "retenue", "en_cours", "realisee", "abandonnee",
    }  # fmt: skip
    assert Contact.objects.filter(canal="atelier").exists()
    overdue = [s for s in Suivi.objects.all() if s.en_retard]
    assert overdue
    # The facilitator sees them on the home page.
    client = Client()
    client.force_login(ctx["users"]["facilitatrice"])
    assert "Mes tâches de suivi en retard" in client.get("/").content.decode()
