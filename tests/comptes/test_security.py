import re

import pytest
from django.http import HttpResponse
from django.template import engines
from django.urls import Resolver404, resolve, reverse

from ecogestion.security import ContentSecurityPolicyMiddleware, build_policy, tile_source

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_page_has_a_strict_content_security_policy(client):
    response = client.get(reverse("account_login"))
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert any(source.startswith("'nonce-") for source in policy["script-src"])
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_nonce_changes_with_every_request_and_reaches_templates(client):
    first = client.get(reverse("account_login"))
    second = client.get(reverse("account_login"))
    nonce_of = lambda r: re.search(r"'nonce-([^']+)'", r["Content-Security-Policy"]).group(1)  # noqa: E731
    assert nonce_of(first) != nonce_of(second)
    assert len(nonce_of(first)) >= 22
    assert first.wsgi_request.csp_nonce == nonce_of(first)
    assert first.context["csp_nonce"] == nonce_of(first)


def test_leaflet_inline_script_gets_the_request_nonce(rf):
    """django-leaflet's map tag renders ``nonce="None"`` unless given the request's nonce,
    which the ``csp_nonce`` context variable carries."""
    template = engines["django"].from_string(
        '{% load leaflet_tags %}{% leaflet_js %}{% leaflet_map "carte" csp_nonce=csp_nonce %}'
    )
    response = ContentSecurityPolicyMiddleware(
        lambda request: HttpResponse(template.render({}, request))
    )(rf.get("/"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    assert f'nonce="{nonce}"' in html
    assert 'nonce="None"' not in html
    # Every executable script is a file of ours or carries the nonce; JSON data is inert.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag or f'nonce="{nonce}"' in tag


def test_tile_host_from_settings_is_allowed_for_images(client, settings):
    settings.MAP_TILES_URL = "https://{s}.tuiles.example.org/{z}/{x}/{y}.png"
    policy = _directives(client.get(reverse("account_login"))["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", "data:", "https://*.tuiles.example.org"]


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("/tuiles/{z}/{x}/{y}.png", ""),
    ],
)
def test_tile_source(url, source):
    assert tile_source(url) == source


def test_report_only_mode(client, settings):
    settings.CSP_REPORT_ONLY = True
    response = client.get(reverse("account_login"))
    assert "Content-Security-Policy" not in response
    assert "'nonce-" in response["Content-Security-Policy-Report-Only"]


def test_build_policy_has_no_inline_scripts():
    assert "unsafe-inline" not in build_policy("n")


def test_frame_denial_referrer_and_nosniff_headers(client):
    response = client.get(reverse("account_login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_production_sends_hsts_and_secure_cookies(client, settings, facilitateur):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get(reverse("account_login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.cookies["csrftoken"]["secure"]
    response = client.post(
        reverse("account_login"),
        {"login": facilitateur.email, "password": "motdepasse-test"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


def test_production_settings_turn_https_protections_on(monkeypatch):
    """The settings module itself, evaluated with the production environment."""
    import importlib

    import ecogestion.settings as module

    monkeypatch.setenv("PRODUCTION", "1")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "ecogestion.example.org")
    try:
        prod = importlib.reload(module)
        assert prod.SECURE_HSTS_SECONDS >= 31536000
        assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE
        assert prod.SECURE_SSL_REDIRECT
        assert prod.X_FRAME_OPTIONS == "DENY"
        assert prod.DEBUG is False
    finally:
        monkeypatch.undo()
        importlib.reload(module)


def test_media_is_not_served_when_debug_is_off(client, settings, tmp_path):
    (settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "secret.txt").write_text("privé")
    with pytest.raises(Resolver404):
        resolve("/media/secret.txt")
    assert client.get("/media/secret.txt").status_code == 404
