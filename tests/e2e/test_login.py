import re

import pytest
from django.urls import reverse

from .conftest import check_accessibility, login, screenshot, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_good_password_lands_on_home(page, world):
    user = world.users["facilitateur"]
    login(page, user)
    assert page.url.endswith(reverse("home"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bonjour")
    assert page.get_by_role("navigation", name="Navigation principale").is_visible()


def test_bad_password_shows_a_french_error_tied_to_the_form(page, world):
    user = world.users["facilitateur"]
    login(page, user, password="pas-le-bon-mot-de-passe")
    assert page.url.endswith(reverse("account_login"))
    summary = page.get_by_role("alert")
    assert "Le formulaire contient des erreurs" in summary.inner_text()
    assert re.search(r"adresse e-mail et/ou le mot de passe|incorrect", summary.inner_text(), re.I)
    # Focus starts on the error summary, whose link leads to the field.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    # What was typed is kept, and the page is still accessible with its error.
    assert page.get_by_label("Courriel").input_value() == user.email
    screenshot(page, "login-erreur")
    check_accessibility(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page, world):
    login(page, world.users["facilitateur"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", (
        "focus must be visible"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_logout_from_the_header(page, world):
    login(page, world.users["direction"])
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    assert reverse("account_login") in page.url


def test_unknown_page_answers_the_french_404(page, page_errors, world):
    page_errors.allow("status of 404")
    login(page, world.users["facilitateur"])
    visit(page, "/cette-page-n-existe-pas/", name="404", status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
    page.get_by_role("link", name="Retour à l'accueil").click()
    assert page.url.endswith(reverse("home"))


def test_totp_activation_shows_its_qr_code_under_the_csp(page, world):
    login(page, world.users["direction"])
    page.goto(reverse("mfa_activate_totp"))
    page.get_by_label("Mot de passe").fill("motdepasse-test")  # allauth asks to reauthenticate
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_load_state()
    qr = page.locator("img[src^='data:image/svg+xml']")
    qr.wait_for()
    assert qr.evaluate("img => img.naturalWidth > 0"), "the QR code (a data: image) is displayed"
    assert page.get_by_label("Code de l'authentificateur").is_visible()
    screenshot(page, "activation-totp")
    check_accessibility(page)
