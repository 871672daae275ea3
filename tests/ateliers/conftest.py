import pytest

from tests.factories import PersonneFactory


@pytest.fixture
def personnes(organisation, quartier):
    people = [
        PersonneFactory(organisation=organisation, nom=nom, prenom=prenom)
        for prenom, nom in (("Inès", "Morel"), ("Paul", "Garnier"), ("Awa", "Diallo"))
    ]
    for person in people:
        person.quartiers.add(quartier)
    return people


# The shared browser fixtures (one Chromium per run, console errors fail, no network, axe).
from tests.e2e.conftest import browser, open_page, page, page_errors, viewport, world  # noqa: E402, F401
