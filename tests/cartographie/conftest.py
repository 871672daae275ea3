import pytest

from .factories import CarteFactory

# Inside tests.factories.SQUARE (2.38–2.39, 48.87–48.875).
INSIDE = {"type": "Point", "coordinates": [2.385, 48.872]}
# A small square inside it, drawn clockwise (RFC 7946 wants exterior rings counterclockwise).
CLOCKWISE_RING = [
    [2.381, 48.871],
    [2.381, 48.872],
    [2.383, 48.872],
    [2.383, 48.871],
    [2.381, 48.871],
]


@pytest.fixture
def carte(quartier):
    return CarteFactory(quartier=quartier, titre="Atelier chaleur")


# The shared browser fixtures (one Chromium per run, console errors fail, no network, axe).
from tests.e2e.conftest import browser, open_page, page, page_errors, viewport, world  # noqa: E402, F401
