"""The neighbourhood map and phone layout in Chromium (the shared e2e browser: tiles fail as
they would offline, console errors fail the test, axe runs on each page)."""

import pytest

from tests.e2e.conftest import authenticate, check_accessibility, screenshot
from tests.factories import QuartierFactory

from .factories import IlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_map_draws_perimeter_and_ilots_without_tiles(
    open_page, page_errors, facilitateur, quartier, settings
):
    settings.MAP_TILES_URL = "http://tiles.invalid/{z}/{x}/{y}.png"
    page_errors.allow("net::ERR_FAILED")  # the tiles: aborted below, as offline
    IlotFactory(
        quartier=quartier,
        nom="Îlot A",
        geometrie={
            "type": "Polygon",
            "coordinates": [
                [
                    [2.382, 48.871],
                    [2.384, 48.871],
                    [2.384, 48.872],
                    [2.382, 48.872],
                    [2.382, 48.871],
                ]
            ],
        },
    )
    for viewport in ("phone", "desktop"):
        page = open_page(viewport)
        page.route("http://tiles.invalid/**", lambda route: route.abort())
        authenticate(page, facilitateur)
        page.goto(quartier.get_absolute_url())
        page.wait_for_selector("#quartier-map path.leaflet-interactive")
        assert page.locator("#quartier-map path.leaflet-interactive").count() == 2
        page.wait_for_function(
            "document.getElementById('quartier-map').classList.contains('map--no-tiles')"
        )
        assert "Fond de carte indisponible" in page.inner_text("#quartier-map-status")
        map_box = page.locator("#quartier-map").bounding_box()
        heading = page.locator("#phases-titre").bounding_box()
        assert map_box["y"] + map_box["height"] < heading["y"]  # the map covers nothing
        width = page.viewport_size["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, "quartier-carte-sans-tuiles")
        check_accessibility(page)


def test_list_fits_a_phone_screen(open_page, facilitateur, organisation):
    for i in range(3):
        QuartierFactory(organisation=organisation, nom=f"Quartier au nom assez long n° {i}")
    page = open_page("phone")
    authenticate(page, facilitateur)
    page.goto("/quartiers/")
    assert page.locator(".quartier-card").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)


def test_list_key_figures_never_overflow(open_page, facilitateur, organisation):
    """Four fixed columns in a 15rem card let "10 000" run into "4 600" on desktop."""
    QuartierFactory(organisation=organisation, nom="Grand quartier", habitants=10_000,
                    logements=4_600, nombre_ilots=16)  # fmt: skip
    for viewport in ("desktop", "phone"):
        page = open_page(viewport)
        authenticate(page, facilitateur)
        page.goto("/quartiers/")
        overflowing = page.evaluate(
            """[...document.querySelectorAll('.mini-figures dt, .mini-figures dd')]
               .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent)"""
        )
        assert overflowing == [], viewport
        screenshot(page, f"quartiers-liste-chiffres-{viewport}")
