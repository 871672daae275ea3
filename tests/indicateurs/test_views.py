import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comptes.models import Role
from indicateurs import services
from indicateurs.models import Bilan, ValeurManuelle
from tests.factories import QuartierFactory, UserFactory

from .factories import CibleFactory, IndicateurFactory, ObjectifFactory, ValeurManuelleFactory

YEAR = date.today().year


def _populate(organisation, n_quartiers, n_indicateurs):
    quartiers = [QuartierFactory(organisation=organisation) for _ in range(n_quartiers)]
    for _ in range(n_indicateurs):
        ind = IndicateurFactory(organisation=organisation)
        for q in quartiers:
            ValeurManuelleFactory(indicateur=ind, quartier=q, date=date(YEAR, 1, 15), valeur=12)
            CibleFactory(indicateur=ind, quartier=q, annee=YEAR, valeur_cible=40)
        objectif = ObjectifFactory(organisation=organisation)
        objectif.liens.create(indicateur=ind, poids=1)
    services.organisation_recalculer(organisation_id=organisation.pk, annee=YEAR)
    return quartiers


@pytest.mark.django_db
def test_direction_dashboard_shows_values_targets_and_charts_with_tables(client, direction):
    [quartier] = _populate(direction.organisation, 1, 1)
    client.force_login(direction)

    response = client.get(reverse("indicateurs:direction"), {"annee": YEAR})

    html = response.content.decode()
    assert response.status_code == 200
    assert quartier.nom in html
    assert "<svg" in html and "cible" in html
    assert "valeurs mensuelles en tableau" in html
    assert "30\u00a0%" in html  # 12 / 40 for the programme


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["direction", "quartier", "rapports"])
def test_dashboards_query_count_does_not_grow_with_rows(
    client, direction, django_assert_max_num_queries, django_capture_on_commit_callbacks, page
):
    client.force_login(direction)
    [first] = _populate(direction.organisation, 1, 1)
    url = reverse(f"indicateurs:{page}", args=[first.pk] if page == "quartier" else [])
    with django_assert_max_num_queries(25) as small:
        assert client.get(url).status_code == 200
    # The new data bump the dashboards' cache version: the next page is computed afresh.
    with django_capture_on_commit_callbacks(execute=True):
        _populate(direction.organisation, 6, 5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_partner_dashboard_shows_only_the_neighbourhoods_they_are_given(client, organisation):
    given, other = (
        QuartierFactory(organisation=organisation, nom="Donné"),
        QuartierFactory(organisation=organisation, nom="Caché"),
    )
    partner = UserFactory(organisation=organisation, role=Role.PARTENAIRE)
    given.membres.add(partner)
    client.force_login(partner)

    html = client.get(reverse("indicateurs:direction")).content.decode()

    assert "Donné" in html and "Caché" not in html and other.pk
    assert "Activité récente" not in html


@pytest.mark.django_db
def test_facilitator_enters_a_value_with_a_pdf_through_the_form(client, facilitateur, quartier):
    ind = IndicateurFactory(organisation=quartier.organisation, nom="Énergie économisée")
    client.force_login(facilitateur)
    url = reverse("indicateurs:valeur_ajouter", args=[quartier.pk])
    form_html = client.get(url).content.decode()
    for name in ("indicateur", "date", "valeur", "note", "justificatif"):
        assert f'name="{name}"' in form_html

    response = client.post(
        url,
        {
            "indicateur": ind.pk,
            "date": f"{YEAR}-02-01",
            "valeur": "1500",
            "justificatif": SimpleUploadedFile("factures.pdf", b"%PDF-1.7 factures"),
        },
    )

    assert response.status_code == 302
    valeur = ValeurManuelle.objects.get()
    assert valeur.justificatif_nom == "factures.pdf"
    download = client.get(reverse("indicateurs:justificatif", args=[valeur.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 factures"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("comptage.xlsx", b"PK\x03\x04 tableur", None),
        ("faux.pdf", b"<script>alert(1)</script>", "Ce type de fichier n&#x27;est pas accepté"),
        ("photo.png", b"\x89PNG\r\n\x1a\n pas une image", "L&#x27;image est illisible ou abîmée."),
    ],
)
def test_evidence_is_checked_by_content_and_a_refusal_keeps_what_was_typed(
    client, facilitateur, quartier, name, content, error
):
    """An office document is accepted; a file whose content is not what its name says is
    refused at the field, and the form keeps the value typed."""
    ind = IndicateurFactory(organisation=quartier.organisation)
    client.force_login(facilitateur)
    response = client.post(
        reverse("indicateurs:valeur_ajouter", args=[quartier.pk]),
        {
            "indicateur": ind.pk,
            "date": f"{YEAR}-02-01",
            "valeur": "1500",
            "justificatif": SimpleUploadedFile(name, content),
        },
    )
    assert ValeurManuelle.objects.exists() is (error is None)
    if error:
        html = response.content.decode()
        assert response.status_code == 200
        assert error in html and 'value="1500"' in html


@pytest.mark.django_db
def test_facilitator_writes_the_narrative_of_the_fact_sheet(client, facilitateur, quartier):
    client.force_login(facilitateur)
    url = reverse("indicateurs:bilan", args=[quartier.pk]) + f"?annee={YEAR}"
    assert 'name="reussites"' in client.get(url).content.decode()

    client.post(url, {"reussites": "Une cour végétalisée", "difficultes": "Syndics absents"})

    bilan = Bilan.objects.get(quartier=quartier, annee=YEAR)
    assert bilan.reussites == "Une cour végétalisée"


@pytest.mark.django_db
def test_objective_override_requires_a_justification_in_the_form(client, direction):
    objectif = ObjectifFactory(organisation=direction.organisation)
    client.force_login(direction)
    url = reverse("indicateurs:objectif", args=[objectif.pk])

    response = client.post(url, {"taux_force": "40", "justification": ""})
    assert "Justifiez" in response.content.decode()
    client.post(url, {"taux_force": "40", "justification": "Impacts encore peu mesurables"})
    objectif.refresh_from_db()
    assert objectif.taux_force == 40


@pytest.mark.django_db
def test_targets_grid_saves_targets_for_the_year(client, direction, quartier):
    ind = IndicateurFactory(organisation=direction.organisation)
    client.force_login(direction)
    url = reverse("indicateurs:cibles", args=[quartier.pk]) + f"?annee={YEAR}"

    client.post(url, {f"i{ind.pk}-valeur_cible": "250", f"i{ind.pk}-valeur_reference": "10"})

    cible = ind.cibles.get(quartier=quartier, annee=YEAR)
    assert (cible.valeur_cible, cible.valeur_reference) == (250, 10)


@pytest.mark.django_db
def test_exports_contain_only_visible_neighbourhoods(client, organisation, outsider):
    import pandas as pd

    [quartier] = _populate(organisation, 1, 1)
    _populate(outsider.organisation, 1, 1)
    direction = UserFactory(organisation=organisation, role=Role.DIRECTION)
    client.force_login(direction)

    csv_text = b"".join(client.get(reverse("indicateurs:export", args=["csv"])).streaming_content)
    xlsx = b"".join(client.get(reverse("indicateurs:export", args=["xlsx"])).streaming_content)

    frame = pd.read_csv(io.BytesIO(csv_text), sep=";", decimal=",", encoding="utf-8-sig")
    assert set(frame["quartier"]) == {quartier.nom}
    assert len(frame) == 1 + date.today().month  # the year and each month so far
    sheet = pd.read_excel(io.BytesIO(xlsx))
    assert set(sheet["quartier"]) == {quartier.nom}
    assert sheet["cible"].max() == 40


@pytest.mark.django_db
def test_direction_dashboard_cache_follows_target_changes(
    client, direction, django_capture_on_commit_callbacks
):
    [quartier] = _populate(direction.organisation, 1, 1)
    client.force_login(direction)
    assert "/ 40" in client.get(reverse("indicateurs:direction")).content.decode()
    ind = direction.organisation.indicateurs.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.cible_definir(
            indicateur=ind, quartier=quartier, annee=YEAR, valeur_cible=77, par=direction
        )

    assert "/ 77" in client.get(reverse("indicateurs:direction")).content.decode()


@pytest.mark.django_db
def test_neighbourhood_dashboard_cache_follows_target_changes(
    client, direction, django_capture_on_commit_callbacks
):
    [quartier] = _populate(direction.organisation, 1, 1)
    client.force_login(direction)
    url = reverse("indicateurs:quartier", args=[quartier.pk])
    assert ">40<" in client.get(url).content.decode()
    ind = direction.organisation.indicateurs.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.cible_definir(
            indicateur=ind, quartier=quartier, annee=YEAR, valeur_cible=77, par=direction
        )

    html = client.get(url).content.decode()
    assert ">77<" in html and ">40<" not in html


@pytest.mark.django_db
def test_fact_sheet_map_escapes_ilot_names(quartier):
    from cartographie.rendering import notes_svg
    from quartiers.models import Ilot

    Ilot.objects.create(quartier=quartier, nom="Îlot <b>", geometrie=quartier.perimetre)

    svg = notes_svg(quartier=quartier, width=400, height=300)

    assert svg.startswith("<svg")
    assert "<b>" not in svg


@pytest.mark.django_db
def test_catalogue_lists_registered_sources_and_flags_missing_ones(
    client, direction, registered_source
):
    IndicateurFactory(organisation=direction.organisation, nom="Îlots engagés", source="test.ilots")
    IndicateurFactory(organisation=direction.organisation, nom="Orphelin", source="absente.x")
    client.force_login(direction)

    html = client.get(reverse("indicateurs:definitions")).content.decode()

    assert "test.ilots" in html and "Îlots engagés" in html
    assert "source absente" in html


@pytest.mark.django_db
def test_csv_export_writes_french_decimals_and_targets_only_on_yearly_rows(client, direction):
    [quartier] = _populate(direction.organisation, 1, 0)
    ind = IndicateurFactory(organisation=direction.organisation, code="co2")
    ValeurManuelleFactory(indicateur=ind, quartier=quartier, date=date(YEAR, 1, 10), valeur="7.4")
    CibleFactory(indicateur=ind, quartier=quartier, annee=YEAR, valeur_cible=12)
    services.organisation_recalculer(organisation_id=direction.organisation_id, annee=YEAR)
    client.force_login(direction)

    response = client.get(reverse("indicateurs:export", args=["csv"]), {"annee": YEAR})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()

    year = next(ln for ln in lines if ";annee;" in ln).split(";")
    january = next(ln for ln in lines if f";mois;{YEAR}-01-01;" in ln).split(";")
    assert year[-2:] == ["7,4", "12"]
    assert january[-2:] == ["7,4", ""]


@pytest.mark.django_db
def test_report_form_offers_the_programme_review_first_to_management(
    client, direction, facilitateur
):
    client.force_login(direction)
    html = client.get(reverse("indicateurs:rapports")).content.decode()
    assert '<option value="bilan_programme" selected>' in html

    client.force_login(facilitateur)
    html = client.get(reverse("indicateurs:rapports")).content.decode()
    assert '<option value="bilan_programme" selected>' not in html


@pytest.mark.django_db
def test_fact_sheet_without_neighbourhood_is_refused_at_the_field_keeping_the_choice(
    client, direction
):
    client.force_login(direction)

    response = client.post(
        reverse("indicateurs:rapport_demander"), {"type_rapport": "fiche_quartier", "annee": YEAR}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Choisissez le quartier de la fiche." in html
    assert '<option value="fiche_quartier" selected>' in html
    assert not direction.organisation.rapports.exists()


@pytest.mark.django_db
def test_a_target_changed_in_the_admin_shows_on_the_dashboard_at_once(
    client, direction, django_capture_on_commit_callbacks
):
    from indicateurs.models import Cible

    [quartier] = _populate(direction.organisation, 1, 1)
    admin = UserFactory(organisation=direction.organisation, role=Role.ADMINISTRATEUR,
                        is_staff=True, is_superuser=True)  # fmt: skip
    client.force_login(admin)
    url = reverse("indicateurs:quartier", args=[quartier.pk])
    assert ">40<" in client.get(url).content.decode()
    cible = Cible.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:indicateurs_cible_change", args=[cible.pk]),
            {
                "indicateur": cible.indicateur_id,
                "quartier": quartier.pk,
                "annee": YEAR,
                "valeur_cible": "55",
                "valeur_reference": "",
            },
        )
    assert response.status_code == 302

    assert ">55<" in client.get(url).content.decode()
