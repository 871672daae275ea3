"""A resident answers a survey through its public link on a 375×667 phone, with the keyboard
only (the shared e2e browser: console errors fail, no network, axe on each state of the page)."""

import pytest
from django.urls import reverse

from enquetes.models import Participation, TypeQuestion
from tests.e2e.conftest import check_accessibility, screenshot

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
