"""The directory, actor page and actor map in Chromium, at phone and desktop widths (the shared
e2e browser: console errors fail the test, no network, axe runs on each page)."""

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
        boxes = page.locator(".carte-noeud")
        assert boxes.count() == 8
        xs = {round(boxes.nth(i).bounding_box()["x"]) for i in range(boxes.count())}
        assert len(xs) >= 2  # several families → several columns, not all piled at x = 0
        assert page.locator(".carte-relations path").count() == 6
        check_accessibility(page)
