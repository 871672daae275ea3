from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicateurs import selectors, services
from indicateurs.models import Agregation, Granularite, Sens, Snapshot, ValeurManuelle
from quartiers.models import Ilot
from tests.factories import QuartierFactory

from .factories import CibleFactory, IndicateurFactory, ObjectifFactory, ValeurManuelleFactory


@pytest.mark.django_db
def test_manual_values_are_summed_per_period_and_recomputing_is_idempotent(quartier):
    ind = IndicateurFactory(organisation=quartier.organisation)
    ValeurManuelleFactory(indicateur=ind, quartier=quartier, date=date(2025, 3, 10), valeur=10)
    ValeurManuelleFactory(indicateur=ind, quartier=quartier, date=date(2025, 3, 20), valeur=5)
    ValeurManuelleFactory(indicateur=ind, quartier=quartier, date=date(2025, 9, 1), valeur=7)

    services.snapshots_recalculer(indicateur=ind, quartier=quartier, annee=2025)
    services.snapshots_recalculer(indicateur=ind, quartier=quartier, annee=2025)

    assert Snapshot.objects.filter(indicateur=ind).count() == 13
    year = Snapshot.objects.get(indicateur=ind, granularite=Granularite.ANNEE)
    march = Snapshot.objects.get(
        indicateur=ind, granularite=Granularite.MOIS, debut=date(2025, 3, 1)
    )
    assert (year.valeur, march.valeur) == (Decimal("22.00"), Decimal("15.00"))


@pytest.mark.django_db
def test_rate_indicators_keep_the_latest_value_not_the_sum(quartier):
    ind = IndicateurFactory(organisation=quartier.organisation, agregation=Agregation.MOYENNE)
    ValeurManuelleFactory(indicateur=ind, quartier=quartier, date=date(2025, 3, 1), valeur=80)
    ValeurManuelleFactory(indicateur=ind, quartier=quartier, date=date(2025, 6, 1), valeur=90)

    assert services.indicateur_calculer(ind, quartier, date(2025, 1, 1), date(2025, 12, 31)) == 90


@pytest.mark.django_db
def test_registered_source_computes_snapshots_and_names_the_records_behind(
    quartier, registered_source
):
    Ilot.objects.create(quartier=quartier, nom="A1")
    Ilot.objects.create(quartier=quartier, nom="A2")
    Ilot.objects.create(quartier=quartier, nom="B1")
    ind = IndicateurFactory(
        organisation=quartier.organisation, source="test.ilots", params={"prefixe": "A"}
    )
    ind.full_clean()

    services.organisation_recalculer(organisation_id=quartier.organisation_id, annee=2025)

    tableau = selectors.Tableau([ind], [quartier], 2025)
    assert tableau.ligne(ind, quartier).valeur == 2
    assert selectors.detail_url(ind, quartier, 2025) == f"/quartiers/{quartier.pk}/#ilots"


@pytest.mark.django_db
def test_unknown_source_is_refused_and_skipped_when_recomputing(quartier):
    ind = IndicateurFactory(organisation=quartier.organisation, source="absente.nombre")
    with pytest.raises(ValidationError):
        ind.full_clean()
    assert (
        services.organisation_recalculer(organisation_id=quartier.organisation_id, annee=2025) == 0
    )


@pytest.mark.django_db
def test_library_skips_definitions_whose_app_is_absent(
    organisation, registered_source, caplog, monkeypatch
):
    from indicateurs.sources import REGISTRY

    monkeypatch.delitem(REGISTRY, "acteurs.atteints")  # as if the acteurs app were not installed
    loaded, skipped = services.bibliotheque_charger(organisation=organisation)
    loaded_again, _ = services.bibliotheque_charger(organisation=organisation)

    assert "energie-economisee" in {i.code for i in loaded}
    assert "acteurs-touches" in skipped
    assert len(loaded) == len(loaded_again) == organisation.indicateurs.count()
    assert "acteurs.atteints" in caplog.text


def test_every_library_definition_names_a_registered_source():
    from indicateurs.library import DEFINITIONS
    from indicateurs.sources import REGISTRY

    computed = [d for d in DEFINITIONS if d["source"] != "manuel"]
    assert computed
    assert [d["code"] for d in computed if d["source"] not in REGISTRY] == []


def test_achievement_counts_from_the_baseline_and_respects_direction():
    assert selectors.taux_atteinte(Decimal(50), Decimal(100)) == 50
    assert selectors.taux_atteinte(Decimal(60), Decimal(100), reference=Decimal(20)) == 50
    assert selectors.taux_atteinte(Decimal(150), Decimal(100)) == 100
    assert (
        selectors.taux_atteinte(Decimal(80), Decimal(60), reference=Decimal(100), sens=Sens.BAISSE)
        == 50
    )
    assert selectors.taux_atteinte(None, Decimal(10)) is None


