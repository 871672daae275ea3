"""Direction, in Chromium (the shared e2e browser): logs in, asks for the programme review, sees
it progress to "Prêt" without reloading the page (a real Celery worker builds it) and downloads
the PDF."""

from datetime import date

import pytest
from django.urls import reverse

from indicateurs.models import Rapport
from tests.e2e.conftest import check_accessibility, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_direction_requests_the_programme_review_and_downloads_it_when_ready(
    open_page, celery_worker_session, direction, quartier
):
    page = open_page("desktop")
    page.set_default_timeout(10_000)
    login(page, direction)
    page.goto(reverse("indicateurs:rapports"))
    check_accessibility(page)
    page.get_by_label("Type de rapport").select_option(label="Bilan du programme")
    page.get_by_label("Année").select_option(str(date.today().year))
    with page.expect_navigation():
        page.get_by_role("button", name="Construire le rapport").click()
    rapport = Rapport.objects.get()
    assert page.url.endswith(reverse("indicateurs:rapport", args=[rapport.pk]))
    page.evaluate("window.sameDocument = true")  # gone if the page reloads

    status = page.locator(f"#rapport-etat-{rapport.pk}")
    status.get_by_text("Prêt").wait_for(timeout=90_000)
    assert page.evaluate("window.sameDocument === true"), "the status changed without reloading"
    screenshot(page, "rapport-pret")
    check_accessibility(page)
    with page.expect_download() as download_info:
        status.get_by_role("link", name="Télécharger le PDF").click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.suggested_filename.endswith(".pdf")
