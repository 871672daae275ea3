"""The directory, actor page and actor map in Chromium, at phone and desktop widths (the shared
e2e browser: console errors fail the test, no network, axe runs on each page)."""

import re

import pytest
from django.urls import reverse

from acteurs.models import Relation
from tests.e2e.conftest import VIEWPORTS, authenticate, check_accessibility

from .conftest import make_acteurs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.fixture
def populated(organisation, quartier, personne, acteur):
    acteurs = make_acteurs(organisation, quartier, 6)
    for i, a in enumerate(acteurs):
        a.famille = ["expertise", "actions_terrain", "grand_public"][i % 3]
        a.save()
    for a, b in zip(acteurs, acteurs[1:], strict=False):
        Relation.objects.create(source=a, cible=b, type_relation="relais_infos")
    Relation.objects.create(source=personne, cible=acteur, type_relation="membre")
    personne.email = "une.adresse.vraiment.tres.longue.pour.un.telephone@example.org"
    personne.save()
    return acteurs


def test_directory_actor_page_and_actor_map_fit_the_screen(
    open_page, facilitateur, quartier, populated, personne
):
    for viewport in VIEWPORTS:
        page = open_page(viewport)
        authenticate(page, facilitateur)
        for url in (reverse("acteurs:list"), personne.get_absolute_url()):
            page.goto(url)
            _no_sideways_scroll(page)
            check_accessibility(page)

        page.goto(reverse("acteurs:carte", args=[quartier.pk]))
        _no_sideways_scroll(page)  # the map scrolls inside its own box
        boxes = page.locator(".carte-svg--ecran .carte-noeud")
        assert boxes.count() == 8
        xs = {round(boxes.nth(i).bounding_box()["x"]) for i in range(boxes.count())}
        assert len(xs) >= 2  # several families → several columns, not all piled at x = 0
        assert page.locator(".carte-svg--ecran .carte-relations path").count() == 6
        assert not page.locator(".carte-svg--impression").is_visible()
        check_accessibility(page)


def test_actor_map_prints_whole_on_the_first_a4_landscape_page(
    open_page, facilitateur, quartier, populated, tmp_path
):
    import shutil
    import subprocess

    page = open_page("desktop")
    authenticate(page, facilitateur)
    page.goto(reverse("acteurs:carte", args=[quartier.pk]))
    page.emulate_media(media="print")
    assert page.locator(".carte-svg--impression").is_visible()
    assert not page.locator(".carte-svg--ecran").is_visible()
    pdf = tmp_path / "carte.pdf"
    # No page size given: the stylesheet's @page (A4 landscape) decides.
    page.pdf(path=str(pdf), print_background=True, prefer_css_page_size=True)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils (pdftotext) is required"

    def text(*pages):
        return subprocess.run(  # noqa: S603 - a fixed binary on our own file
            [pdftotext, "-f", str(pages[0]), "-l", str(pages[-1]), str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout  # noqa: S603, S607
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    first = text(1)
    for acteur in populated:
        assert acteur.nom in first  # every box of the map is on page 1
    assert "Version texte de la carte" not in first  # the text version starts a new page
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert "Version texte de la carte" in text(2, pages)
