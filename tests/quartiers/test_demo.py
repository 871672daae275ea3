import json
from pathlib import Path

import pytest

from comptes import demo as comptes_demo
from ecogestion import geometry
from quartiers import demo
from quartiers.models import Action, AxeTravail, EtapePhase, Ilot, Quartier

pytestmark = pytest.mark.django_db

PARIS = Path(__file__).parent / "data" / "paris_quartiers_administratifs.geojson"


def _counts():
    return [m.objects.count() for m in (Quartier, Ilot, AxeTravail, Action, EtapePhase)] + [
        Quartier.membres.through.objects.count()
    ]


def _load():
    ctx: dict = {}
    comptes_demo.load(ctx)
    demo.load(ctx)
    return ctx


def test_demo_is_idempotent():
    _load()
    first = _counts()
    ctx = _load()
    assert _counts() == first
    assert set(ctx["quartiers"]) == {"Ilot 13", "Bas-Belleville", "Rosa Parks"}


def test_demo_neighbourhoods_have_the_experiments_figures_and_team():
    ctx = _load()
    users = ctx["users"]
    ilot13, belleville, rosa = (
        ctx["quartiers"][n] for n in ("Ilot 13", "Bas-Belleville", "Rosa Parks")
    )
    assert (ilot13.habitants, ilot13.logements, ilot13.nombre_ilots) == (1800, 850, 1)
    assert (belleville.habitants, belleville.logements, belleville.nombre_ilots) == (
        10000,
        4600,
        16,
    )
    assert belleville.qpv and belleville.qva and rosa.qva and not rosa.qpv
    assert set(belleville.membres.all()) == {users["facilitatrice"], users["partenaire"]}
    assert set(ilot13.membres.all()) == {users["facilitatrice"]}
    assert set(rosa.membres.all()) == {users["facilitateur"]}
    for quartier in (ilot13, belleville, rosa):
        assert quartier.axes.count() >= 3
        assert all(axe.actions.exists() for axe in quartier.axes.all())
        assert quartier.etapes.filter(phase=quartier.phase).exists()


@pytest.mark.parametrize(
    ("nom", "c_qu"), [("Ilot 13", 51), ("Bas-Belleville", 77), ("Rosa Parks", 74)]
)
def test_demo_perimeters_lie_in_their_quartier_administratif(nom, c_qu):
    ctx = _load()
    paris = json.loads(PARIS.read_text(encoding="utf-8"))
    admin = next(f for f in paris["features"] if f["properties"]["c_qu"] == c_qu)["geometry"]
    quartier = ctx["quartiers"][nom]
    assert geometry.validate_area(quartier.perimetre)
    assert geometry.is_within(quartier.perimetre, admin, tolerance_m=2)
    for ilot in quartier.ilots.all():
        assert geometry.is_within(ilot.geometrie, quartier.perimetre, tolerance_m=2)


def test_load_data_generates_neighbourhoods_once():
    from quartiers import load_data

    ctx = _load()
    load_data.generate(ctx, scale=1)
    first = _counts()
    load_data.generate(ctx, scale=1)
    assert _counts() == first
    assert Quartier.objects.filter(nom__startswith="Quartier de charge").count() == 20
    assert Action.objects.filter(axe__quartier__nom="Quartier de charge 0000").count() == 20
