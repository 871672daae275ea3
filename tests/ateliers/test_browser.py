"""The quick entry on a phone (375×667, the shared e2e browser: console errors fail, no network,
axe on the pages): tick three known attendees, twelve participants."""

import pytest

from acteurs.models import Contact
from ateliers.models import Atelier
from tests.e2e.conftest import check_accessibility, login
from tests.factories import PersonneFactory, QuartierFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facilitator_logs_an_atelier_from_a_phone(open_page, live_server, facilitateur, personnes):
    page = open_page("phone")
    login(page, facilitateur)
    assert page.url == f"{live_server.url}/"
    ailleurs = PersonneFactory(organisation=facilitateur.organisation, nom="Ailleurs")
    ailleurs.quartiers.add(QuartierFactory(organisation=facilitateur.organisation))
    page.goto(f"{live_server.url}/ateliers/saisie/")
    check_accessibility(page)
    # Only my neighbourhood's actors until I ask for the others.
    assert not page.get_by_text("Ailleurs").is_visible()
    page.get_by_label("Montrer aussi les acteurs des autres quartiers").check()
    assert page.get_by_text("Ailleurs").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.select_option("#id_type_activite", label="Atelier participatif")
    page.fill("#id_participants", "12")
    page.fill("#id_titre", "Atelier confort d'été")
    # The filter box narrows the list (JavaScript enhancement).
    page.fill("input[data-filter-for]", "Garnier")
    assert page.locator("#id_acteurs_presents_liste li:visible").count() == 1
    page.fill("input[data-filter-for]", "")
    for person in personnes:
        page.get_by_label(person.nom_complet, exact=False).check()
    # Place the activity on the map (the neighbourhood's perimeter is drawn in it).
    page.locator("summary", has_text="Lieu").click()
    page.locator("#lieu-map").click(position={"x": 150, "y": 120})
    assert page.input_value("#id_latitude") != ""
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_selector("h1:has-text('Atelier confort')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    atelier = Atelier.objects.get()
    assert atelier.participants == 12
    assert 48 < atelier.latitude < 49 and 2 < atelier.longitude < 3
    assert Contact.objects.filter(source_key=f"atelier:{atelier.pk}").count() == 3
    page.goto(f"{live_server.url}/ateliers/calendrier/")
    assert page.get_by_role("link", name="Atelier confort d'été").is_visible()
    check_accessibility(page)
