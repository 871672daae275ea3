"""Operations pages of comptes: the RGPD register and the friendly error pages."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from comptes.rgpd import REGISTRE

pytestmark = pytest.mark.django_db


def test_rgpd_register_is_public_and_lists_every_processing(client):
    response = client.get(reverse("registre_rgpd"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "registre des traitements" in html
    for traitement in REGISTRE:
        assert str(traitement.nom) in html.replace("&#x27;", "'")
    for heading in ("Finalité", "Base légale", "Durée de conservation", "Qui peut les voir"):
        assert heading in html


def test_footer_links_to_the_rgpd_register(client):
    html = client.get(reverse("account_login")).content.decode()
    assert f'href="{reverse("registre_rgpd")}"' in html


def test_404_page_is_friendly_and_french(client, facilitateur):
    client.force_login(facilitateur)
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert 'lang="fr"' in html
    assert facilitateur.email in html or str(facilitateur) in html  # full layout, logged in


def test_500_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Une erreur est survenue" in html
    assert 'id="contenu"' in html  # the base layout, with its skip-link target
    assert "csrfmiddlewaretoken" not in html


def test_unhandled_error_answers_the_french_500_page(client, monkeypatch):
    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr("comptes.views.render", broken)
    client.raise_request_exception = False
    response = client.get(reverse("registre_rgpd"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_browsers_asking_for_favicon_ico_get_the_icon(client, facilitateur):
    """The admin and files have no <link rel="icon">: /favicon.ico must not be a 404."""
    client.force_login(facilitateur)
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
    assert 'rel="icon"' in client.get(reverse("home")).content.decode()
