"""Reports built by a real Celery worker on Redis."""

import shutil
import subprocess
import time
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from indicateurs import services
from indicateurs.models import Bilan, PlanificationRapport, Rapport
from tests.enquetes.factories import STANDARD, answer, make_enquete

from .factories import CibleFactory, IndicateurFactory, ObjectifFactory, ValeurManuelleFactory

YEAR = date.today().year


def _wait(rapport, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rapport.refresh_from_db()
        if rapport.etat in ("pret", "echec"):
            return rapport
        time.sleep(0.3)
    raise AssertionError(f"report still {rapport.etat} after {timeout}s")


def _data(quartier):
    ind = IndicateurFactory(organisation=quartier.organisation, nom="Énergie économisée")
    ValeurManuelleFactory(indicateur=ind, quartier=quartier, date=date(YEAR, 1, 10), valeur=4200)
    CibleFactory(indicateur=ind, quartier=quartier, annee=YEAR, valeur_cible=8000)
    objectif = ObjectifFactory(
        organisation=quartier.organisation,
        titre="Obtenir des preuves d'avancées",
        taux_force=40,
        justification="Impacts encore peu mesurables",
    )
    objectif.liens.create(indicateur=ind)
    Bilan.objects.create(
        quartier=quartier, annee=YEAR, reussites="Cour végétalisée par les habitants"
    )
    services.organisation_recalculer(organisation_id=quartier.organisation_id, annee=YEAR)


def _pdf_text(path) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils (pdftotext) is required"
    command = [pdftotext, "-layout", str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


@pytest.mark.django_db(transaction=True)
def test_fact_sheet_is_built_by_the_worker_and_downloaded(
    client, celery_worker_session, facilitateur, quartier
):
    _data(quartier)
    client.force_login(facilitateur)

    response = client.post(
        reverse("indicateurs:rapport_demander"),
        {"type_rapport": "fiche_quartier", "annee": YEAR, "quartier": quartier.pk},
    )
    rapport = Rapport.objects.get()
    assert response.status_code == 302
    status = client.get(reverse("indicateurs:rapport_etat", args=[rapport.pk])).content.decode()
    assert "data-poll-url" in status or "Prêt" in status

    rapport = _wait(rapport)
    assert rapport.etat == "pret", rapport.raison
    assert rapport.progression == 100
    download = client.get(reverse("indicateurs:rapport_telecharger", args=[rapport.pk]))
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(rapport.fichier.path)
    assert f"Fiche quartier : {quartier.nom}" in text
    assert "<svg" not in text  # the map is drawn, not printed as markup
    assert "Sommaire" in text and "Page 1 sur" in text
    assert "4 200" in text and "Cour végétalisée par les habitants" in text
    final_status = client.get(reverse("indicateurs:rapport_etat", args=[rapport.pk])).content
    assert b"data-poll-url" not in final_status


@pytest.mark.django_db(transaction=True)
def test_programme_review_lists_objectives_with_their_override(
    client, celery_worker_session, direction, quartier
):
    _data(quartier)
    enquete = make_enquete(
        quartier.organisation, titre="Enquête de satisfaction", questions=STANDARD
    )
    for statut, satisfait in [("habitant", "oui")] * 5 + [("habitant", "non")] * 2:
        answer(enquete, {"statut": statut, "satisfait": satisfait})
    client.force_login(direction)
    client.post(
        reverse("indicateurs:rapport_demander"), {"type_rapport": "bilan_programme", "annee": YEAR}
    )

    rapport = _wait(Rapport.objects.get())

    assert rapport.etat == "pret", rapport.raison
    text = _pdf_text(rapport.fichier.path)
    assert "Bilan du programme" in text
    assert "Obtenir des preuves d'avancées — 40 %" in text
    assert "Impacts encore peu mesurables" in text
    assert "Enquête de satisfaction" in text
    assert "71,4 %" in text  # 5 "oui" out of 7 respondents


@pytest.mark.django_db(transaction=True)
def test_failing_job_ends_in_failure_with_reason_leaves_no_file_and_can_be_retried(
    client, celery_worker_session, facilitateur, quartier, settings
):
    _data(quartier)
    good = quartier.perimetre
    quartier.perimetre = {"type": "Polygon", "coordinates": [[[2.3]]]}  # bad data
    quartier.save()
    client.force_login(facilitateur)
    client.post(
        reverse("indicateurs:rapport_demander"),
        {"type_rapport": "fiche_quartier", "annee": YEAR, "quartier": quartier.pk},
    )

    rapport = _wait(Rapport.objects.get())

    assert rapport.etat == "echec"
    assert "dimension" in rapport.raison
    assert not rapport.fichier
    folder = settings.MEDIA_ROOT / "rapports" / str(quartier.organisation_id)
    assert not list(folder.glob("*"))  # the temporary file was removed
    page = client.get(reverse("indicateurs:rapport", args=[rapport.pk])).content.decode()
    assert "Relancer" in page and "dimension" in page
    assert (
        client.get(reverse("indicateurs:rapport_telecharger", args=[rapport.pk])).status_code == 404
    )

    quartier.perimetre = good
    quartier.save()
    client.post(reverse("indicateurs:rapport_relancer", args=[rapport.pk]))
    rapport = _wait(rapport)
    assert rapport.etat == "pret" and rapport.raison == ""
    assert rapport.tentatives == 2


@pytest.mark.django_db(transaction=True)
def test_monthly_schedule_builds_once_a_month_and_emails_the_report(
    celery_worker_session, direction, quartier
):
    _data(quartier)
    PlanificationRapport.objects.create(
        organisation=direction.organisation,
        type_rapport="bilan_programme",
        destinataires="codir@example.org, president@example.org",
    )

    assert services.planifications_lancer(aujourd_hui=date(YEAR, 3, 2)) == 1
    assert services.planifications_lancer(aujourd_hui=date(YEAR, 3, 20)) == 0
    rapport = _wait(Rapport.objects.get())
    deadline = time.monotonic() + 30
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.2)

    assert rapport.etat == "pret"
    assert mail.outbox[0].to == ["codir@example.org", "president@example.org"]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


@pytest.mark.django_db
def test_fact_sheet_tells_the_years_activities_from_the_log(quartier, direction):
    from django.utils import timezone

    from indicateurs.reports import fiche_quartier_context, render_html
    from tests.ateliers.factories import AtelierFactory

    today = timezone.localdate()
    AtelierFactory(quartier=quartier, titre="Marche exploratoire de l'îlot", date=today)
    AtelierFactory(quartier=quartier, titre="Atelier confort d'été", date=today, participants=14)
    AtelierFactory(quartier=quartier, titre="Réunion à venir", date=today + timedelta(days=2))
    rapport = services.rapport_demander(
        organisation=quartier.organisation,
        type_rapport="fiche_quartier",
        annee=today.year,
        quartier=quartier,
        par=direction,
    )

    activites = fiche_quartier_context(rapport, lambda pct, etape: None)["activites"]
    html = render_html(rapport)

    assert activites["total"] == 2
    assert [(t["n"], t["participants"]) for t in activites["par_type"]] == [(2, 24)]
    assert "Marche exploratoire de l&#x27;îlot" in html and "Réunion à venir" not in html
    assert "2 activités de terrain en" in html


@pytest.mark.django_db
def test_programme_review_splits_a_survey_only_by_a_segment_with_readable_groups(organisation):
    from enquetes.models import TypeQuestion
    from indicateurs.reports import _survey_sections

    territoire = {
        "code": "territoire",
        "libelle": "Votre territoire ?",
        "type": TypeQuestion.CHOIX_UNIQUE,
        "choix": ["Nord", "Sud"],
        "segment": True,
    }
    enquete = make_enquete(organisation, titre="Évaluation", questions=[*STANDARD, territoire])
    # statut: 9 "habitant" and 2 "partenaire" (one group hidden); territoire: 5 and 6.
    for n in range(11):
        answer(
            enquete,
            {
                "statut": "habitant" if n < 9 else "partenaire",
                "territoire": "nord" if n < 5 else "sud",
                "satisfait": "oui",
            },
        )
    seule = make_enquete(organisation, titre="Sans segment lisible", questions=STANDARD)
    for n in range(6):
        answer(seule, {"statut": "habitant" if n < 5 else "partenaire", "satisfait": "oui"})

    sections = {s["enquete"].titre: s["report"] for s in _survey_sections(organisation, YEAR)}

    assert sections["Évaluation"]["ventilation"]["segment"] == "Votre territoire ?"
    assert sections["Sans segment lisible"]["ventilation"] is None


@pytest.mark.django_db
def test_fact_sheet_lists_only_the_latest_activities_of_a_busy_year(quartier, direction):
    from indicateurs.reports import LISTE_MAX, render_html
    from tests.ateliers.factories import AtelierFactory

    for day in range(1, LISTE_MAX + 3):
        AtelierFactory(
            quartier=quartier, titre=f"Permanence du {day} janvier", date=date(YEAR, 1, day)
        )
    rapport = services.rapport_demander(
        organisation=quartier.organisation,
        type_rapport="fiche_quartier",
        annee=YEAR,
        quartier=quartier,
        par=direction,
    )

    html = render_html(rapport)

    assert f"Les {LISTE_MAX} dernières activités" in html
    assert f"{LISTE_MAX + 2} activités de terrain en {YEAR}" in html
    assert (
        "Permanence du 2 janvier" not in html and f"Permanence du {LISTE_MAX + 2} janvier" in html
    )
