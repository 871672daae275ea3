"""The residents' public link: phone first, no account, one session per link."""

import json
import re

import pytest
from django.urls import reverse

from cartographie.models import Annotation, Categorie, Statut

from .factories import CarteFactory

pytestmark = pytest.mark.django_db


def _form_fields(html: str) -> dict:
    """The names of the form's fields as rendered (so template and form cannot drift apart)."""
    return dict.fromkeys(re.findall(r'name="([a-z_]+)"', html), "")


def _post_note(client, session, *, lon, lat, slug, comment, meta=None, **extra):
    """Post a note as a resident; ``meta`` is the request's environment (addresses, headers)."""
    meta = meta or {}
    url = reverse("cartographie:public_carte", args=[session.jeton])
    if session.ouverte:
        fields = _form_fields(client.get(url, **meta).content.decode())
        expected = {"geometrie", "categorie", "ressenti", "commentaire", "auteur", "site_web"}
        assert expected <= set(fields)
    data = {
        "geometrie": json.dumps({"type": "Point", "coordinates": [lon, lat]}),
        "categorie": Categorie.objects.get(slug=slug).pk,
        "ressenti": "negatif",
        "commentaire": comment,
        "auteur": "",
        "site_web": "",
        **extra,
    }
    return client.post(url, data, **meta)


def test_resident_adds_three_notes_and_facilitator_sees_them_on_the_map(
    client, carte, facilitateur
):
    for lon, slug, comment in [
        (2.382, "ilot-de-chaleur", "Cour brûlante"),
        (2.385, "lieu-frais", "Sous les arbres"),
        (2.388, "a-vegetaliser", "Mur à végétaliser"),
    ]:
        response = _post_note(client, carte, lon=lon, lat=48.872, slug=slug, comment=comment)
        assert response.status_code == 302
        assert "merci=1" in response["Location"]
    assert client.get(response["Location"]).status_code == 200

    client.force_login(facilitateur)
    page = client.get(reverse("cartographie:quartier_carte", args=[carte.quartier.pk]))
    html = page.content.decode()
    assert "Îlot de chaleur" in html and 'name="ressenti"' in html and 'name="carte"' in html
    data = client.get(reverse("cartographie:quartier_notes", args=[carte.quartier.pk])).json()
    comments = sorted(f["properties"]["commentaire"] for f in data["features"])
    assert comments == ["Cour brûlante", "Mur à végétaliser", "Sous les arbres"]


def test_public_page_fits_a_phone_and_loads_no_cdn(client, carte):
    html = client.get(reverse("cartographie:public_carte", args=[carte.jeton])).content.decode()
    assert 'name="viewport"' in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    assert "leaflet/leaflet" in html and "js/cartographie-map.js" in html
    assert "onclick" not in html


def test_closed_session_refuses_notes(client, quartier):
    carte = CarteFactory(quartier=quartier, ouverte=False)
    response = _post_note(client, carte, lon=2.385, lat=48.872, slug="autre", comment="Trop tard")
    assert response.status_code == 403
    assert "fermée" in response.content.decode()
    assert not Annotation.objects.exists()


def test_a_link_only_reaches_its_own_session(client, carte, quartier):
    other = CarteFactory(quartier=quartier, ouverte=True)
    response = _post_note(
        client, carte, lon=2.385, lat=48.872, slug="autre", comment="Ici", carte=other.pk
    )
    assert response.status_code == 302
    assert list(Annotation.objects.values_list("carte_id", flat=True)) == [carte.pk]


def test_unknown_token_is_404(client):
    assert client.get(reverse("cartographie:public_carte", args=["inconnu"])).status_code == 404


def test_moderated_session_keeps_notes_waiting(client, quartier):
    carte = CarteFactory(quartier=quartier, moderation=True)
    response = _post_note(client, carte, lon=2.385, lat=48.872, slug="autre", comment="À relire")
    assert "attente=1" in response["Location"]
    assert Annotation.objects.get().statut == Statut.EN_ATTENTE
    notes = client.get(reverse("cartographie:public_notes", args=[carte.jeton])).json()
    assert notes["features"] == []


def test_honeypot_stores_nothing(client, carte):
    response = _post_note(
        client, carte, lon=2.385, lat=48.872, slug="autre", comment="spam", site_web="http://x"
    )
    assert response.status_code == 302
    assert not Annotation.objects.exists()