@pytest.mark.django_db
def test_objective_achievement_is_the_weighted_mean_unless_overridden(organisation):
    q1 = QuartierFactory(organisation=organisation)
    q2 = QuartierFactory(organisation=organisation)
    a = IndicateurFactory(organisation=organisation)
    b = IndicateurFactory(organisation=organisation)
    for ind, q, value in ((a, q1, 30), (a, q2, 20), (b, q1, 100)):
        ValeurManuelleFactory(indicateur=ind, quartier=q, date=date(2025, 5, 1), valeur=value)
        CibleFactory(indicateur=ind, quartier=q, annee=2025, valeur_cible=50)
    services.organisation_recalculer(organisation_id=organisation.pk, annee=2025)
    objectif = ObjectifFactory(organisation=organisation)
    objectif.liens.create(indicateur=a, poids=3)  # 50 / 100 -> 50 %
    objectif.liens.create(indicateur=b, poids=1)  # 100 / 50 (q2 has no value) -> 100 %

    [result] = selectors.objectifs_atteinte(organisation, [q1, q2], 2025)
    assert result.calcule == pytest.approx(62.5)

    with pytest.raises(ValidationError):
        services.objectif_forcer(objectif=objectif, taux_force=90, justification=" ", par=None)
    services.objectif_forcer(
        objectif=objectif, taux_force=Decimal(90), justification="Jugement du comité", par=None
    )
    [result] = selectors.objectifs_atteinte(organisation, [q1, q2], 2025)
    assert (result.retenu, result.force) == (90, True)


@pytest.mark.django_db
def test_manual_value_needs_evidence(quartier, facilitateur):
    ind = IndicateurFactory(organisation=quartier.organisation)
    with pytest.raises(ValidationError):
        services.valeur_manuelle_creer(
            indicateur=ind,
            quartier=quartier,
            date=date(2025, 1, 1),
            valeur=3,
            note="",
            par=facilitateur,
        )
    assert not ValeurManuelle.objects.exists()


@pytest.mark.django_db
def test_interrupted_reports_end_in_failure_with_their_reason(organisation):
    from django.utils import timezone

    from .factories import RapportFactory

    old = RapportFactory(
        organisation=organisation, etat="en_cours", commence_le=timezone.now() - timedelta(hours=2)
    )
    recent = RapportFactory(organisation=organisation, etat="en_cours", commence_le=timezone.now())

    assert services.rapports_interrompus_marquer() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.etat == "echec" and "interrompu" in old.raison and not old.fichier
    assert recent.etat == "en_cours"


@pytest.mark.django_db
def test_monthly_report_sent_in_january_covers_the_year_just_ended(direction, settings):
    from indicateurs.models import PlanificationRapport, Rapport

    PlanificationRapport.objects.create(
        organisation=direction.organisation,
        type_rapport="bilan_programme",
        destinataires="codir@example.org",
    )

    services.planifications_lancer(aujourd_hui=date(2027, 1, 3))

    assert Rapport.objects.get().annee == 2026


def test_demo_quarterly_readings_are_whole_units_and_add_up():
    import random

    from indicateurs.demo import _trimestres
    from indicateurs.models import Indicateur

    rng = random.Random(1)
    menages = Indicateur(unite="ménages", agregation=Agregation.SOMME)
    co2 = Indicateur(unite="tCO2e/an", agregation=Agregation.SOMME)
    copros = Indicateur(unite="copropriétés", agregation=Agregation.MOYENNE)
    satisfaits = Indicateur(unite="%", agregation=Agregation.MOYENNE)

    parts = _trimestres(menages, 140, 4, rng)
    assert sum(parts) == 140 and all(p == int(p) for p in parts)
    assert sum(_trimestres(menages, 140, 3, rng)) == 105  # three quarters of the year so far
    assert sum(_trimestres(co2, 7.4, 4, rng)) == Decimal("7.4")
    assert _trimestres(copros, 7, 3, rng) == [3, 5, 7]
    assert _trimestres(satisfaits, Decimal("93.1"), 3, rng)[-1] == Decimal("93.1")


@pytest.mark.django_db
def test_report_that_cannot_be_queued_fails_with_its_reason_and_can_be_retried(
    organisation, direction, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from indicateurs.tasks import construire_rapport

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(construire_rapport, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        rapport = services.rapport_demander(
            organisation=organisation, type_rapport="bilan_programme", annee=2026, par=direction
        )

    rapport.refresh_from_db()
    assert rapport.etat == "echec"
    assert "injoignable" in rapport.raison and "Connection refused" in rapport.raison

    monkeypatch.undo()
    with django_capture_on_commit_callbacks() as queued:
        services.rapport_relancer(rapport=rapport, par=direction)
    rapport.refresh_from_db()
    assert (rapport.etat, rapport.raison, len(queued)) == ("en_attente", "", 1)


@pytest.mark.django_db
def test_reports_never_picked_up_end_in_failure_but_a_fresh_retry_waits(organisation):
    from django.utils import timezone

    from .factories import RapportFactory

    an_hour_ago = timezone.now() - timedelta(hours=1, minutes=5)
    perdu = RapportFactory(organisation=organisation, mis_en_file_le=an_hour_ago)
    relance = RapportFactory(organisation=organisation, mis_en_file_le=timezone.now())

    assert services.rapports_interrompus_marquer() == 1
    perdu.refresh_from_db()
    relance.refresh_from_db()
    assert perdu.etat == "echec" and "jamais été pris en charge" in perdu.raison
    assert relance.etat == "en_attente"
