import pytest

from indicateurs import sources


@pytest.fixture
def registered_source():
    """Register a computed source for one test: the number of îlots named in ``params``'s
    prefix, with a detail link; removed afterwards so the registry stays as the apps made it."""
    from quartiers.models import Ilot

    def compute(quartier, debut, fin, prefixe="", **params):
        return Ilot.objects.filter(quartier=quartier, nom__startswith=prefixe).count()

    def detail(quartier, debut, fin, **params):
        return f"/quartiers/{quartier.pk}/#ilots"

    sources.source("test.ilots", "Îlots", unit="îlots", detail_url=detail)(compute)
    yield sources.REGISTRY["test.ilots"]
    sources.REGISTRY.pop("test.ilots", None)


# The shared browser fixtures (one Chromium per run, console errors fail, no network, axe).
from tests.e2e.conftest import browser, open_page, page, page_errors, viewport, world  # noqa: E402, F401