def test_rate_limit_per_visitor_without_storing_the_ip(client, carte, settings):
    from django.core.cache import cache

    settings.CARTOGRAPHIE_NOTES_PAR_IP = 2
    for _ in range(2):
        assert (
            _post_note(client, carte, lon=2.385, lat=48.872, slug="autre", comment="x").status_code
            == 302
        )
    response = _post_note(client, carte, lon=2.385, lat=48.872, slug="autre", comment="x")
    assert response.status_code == 429
    assert "Trop de notes" in response.content.decode()
    assert Annotation.objects.count() == 2
    keys = cache.keys("ratelimit:cartographie:*") if hasattr(cache, "keys") else []
    assert all("127.0.0.1" not in key for key in keys)


def test_rate_limit_behind_a_proxy_counts_each_resident(client, carte, settings):
    """Behind the reverse proxy REMOTE_ADDR is the proxy's: CLIENT_IP_HEADER tells residents
    apart (its last value, the one the proxy wrote)."""
    settings.CARTOGRAPHIE_NOTES_PAR_IP = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = {"HTTP_X_REAL_IP": "198.51.100.7", **proxy}
    second = {"HTTP_X_REAL_IP": "198.51.100.8", **proxy}
    note = {"lon": 2.385, "lat": 48.872, "slug": "autre", "comment": "x"}
    assert _post_note(client, carte, **note, meta=first).status_code == 302
    assert _post_note(client, carte, **note, meta=first).status_code == 429
    # A forged first value does not escape the counter.
    forged = {"HTTP_X_REAL_IP": "203.0.113.99, 198.51.100.7", **proxy}
    assert _post_note(client, carte, **note, meta=forged).status_code == 429
    assert _post_note(client, carte, **note, meta=second).status_code == 302
    assert Annotation.objects.count() == 2


def test_text_limits_and_missing_fields_give_french_messages(client, carte):
    url = reverse("cartographie:public_carte", args=[carte.jeton])
    response = client.post(url, {"commentaire": "x" * 501, "ressenti": "neutre"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Touchez la carte pour placer votre note." in html
    assert "Choisissez une catégorie." in html
    assert "500 caractères" in html
    assert "x" * 501 in html  # what was typed is kept


def test_note_far_outside_is_refused_at_the_field(client, carte):
    response = _post_note(client, carte, lon=2.30, lat=48.84, slug="autre", comment="Loin")
    assert response.status_code == 400
    assert "Hors du quartier" in response.content.decode()
    assert not Annotation.objects.exists()


def test_resident_text_is_escaped_everywhere(client, carte, facilitateur):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    _post_note(client, carte, lon=2.385, lat=48.872, slug="autre", comment=attack, auteur=attack)
    client.force_login(facilitateur)
    for name, args in [
        ("cartographie:quartier_tableau", [carte.quartier.pk]),
        ("cartographie:moderation", [carte.pk]),
        ("cartographie:carte_imprimer", [carte.pk]),
    ]:
        html = client.get(reverse(name, args=args), {"statut": "publiee"}).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    svg = client.get(reverse("cartographie:carte_svg", args=[carte.pk])).content.decode()
    assert "<script" not in svg


def test_a_link_shows_and_takes_notes_of_its_own_open_session_only(client, carte, quartier):
    from .factories import AnnotationFactory

    closed = CarteFactory(quartier=quartier, ouverte=False)
    AnnotationFactory(carte=carte, commentaire="Ici")
    AnnotationFactory(carte=closed, commentaire="Ailleurs")
    mine = client.get(reverse("cartographie:public_notes", args=[carte.jeton])).json()
    assert [f["properties"]["commentaire"] for f in mine["features"]] == ["Ici"]
    # The closed session's own link still shows its notes but has no form and refuses posts.
    page = client.get(reverse("cartographie:public_carte", args=[closed.jeton])).content.decode()
    assert "Cette carte est fermée" in page and 'name="geometrie"' not in page
    assert "carto-placer-centre" not in page
    response = _post_note(client, closed, lon=2.385, lat=48.872, slug="autre", comment="Non")
    assert response.status_code == 403
    assert Annotation.objects.filter(carte=closed).count() == 1
