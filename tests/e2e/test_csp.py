"""The Content-Security-Policy, seen by a real browser: Leaflet works under it, nonce-less inline
scripts do not run, tiles come from the configured host (stubbed here)."""

import pytest

from .conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def map_urls(settings):
    settings.ROOT_URLCONF = "tests.e2e.urls"
    settings.MAP_TILES_URL = "https://{s}.tuiles.example.org/{z}/{x}/{y}.png"


def test_leaflet_map_runs_under_the_csp_and_nonce_less_scripts_are_blocked(
    page, page_errors, map_urls
):
    # Chromium reports the blocked inline script as a console error: expected here, only here.
    page_errors.allow(r"^Executing inline script violates .* directive 'script-src 'self' 'nonce-")
    page.goto("/test-carte/")
    page.wait_for_selector("path.leaflet-interactive")  # the polygon was drawn
    assert page.evaluate("document.body.dataset.mapReady") == "oui"
    assert page.evaluate("document.body.dataset.sansNonce") is None
    blocked = [m for m in page_errors.messages if "Content Security Policy" in m]
    assert len(blocked) == 1, blocked  # only our nonce-less script, nothing of Leaflet's
    page.wait_for_selector("img.leaflet-tile-loaded")
    tiles = [url for url in page_errors.external_requests if "tuiles.example.org" in url]
    assert tiles, "tile requests go to the configured host (and are stubbed)"
    screenshot(page, "csp-carte")
    check_accessibility(page)
