import pytest

from acteurs.models import Nature, TypeActeur
from comptes.models import Role
from tests.factories import ActeurFactory, PersonneFactory, QuartierFactory, UserFactory


@pytest.fixture
def acteur(organisation, quartier):
    a = ActeurFactory(organisation=organisation, nom="Association des Tilleuls")
    a.quartiers.add(quartier)
    return a


@pytest.fixture
def personne(organisation, quartier):
    p = PersonneFactory(
        organisation=organisation, nom="Roussel", prenom="Martine", email="martine@example.org"
    )
    p.quartiers.add(quartier)
    return p


@pytest.fixture
def administrateur(organisation):
    return UserFactory(organisation=organisation, role=Role.ADMINISTRATEUR)


@pytest.fixture
def partenaire(organisation, quartier):
    user = UserFactory(organisation=organisation, role=Role.PARTENAIRE)
    quartier.membres.add(user)
    return user


@pytest.fixture
def autre_quartier(organisation):
    return QuartierFactory(organisation=organisation, nom="Rosa Parks")


@pytest.fixture
def fac_client(client, facilitateur):
    client.force_login(facilitateur)
    return client


def make_acteurs(organisation, quartier, n, **kwargs):
    acteurs = []
    for i in range(n):
        a = ActeurFactory(
            organisation=organisation,
            nom=f"Structure {i:03d}",
            nature=kwargs.get("nature", Nature.ORGANISATION),
            type_acteur=kwargs.get("type_acteur", TypeActeur.ASSOCIATION),
        )
        a.quartiers.add(quartier)
        acteurs.append(a)
    return acteurs


# The shared browser fixtures (one Chromium per run, console errors fail, no network, axe).
from tests.e2e.conftest import browser, open_page, page, page_errors, viewport, world  # noqa: E402, F401
