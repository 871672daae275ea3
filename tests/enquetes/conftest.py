import pytest

from comptes.models import Role
from tests.factories import UserFactory

from .factories import STANDARD, make_enquete


@pytest.fixture
def enquete(organisation, quartier):
    return make_enquete(organisation, quartiers=[quartier], questions=STANDARD)


@pytest.fixture
def administrateur(organisation):
    return UserFactory(organisation=organisation, role=Role.ADMINISTRATEUR)


@pytest.fixture
def partenaire(organisation, quartier):
    user = UserFactory(organisation=organisation, role=Role.PARTENAIRE)
    quartier.membres.add(user)
    return user


@pytest.fixture
def small_threshold(settings):
    settings.SMALL_GROUP_THRESHOLD = 1
    return 1


# The shared browser fixtures (one Chromium per run, console errors fail, no network, axe).
from tests.e2e.conftest import browser, open_page, page, page_errors, viewport, world  # noqa: E402, F401
