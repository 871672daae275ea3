"""Every page of ``pages.py``, at desktop and phone sizes: opens without console errors, is
screenshotted, has no serious or critical axe violation and no sideways scrolling."""

import pytest
from django.urls import reverse

from .conftest import VIEWPORTS, authenticate, visit
from .pages import ALL_PAGES, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("target", ALL_PAGES, ids=lambda p: p.id)
def test_page_is_accessible_at_desktop_and_phone_sizes(
    open_page, page_errors, world, settings, target: Page
):
    settings.ECOGESTION_DEMO = True  # the demo banner too must sit in a landmark
    url = reverse(target.url_name, kwargs=target.kwargs(world))
    if target.query:
        url = f"{url}?{target.query}"
    if target.status >= 400:
        page_errors.allow(f"status of {target.status}")
    for viewport in VIEWPORTS:
        page = open_page(viewport)
        if target.role != "anonyme":
            authenticate(page, world.users[target.role])
        visit(page, url, name=target.screenshot_name, status=target.status)
        assert page.evaluate(
            "[...document.querySelectorAll('.demo-banner')]"
            ".every(el => el.closest('header, nav, main, footer, [role=region]'))"
        ), "the demo banner is outside every landmark"
        # Nothing overflows sideways on a phone (wide tables scroll inside .table-wrap).
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{url} is {overflow}px wider than the {viewport} screen"
