"""``load_demo`` as a newcomer runs it: twice without failure or duplicates, and each demo
account then sees what its role allows."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from comptes.demo import DEMO_PASSWORD
from comptes.models import User
from quartiers.models import Quartier

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"comptes", "quartiers", "acteurs", "ateliers", "enquetes", "cartographie",
                "indicateurs"}  # fmt: skip


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
    }


def _load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_twice_fails_nowhere_and_duplicates_nothing():
    output = _load_demo()
    first = _counts()
    assert "partenaire@demo.ecogestion.fr" in output
    assert first["comptes.User"] == 5 and first["quartiers.Quartier"] == 3
    assert first["acteurs.Acteur"] >= 40
    # A team changed while trying the demo is restored by the next load.
    Quartier.objects.get(nom="Ilot 13").membres.add(
        User.objects.get(email="facilitateur@demo.ecogestion.fr")
    )
    _load_demo()
    second = _counts()
    assert {k: (first[k], v) for k, v in second.items() if first[k] != v} == {}
    assert [u.email for u in Quartier.objects.get(nom="Ilot 13").membres.all()] == [
        "facilitatrice@demo.ecogestion.fr"
    ]


def test_every_demo_contact_from_an_activity_links_to_it():
    """An actor's history links activity contacts to the activity: the demo has no orphan."""
    from acteurs.models import Canal, Contact

    _load_demo()
    from_activities = Contact.objects.filter(canal=Canal.ATELIER)
    assert from_activities.count() > 50
    assert not from_activities.filter(atelier__isnull=True).exists()


def test_each_demo_account_sees_what_its_role_allows(client):
    _load_demo()
    quartiers = {q.nom: q for q in Quartier.objects.all()}
    teams = {
        nom: sorted(u.email.split("@")[0] for u in q.membres.all()) for nom, q in quartiers.items()
    }
    # Each facilitator edits the neighbourhoods assigned to them, and only those.
    assert teams == {
        "Ilot 13": ["facilitatrice"],
        "Bas-Belleville": ["facilitatrice", "partenaire"],
        "Rosa Parks": ["facilitateur"],
    }
    rosa, ilot13 = quartiers["Rosa Parks"], quartiers["Ilot 13"]

    def login(name):
        client.logout()
        response = client.post(
            reverse("account_login"),
            {"login": f"{name}@demo.ecogestion.fr", "password": DEMO_PASSWORD},
        )
        assert response.status_code == 302, name
        assert User.objects.get(email=f"{name}@demo.ecogestion.fr").is_active

    def status(url):
        return client.get(url).status_code

    login("facilitateur")
    assert status(reverse("quartiers:modifier", args=[rosa.pk])) == 200
    assert status(reverse("quartiers:modifier", args=[ilot13.pk])) == 403
    assert status(reverse("quartiers:detail", args=[ilot13.pk])) == 200
    assert status(reverse("acteurs:list")) == 200
    assert status(reverse("audit_log")) == 403

    login("partenaire")
    listed = [q.nom for q in client.get(reverse("quartiers:list")).context["page"]]
    assert listed == ["Bas-Belleville"]
    assert status(reverse("quartiers:detail", args=[rosa.pk])) == 404
    assert status(reverse("acteurs:list")) == 403

    login("direction")
    assert status(reverse("audit_log")) == 200
    assert status(reverse("quartiers:modifier", args=[rosa.pk])) == 403
    assert status(reverse("acteurs:create")) == 403

    login("admin")
    assert status(reverse("quartiers:import")) == 200
    assert status(reverse("quartiers:equipe", args=[ilot13.pk])) == 200
    assert status(reverse("admin:index")) == 200
