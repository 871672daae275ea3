"""Computed snapshots follow the records behind them: a change in another app is recomputed
by the worker, once per neighbourhood and year however many changes arrive together."""

import time
from datetime import date, timedelta

import pytest
from django.utils import timezone

from indicateurs import recalcul, services
from indicateurs.models import Granularite, Snapshot
from tests.ateliers.factories import AtelierFactory

from .factories import IndicateurFactory


def _annee(indicateur, quartier, year):
    snap = Snapshot.objects.filter(
        indicateur=indicateur, quartier=quartier, granularite=Granularite.ANNEE, debut__year=year
    ).first()
    return snap.valeur if snap else None


@pytest.mark.django_db(transaction=True)
def test_logging_an_activity_updates_events_held_through_the_worker(
    celery_worker_session, quartier, settings
):
    settings.INDICATEURS_RECALCUL_DELAI = 0
    today = timezone.localdate()
    evenements = IndicateurFactory(organisation=quartier.organisation, source="ateliers.evenements")
    services.organisation_recalculer(organisation_id=quartier.organisation_id, annee=today.year)
    assert _annee(evenements, quartier, today.year) == 0

    AtelierFactory(quartier=quartier, date=today)

    deadline = time.monotonic() + 60
    while _annee(evenements, quartier, today.year) != 1 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _annee(evenements, quartier, today.year) == 1


@pytest.mark.django_db
def test_changes_close_together_share_one_recomputation(quartier, settings):
    settings.INDICATEURS_RECALCUL_DELAI = 30
    year = timezone.localdate().year

    assert recalcul.planifier([quartier.pk], year) == [quartier.pk]
    assert recalcul.planifier([quartier.pk], year) == []
    assert recalcul.planifier([quartier.pk], year - 1) == [quartier.pk]  # another year


@pytest.mark.django_db
def test_a_change_schedules_its_neighbourhood_and_year_after_commit(
    quartier, settings, django_capture_on_commit_callbacks
):
    settings.INDICATEURS_RECALCUL_DELAI = 30
    with django_capture_on_commit_callbacks() as callbacks:
        AtelierFactory(quartier=quartier, date=date(2024, 6, 1))
    assert callbacks, "saving an activity schedules a recomputation"

    for callback in callbacks:
        callback()

    # Already scheduled for 2024: the next change of that year waits for the same run.
    assert recalcul.planifier([quartier.pk], 2024) == []


@pytest.mark.django_db
def test_planned_activities_are_not_counted_as_held(quartier):
    today = timezone.localdate()
    evenements = IndicateurFactory(organisation=quartier.organisation, source="ateliers.evenements")
    AtelierFactory(quartier=quartier, date=today)
    AtelierFactory(quartier=quartier, date=today + timedelta(days=3))
    AtelierFactory(quartier=quartier, date=date(today.year + 1, 1, 15))

    services.snapshots_recalculer(indicateur=evenements, quartier=quartier, annee=today.year)

    assert _annee(evenements, quartier, today.year) == 1
    assert (
        services.indicateur_calculer(
            evenements, quartier, date(today.year + 1, 1, 1), date(today.year + 1, 12, 31)
        )
        is None
    )


def _record(kind, quartier, jour):
    """Save one record of each kind the indicators count, in ``quartier`` on ``jour``."""
    from datetime import datetime, time

    from django.utils.timezone import make_aware

    from quartiers.models import Action
    from tests.ateliers.factories import PropositionFactory
    from tests.cartographie.factories import AnnotationFactory, CarteFactory
    from tests.enquetes.factories import STANDARD, answer, make_enquete
    from tests.factories import ActeurFactory, AxeTravailFactory, ContactFactory

    moment = make_aware(datetime.combine(jour, time(12)))
    if kind == "contact":
        acteur = ActeurFactory(organisation=quartier.organisation)
        acteur.quartiers.add(quartier)
        ContactFactory(acteur=acteur, date=jour)
    elif kind == "relais":
        ActeurFactory(organisation=quartier.organisation, est_relais=True).quartiers.add(quartier)
    elif kind == "proposition":
        PropositionFactory(quartier=quartier, atelier=None)
    elif kind == "reponse":
        enquete = make_enquete(quartier.organisation, quartiers=[quartier], questions=STANDARD)
        answer(enquete, {"satisfait": "oui"}, when=moment)
    elif kind == "note":
        AnnotationFactory(carte=CarteFactory(quartier=quartier))
    elif kind == "action":
        axe = AxeTravailFactory(quartier=quartier)
        Action.objects.create(axe=axe, titre="Végétaliser la cour", echeance=jour)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["contact", "relais", "proposition", "reponse", "note", "action"])
def test_every_kind_of_record_behind_a_number_schedules_its_neighbourhood(
    kind, quartier, settings, django_capture_on_commit_callbacks, caplog
):
    settings.INDICATEURS_RECALCUL_DELAI = 30
    today = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        _record(kind, quartier, today)

    assert "not scheduled" not in caplog.text  # the record's neighbourhood was found
    assert recalcul.planifier([quartier.pk], today.year) == []  # already scheduled


@pytest.mark.django_db
def test_deleting_a_map_with_its_notes_logs_no_error(
    quartier, caplog, django_capture_on_commit_callbacks
):
    from tests.cartographie.factories import AnnotationFactory, CarteFactory

    carte = CarteFactory(quartier=quartier)
    AnnotationFactory(carte=carte)

    with django_capture_on_commit_callbacks(execute=True):
        carte.delete()

    assert "not scheduled" not in caplog.text
