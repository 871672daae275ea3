from acteurs import demo as acteurs_demo
from acteurs import load_data
from acteurs.models import Acteur, Contact, Relation
from comptes import demo as comptes_demo


def _counts():
    return (Acteur.objects.count(), Relation.objects.count(), Contact.objects.count())


def test_demo_is_idempotent_and_realistic(db):
    ctx: dict = {}
    comptes_demo.load(ctx)
    acteurs_demo.load(ctx)
    first = _counts()
    ctx = {}
    comptes_demo.load(ctx)
    acteurs_demo.load(ctx)
    assert _counts() == first
    assert 38 <= first[0] <= 50 and first[1] >= 30
    assert set(ctx["quartiers"]) == {"Ilot 13", "Bas-Belleville", "Rosa Parks"}
    assert ctx["acteurs"]["Martine Roussel"].est_relais
    acteurs = Acteur.objects.all()
    assert all(a.email.endswith("example.org") for a in acteurs)
    assert {a.stade_diffusion for a in acteurs if a.est_relais} >= {
        "pionnier", "premier_adoptant", "majorite_precoce", "majorite_tardive", "retardataire"
    }  # fmt: skip
    assert Acteur.objects.sans_consentement().count() >= 3
    for quartier in ctx["quartiers"].values():
        assert quartier.acteurs.count() >= 10


def test_demo_contacts_are_not_old_enough_for_the_retention_job(db):
    from acteurs.selectors import personnes_a_anonymiser

    ctx: dict = {}
    comptes_demo.load(ctx)
    acteurs_demo.load(ctx)
    assert not personnes_a_anonymiser().exists()


def test_load_data_generates_in_bulk_and_tops_up(db, django_assert_max_num_queries):
    ctx: dict = {}
    comptes_demo.load(ctx)
    acteurs_demo.load(ctx)
    before = Acteur.objects.count()
    with django_assert_max_num_queries(20):
        created = load_data.generate(ctx, scale=0.01)
    assert created == 200 and Acteur.objects.count() == before + 200
    assert Contact.objects.filter(source_key__startswith="charge:").exists()
    assert load_data.generate(ctx, scale=0.01) == 0
