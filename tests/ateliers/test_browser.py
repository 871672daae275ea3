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


# For each field the keyboard reaches: (id, its top and bottom, the save bar's top, whether the
# bar is stuck to the bottom of the screen rather than sitting in place at the end of the form).
_FOCUS_AND_BAR = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect();
  const bar = document.querySelector('.sticky-actions').getBoundingClientRect();
  return {id: e.id || e.name, tag: e.tagName, top: r.top, bottom: r.bottom, barTop: bar.top,
          stuck: Math.abs(bar.bottom - window.innerHeight) < 1,
          inBar: !!e.closest('.sticky-actions')};
}"""


def test_the_save_bar_never_hides_the_field_being_filled(
    open_page, live_server, facilitateur, personnes
):
    """On a phone the "Enregistrer" bar stays at the bottom of the screen; a field reached with
    the keyboard ("next" on a phone) must be scrolled above it, not left under it."""
    page = open_page("phone")
    login(page, facilitateur)
    page.goto(f"{live_server.url}/ateliers/saisie/")
    bar = page.locator(".sticky-actions").bounding_box()
    assert bar["height"] < 80, "one short row, not a block eating the screen"
    page.focus("#id_type_activite")
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(_FOCUS_AND_BAR)
        seen.add(state["id"])
        if state["inBar"] or not state["stuck"]:
            continue
        # A text area may be taller than the space left: its first lines must show.
        limit = state["top"] if state["tag"] == "TEXTAREA" else state["bottom"]
        assert limit <= state["barTop"] + 1, f"{state['id']} is hidden under the save bar"
    assert {"id_date", "id_participants", "id_titre", "id_compte_rendu"} <= seen


def test_restitution_prints_on_a4_with_margins_and_without_the_site_menus(
    open_page, live_server, facilitateur, quartier, tmp_path
):
    from ateliers import services

    proposition = services.proposition_enregistrer(
        par=facilitateur, quartier=quartier, data={"texte": "Des récupérateurs d'eau de pluie"}
    )
    services.proposition_changer_statut(
        proposition=proposition, statut="realisee", par=facilitateur, motif="Posés en juin."
    )
    page = open_page("desktop")
    login(page, facilitateur)
    page.goto(f"{live_server.url}/ateliers/quartier/{quartier.pk}/propositions/restitution/")
    pdf = tmp_path / "restitution.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    words = _pdf_words(pdf)
    text = " ".join(word for word, _x, _y in words)
    assert "Ce que nous avons fait de vos idées" in text
    assert "Des récupérateurs d'eau de pluie" in text and "Posés en juin." in text
    for chrome in ("Se déconnecter", "Limiter à cette période", "Langue", "Cartographie"):
        assert chrome not in text
    # A4 (595 × 842 pt) with margins of at least 1.5 cm (42 pt) on every side.
    assert min(x for _w, x, _y in words) >= 42
    assert min(y for _w, _x, y in words) >= 42


def _pdf_words(path) -> list[tuple[str, float, float]]:
    """(word, left, top) of each word of a PDF, in points, from poppler's pdftotext."""
    import re
    import shutil
    import subprocess
    from html import unescape

    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils (pdftotext) is required"
    html = subprocess.run(  # noqa: S603
        [pdftotext, "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    assert page and round(float(page[1])) == 595 and round(float(page[2])) == 842
    return [
        (unescape(word), float(x), float(y))
        for x, y, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<', html)
    ]


def test_subscription_addresses_fit_a_phone(open_page, live_server, facilitateur, quartier):
    from ateliers import services

    services.jeton_creer(user=facilitateur, portee="quartier", quartier=quartier)
    services.jeton_creer(user=facilitateur, portee="animateur")
    page = open_page("phone")
    login(page, facilitateur)
    page.goto(f"{live_server.url}/ateliers/abonnements/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.get_by_role("button", name="Révoquer").first.is_visible()
    assert page.get_by_role("link", name="S'abonner sur cet appareil").count() == 2
    check_accessibility(page)
