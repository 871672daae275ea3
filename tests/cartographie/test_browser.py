"""End to end in Chromium (the shared e2e browser: console errors fail, no network, axe on the
pages): a resident on a phone adds three notes through the public link, one of them with the
keyboard only; the facilitator sees them on the neighbourhood map. Tiles fail as offline: the
perimeter and notes must still show."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cartographie.models import Annotation
from tests.e2e.conftest import authenticate, check_accessibility, login, screenshot

from .factories import CarteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_adds_three_notes_on_a_phone_and_they_show_on_the_map(
    open_page, page_errors, settings, quartier, facilitateur
):
    settings.MAP_TILES_URL = "https://tiles.invalid/{z}/{x}/{y}.png"
    page_errors.allow("net::ERR_FAILED")  # the tiles, aborted below
    carte = CarteFactory(quartier=quartier, titre="Atelier du samedi")
    phone = open_page("phone")
    phone.route("https://tiles.invalid/**", lambda route: route.abort())
    public_url = reverse("cartographie:public_carte", args=[carte.jeton])
    for i in range(2):
        phone.goto(public_url)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
        if i == 0:
            # Blocked tiles: said once, shapes on a plain background.
            expect(phone.locator("#carto-tiles-status")).to_contain_text(
                "Fond de carte indisponible"
            )
            # The map's buttons sit under it: on a phone they covered the zoom control.
            map_box = phone.locator("#carto-map").bounding_box()
            centre_box = phone.locator("#carto-placer-centre").bounding_box()
            assert centre_box["y"] >= map_box["y"] + map_box["height"]
            assert phone.get_attribute(".leaflet-control-zoom-in", "title") == "Zoom avant"
        box = phone.locator("#carto-map").bounding_box()
        # The second resident taps the very spot of the first note (its dot is on the map):
        # that places theirs there too.
        expect(phone.locator("#carto-status")).to_contain_text(f"{i} note(s) affichée(s)")
        phone.mouse.click(box["x"] + box["width"] / 2 - 20, box["y"] + box["height"] / 2)
        assert "Point" in phone.input_value("#id_geometrie")
        phone.locator(".carto-tile").nth(i).click()
        phone.fill("#id_commentaire", f"Note {i} <b>du téléphone</b>")
        phone.click(".carto-submit")
        phone.wait_for_selector("#merci")
    check_accessibility(phone)

    # Keyboard only: focus the map, move it with the arrows, Enter places the note at its centre.
    phone.goto(public_url)
    check_accessibility(phone)
    phone.locator("#carto-map").focus()
    phone.keyboard.press("ArrowUp")
    phone.keyboard.press("Enter")
    assert "Point" in phone.input_value("#id_geometrie")
    assert "Emplacement choisi" in phone.inner_text("#id_geometrie_status")
    phone.locator(".carto-tile input").nth(2).focus()
    phone.keyboard.press("Space")
    phone.locator("#id_commentaire").focus()
    phone.keyboard.type("Note au clavier")
    phone.locator(".carto-submit").focus()
    phone.keyboard.press("Enter")
    phone.wait_for_selector("#merci")
    expect(phone.locator("#merci")).to_be_focused()  # announced to screen readers
    screenshot(phone, "carte-publique-merci")
    assert Annotation.objects.filter(carte=carte).count() == 3

    desk = open_page("desktop")
    desk.route("https://tiles.invalid/**", lambda route: route.abort())
    login(desk, facilitateur)
    desk.goto(reverse("cartographie:quartier_carte", args=[quartier.pk]))
    # expect() polls without eval (the page's CSP forbids it, as wait_for_function needs).
    expect(desk.locator("#carto-status")).to_contain_text("3 note")
    assert desk.locator(".leaflet-overlay-pane canvas, .leaflet-overlay-pane svg").count() >= 1
    first = Annotation.objects.filter(carte=carte).order_by("pk").first().categorie.slug
    count = Annotation.objects.filter(carte=carte, categorie__slug=first).count()
    assert f"({count})" in desk.locator(f'[data-count-for="{first}"]').text_content()
    desk.uncheck(f'input[name="categorie"][value="{first}"]')
    assert f"{3 - count} note(s) affichée(s) sur 3" in desk.locator("#carto-status").text_content()
    # The legend still says how many notes the unticked category holds.
    assert f"({count})" in desk.locator(f'[data-count-for="{first}"]').text_content()
    # The accessible alternative to the map is one link away.
    desk.get_by_role("link", name="Voir les notes en tableau (accessible)").click()
    desk.wait_for_load_state()
    assert desk.locator("td", has_text="Note au clavier").count() == 1
    check_accessibility(desk)


def test_facilitator_draws_a_polygon_clockwise_and_it_is_stored_counterclockwise(
    open_page, quartier, facilitateur
):
    """Leaflet.draw (django-leaflet's static files) on the session page; RFC 7946 winding."""
    from shapely.geometry import LinearRing

    carte = CarteFactory(quartier=quartier, titre="Marche exploratoire")
    page = open_page("desktop")
    authenticate(page, facilitateur)
    page.goto(reverse("cartographie:carte_detail", args=[carte.pk]))
    assert page.get_attribute(".leaflet-draw-draw-polygon", "title") == "Dessiner un polygone"
    page.locator("#carto-map").scroll_into_view_if_needed()
    page.click(".leaflet-draw-draw-polygon")
    box = page.locator("#carto-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # Clockwise on screen: top-left, top-right, bottom-right, bottom-left, back to the start.
    for dx, dy in [(-40, -30), (40, -30), (40, 30), (-40, 30), (-40, -30)]:
        page.mouse.click(cx + dx, cy + dy, delay=50)
        page.wait_for_timeout(350)  # not a double click (Leaflet.draw would finish the shape)
    expect(page.locator("#id_geometrie_status")).to_contain_text("Tracé prêt")
    page.select_option("#id_categorie", label="✿ À végétaliser")
    page.fill("#id_commentaire", "Cour à désimperméabiliser")
    page.get_by_role("button", name="Ajouter la note").click()
    page.wait_for_load_state()
    note = Annotation.objects.get(carte=carte)
    assert note.geometrie["type"] == "Polygon" and note.commentaire == "Cour à désimperméabiliser"
    assert LinearRing(note.geometrie["coordinates"][0]).is_ccw
    check_accessibility(page)
