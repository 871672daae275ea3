"""A resident answers a survey through its public link on a 375×667 phone, with the keyboard
only (the shared e2e browser: console errors fail, no network, axe on each state of the page)."""

import re

import pytest
from django.urls import reverse

from enquetes import services
from enquetes.models import Participation, TypeQuestion
from tests.e2e.conftest import authenticate, check_accessibility, screenshot

from .factories import make_enquete

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName, type: el.type || '', text: (el.textContent || '').trim(),
                    id: el.id, outline: getComputedStyle(el).outlineStyle,
                    shadow: getComputedStyle(el).boxShadow};
        }"""
    )


def test_resident_answers_a_survey_on_a_phone_with_the_keyboard_only(
    open_page, organisation, quartier
):
    enquete = make_enquete(
        organisation,
        quartiers=[quartier],
        titre="Confort d'été",
        questions=[
            {
                "code": "satisfait",
                "libelle": "Êtes-vous satisfait du quartier ?",
                "type": TypeQuestion.OUI_NON,
                "obligatoire": True,
            },
            {"code": "idee", "libelle": "Une idée ?", "type": TypeQuestion.TEXTE_LONG},
        ],
    )
    page = open_page("phone")
    assert page.viewport_size == {"width": 375, "height": 667}
    page.goto(reverse("enquetes:repondre", args=[enquete.jeton_public]))
    screenshot(page, "enquete-publique")
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Tab through the whole form to its submit button; every stop shows where the focus is.
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = _focused(page)
        assert focused["outline"] != "none" or focused["shadow"] != "none", focused
        if focused["tag"] == "BUTTON" and "Envoyer" in focused["text"]:
            break
    else:
        pytest.fail("the submit button cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # nothing answered yet

    # The error summary takes the focus and links to the unanswered question.
    assert _focused(page)["id"] == "error-summary"
    summary = page.get_by_role("alert")
    assert "Êtes-vous satisfait du quartier" in summary.inner_text()
    screenshot(page, "enquete-publique-erreurs")
    check_accessibility(page)
    page.keyboard.press("Tab")
    assert "Êtes-vous satisfait" in _focused(page)["text"]
    page.keyboard.press("Enter")  # follows the link to the field
    focused = _focused(page)
    assert focused["tag"] == "INPUT" and focused["type"] == "radio", focused
    page.keyboard.press("Space")  # "Oui"
    page.keyboard.press("Tab")
    page.keyboard.type("Plus d'arbres rue des Tilleuls")
    for _ in range(10):
        page.keyboard.press("Tab")
        if "Envoyer" in _focused(page)["text"]:
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_role("heading", level=1).inner_text() == "Merci pour votre participation !"
    screenshot(page, "enquete-publique-merci")
    check_accessibility(page)
    assert Participation.objects.filter(enquete=enquete).count() == 1


def test_evaluation_survey_answered_on_a_phone_and_its_results_read_on_a_phone(
    open_page, organisation, quartier, facilitateur
):
    """The done-when scenario in Chromium: the template survey, opened, answered by touch on a
    375×667 phone (with « Autre, précisez »), then its results page on the same phone: every
    chart fits the width and its text keeps a legible size."""
    enquete = services.enquete_depuis_modele(
        organisation=organisation, par=facilitateur, quartiers=[quartier]
    )
    services.enquete_ouvrir(enquete=enquete, par=facilitateur)
    page = open_page("phone")
    for n in range(5):  # five residents: the small-group threshold is reached
        page.goto(reverse("enquetes:repondre", args=[enquete.jeton_public]))
        if n == 0:
            check_accessibility(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
        statut = page.get_by_role("group", name=re.compile("statut d'affiliation"))
        statut.get_by_label("Partenaire de l'expérimentation").tap()
        role = page.get_by_role("group", name=re.compile("expliquer à quelqu'un"))
        role.get_by_label("Non" if n == 4 else "Oui", exact=True).tap()
        objets = page.get_by_role("group", name=re.compile("objets de transition"))
        objets.get_by_label("La rénovation énergétique des copropriétés").tap()
        if n % 2:
            objets.get_by_label("Autre", exact=True).tap()
            objets.get_by_label("Autre, précisez").fill("Le compost")
        with page.expect_navigation():
            page.get_by_role("button", name="Envoyer mes réponses").tap()
        assert (
            page.get_by_role("heading", level=1).inner_text() == "Merci pour votre participation !"
        )
    assert Participation.objects.filter(enquete=enquete).count() == 5

    authenticate(page, facilitateur)
    page.goto(reverse("enquetes:results", args=[enquete.pk]))
    screenshot(page, "enquete-modele-resultats")
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    role = page.locator(f"#q-{enquete.questions.get(code='expliquer_role').pk}")
    assert role.get_by_role("row", name=re.compile("^Oui")).inner_text().split() == [
        "Oui", "4", "80,0", "%"
    ]  # fmt: skip
    objets = page.locator(f"#q-{enquete.questions.get(code='objets_prioritaires').pk}")
    assert objets.get_by_role("row", name=re.compile("^Autre")).inner_text().split() == [
        "Autre", "2", "40,0", "%"
    ]  # fmt: skip
    charts = page.locator("svg.chart")
    assert charts.count() == 3  # the three answered questions
    for index in range(charts.count()):
        chart = charts.nth(index)
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        # Text is drawn at its size, not shrunk with the drawing.
        sizes = chart.locator("text").evaluate_all(
            "texts => texts.map(t => t.getBoundingClientRect().height)"
        )
        assert min(sizes) >= 12, sizes
        # No label runs off the chart.
        overflow = chart.locator("text").evaluate_all(
            """texts => texts.filter(t => {
                const r = t.getBoundingClientRect(), s = t.ownerSVGElement.getBoundingClientRect();
                return r.left < s.left - 1 || r.right > s.right + 1;
            }).map(t => t.textContent)"""
        )
        assert overflow == []
    # The split tables (by month here) scroll within their own box on the phone.
    page.goto(reverse("enquetes:results", args=[enquete.pk]) + "?ventiler=mois")
    assert page.get_by_role("heading", name="Ventilation selon « Mois de réponse »").is_visible()
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
