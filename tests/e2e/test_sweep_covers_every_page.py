"""The browser sweep (``pages.py``) is how pages are tested: every HTML page of the project
that some role can open must be in it, or say here why not."""

import pytest
from django.urls import reverse

from tests.permission_table import World
from tests.test_permission_table import CASES, MODULES

from .pages import ALL_PAGES

pytestmark = pytest.mark.django_db

# HTML answered to a GET, but not a page of its own.
NOT_A_PAGE = {
    "indicateurs:rapport_etat": "the state of a report, polled into the reports list",
}


def _html_pages(client, world) -> set[str]:
    found = set()
    for case in CASES:
        if case.method != "get" or case.url_name in found:
            continue
        role = next((r for r, s in case.expected.items() if s == 200 and r != "anonyme"), None)
        anonymous = case.expected.get("anonyme") == 200
        if role is None and not anonymous:
            continue
        client.logout()
        if role and not anonymous:
            client.force_login(world.users[role])
        url = reverse(case.url_name, kwargs=case.kwargs(world))
        response = client.get(f"{url}?{case.query}" if case.query else url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            found.add(case.url_name)
    return found


def test_every_html_page_is_in_the_browser_sweep(client):
    world = World()
    for module in MODULES:
        if hasattr(module, "build"):
            module.build(world)
    swept = {page.url_name for page in ALL_PAGES}
    missing = _html_pages(client, world) - swept - set(NOT_A_PAGE)
    assert sorted(missing) == [], " ".join(sorted(missing))
