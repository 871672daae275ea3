"""Browser tests: Playwright (sync API) driving Debian's Chromium against ``live_server``.

- ``page``: a fresh tab (desktop 1280×800 and phone 375×667: every test using it runs at both
  sizes) with no network beyond the live server (other hosts are stubbed; tiles get a blank
  PNG), where any console error or uncaught page error fails the test.
- ``login(page, user)``: logs in through the real login form; ``authenticate(page, user)``
  gives the page a session directly (used by the page sweep, faster).
- ``check_accessibility(page)``: runs axe-core (WCAG 2.1 A/AA) and fails on any serious or
  critical violation.
- ``visit(page, url)``: opens a page, checks its status, screenshots it into
  ``test-artifacts/screenshots/`` and runs axe.

Pages are listed in ``tests/e2e/pages.py`` and ``tests/<app>/browser_pages.py``.
"""

import base64
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 667}}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
AXE_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# A 1×1 transparent PNG: what every map tile request gets.
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
PASSWORD = "motdepasse-test"  # tests/factories.py UserFactory


_SHARED: dict = {}


def _launch_browser(config):
    """Start Playwright and Chromium once per test session (closed when the session ends).

    Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls from a
    thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set from the
    first browser test on; browser tests are ordered after all the others (see
    ``pytest_collection_modifyitems``), so the other tests keep the guard.
    """
    if "browser" in _SHARED:
        return _SHARED["browser"]
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium; see .ci/run)")
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make vendor`")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    _SHARED["browser"] = browser

    def stop():
        browser.close()
        playwright.stop()
        _SHARED.clear()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous

    config.add_cleanup(stop)
    return browser


@pytest.fixture(scope="session")
def browser(request):
    """One Chromium for the whole run, shared by tests/e2e and the apps' browser tests (their
    conftest imports these fixtures)."""
    return _launch_browser(request.config)


def pytest_collection_modifyitems(items):
    """Browser tests run last: once Playwright runs, this thread has an event loop."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


class PageErrors:
    """Console errors and uncaught exceptions seen by a page; the test fails if any remain.

    ``allow(pattern)`` accepts messages a test provokes on purpose (e.g. the browser logging
    the 404 status of a page that must answer 404)."""

    def __init__(self):
        self.messages: list[str] = []
        self.allowed: list[re.Pattern] = []
        self.external_requests: list[str] = []

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [m for m in self.messages if not any(p.search(m) for p in self.allowed)]


def _is_external(url: str) -> bool:
    return urlsplit(url).hostname not in LOCAL_HOSTS and not url.startswith(("data:", "blob:"))


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page_errors():
    return PageErrors()


def _new_page(browser, base_url: str, viewport: str, page_errors: PageErrors):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        locale="fr-FR",
        timezone_id="Europe/Paris",
        base_url=base_url,
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
    )
    context.set_default_timeout(5_000)

    def stub(route):
        page_errors.external_requests.append(route.request.url)
        url = route.request.url
        if route.request.resource_type == "image" or re.search(r"\.(png|jpe?g)(\?|$)", url):
            route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        else:
            route.fulfill(status=204, body="")

    context.route(_is_external, stub)
    page = context.new_page()
    page.viewport_name = viewport
    page.live_server_url = base_url
    page.on("console", lambda msg: msg.type == "error" and page_errors.messages.append(msg.text))
    page.on("pageerror", lambda exc: page_errors.messages.append(f"pageerror: {exc}"))
    return page


def _fail_on_errors(page_errors: PageErrors) -> None:
    unexpected = page_errors.unexpected()
    assert not unexpected, "Console or page errors:\n  " + "\n  ".join(unexpected)


@pytest.fixture
def page(browser, live_server, viewport, page_errors):
    """A tab at the ``viewport`` size (the test runs once per size)."""
    page = _new_page(browser, live_server.url, viewport, page_errors)
    yield page
    page.context.close()
    _fail_on_errors(page_errors)


@pytest.fixture
def open_page(browser, live_server, page_errors):
    """``open_page("phone")``: a new tab at that size, for tests that visit every size in one
    go (one database flush instead of one per size)."""
    pages = []

    def opener(viewport: str):
        pages.append(_new_page(browser, live_server.url, viewport, page_errors))
        return pages[-1]

    yield opener
    for page in pages:
        page.context.close()
    _fail_on_errors(page_errors)


def login(page, user, password: str = PASSWORD) -> None:
    """Log ``user`` in through the real login form; ends on the page after login."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def authenticate(page, user) -> None:
    """Give the page a logged-in session for ``user`` without the login form (faster; the form
    itself is covered by test_login.py)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": page.live_server_url}]
    )


def check_accessibility(page) -> None:
    """axe-core on the current page: fail on any serious or critical WCAG 2.1 A/AA violation.

    axe is loaded from our own static files as a <script src>, which the page's CSP allows
    ('self'), so the check runs under the real policy."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url="/static/vendor/axe.min.js")
    results = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']
        })""",
        AXE_TAGS,
    )
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"Accessibility violations on {page.url} ({page.viewport_name}):\n" + (
        format_violations(blocking)
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "page"
    path = SCREENSHOTS / f"{slug}--{page.viewport_name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def visit(page, url: str, *, name: str, status: int = 200, axe: bool = True):
    """Open ``url``, check the status, take the screenshot, run axe. Returns the response."""
    response = page.goto(url)
    assert response is not None
    assert response.status == status, f"{url}: got {response.status}, expected {status}"
    page.wait_for_load_state("load")
    screenshot(page, name)
    if axe:
        check_accessibility(page)
    return response


@pytest.fixture
def world(transactional_db):
    """The permission table's world (one user per role, two organisations) plus each app's
    ``build(world)``: the objects browser pages are visited with."""
    from tests.permission_table import World
    from tests.test_permission_table import MODULES

    world = World()
    for module in MODULES:
        build = getattr(module, "build", None)
        if build:
            build(world)
    return world
