import pytest

from comptes.models import Role
from tests.factories import AxeTravailFactory, UserFactory

from .factories import ActionFactory


@pytest.fixture
def administrateur(organisation):
    return UserFactory(organisation=organisation, role=Role.ADMINISTRATEUR)


@pytest.fixture
def partenaire(organisation, quartier):
    user = UserFactory(organisation=organisation, role=Role.PARTENAIRE)
    quartier.membres.add(user)
    return user


@pytest.fixture
def axe(quartier):
    return AxeTravailFactory(quartier=quartier, titre="Lutte contre les îlots de chaleur")


@pytest.fixture
def action(axe):
    return ActionFactory(axe=axe, titre="Atelier confort climatique")


# The shared browser fixtures (one Chromium per run, console errors fail, no network, axe).
from tests.e2e.conftest import browser, open_page, page, page_errors, viewport, world  # noqa: E402, F401
