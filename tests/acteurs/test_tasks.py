import datetime

import pytest
from django.utils import timezone

from acteurs import selectors
from acteurs.models import Acteur, Contact
from acteurs.tasks import anonymiser_sans_consentement
from comptes.models import AuditEntry
from tests.factories import ActeurFactory, OrganisationFactory, PersonneFactory

NOW = timezone.now()


def _aged(acteur, days):
    Acteur.objects.filter(pk=acteur.pk).update(cree_le=NOW - datetime.timedelta(days=days))


def _contact(acteur, days):
    Contact.objects.create(
        acteur=acteur, date=(NOW - datetime.timedelta(days=days)).date(), canal="email"
    )


@pytest.fixture
def cases(db, settings):
    settings.ACTEURS_RETENTION_SANS_CONSENTEMENT_JOURS = 365
    org = OrganisationFactory(nom="Org")
    old = PersonneFactory(organisation=org, nom="Ancienne")
    _aged(old, 400)
    old_contact = PersonneFactory(organisation=org, nom="Contact ancien")
    _aged(old_contact, 900)
    _contact(old_contact, 500)
    recent_contact = PersonneFactory(organisation=org, nom="Contact récent")
    _aged(recent_contact, 900)
    _contact(recent_contact, 30)
    recent = PersonneFactory(organisation=org, nom="Récente")
    consented = PersonneFactory(
        organisation=org, nom="Consentante", consentement_date=datetime.date(2020, 1, 1)
    )
    _aged(consented, 900)
    organisation_actor = ActeurFactory(organisation=org, nom="Asso")
    _aged(organisation_actor, 900)
    return {
        "expected": {old.pk, old_contact.pk},
        "kept": [recent_contact, recent, consented, organisation_actor],
    }


def test_selection_takes_persons_without_consent_inactive_beyond_retention(cases):
    assert set(selectors.personnes_a_anonymiser().values_list("pk", flat=True)) == cases["expected"]


def test_selection_boundary_follows_the_setting(cases, settings):
    settings.ACTEURS_RETENTION_SANS_CONSENTEMENT_JOURS = 600
    assert set(selectors.personnes_a_anonymiser().values_list("pk", flat=True)) == set()
    assert selectors.personnes_a_anonymiser(jours=20).count() == 3


def test_beat_schedule_runs_the_task_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["acteurs-anonymiser-sans-consentement"]
    assert entry["task"] == anonymiser_sans_consentement.name
    assert entry["schedule"].hour == {3}


@pytest.mark.django_db(transaction=True)
def test_retention_task_runs_on_a_real_worker(celery_worker_session, cases):
    result = anonymiser_sans_consentement.delay()
    assert result.get(timeout=30) == 2
    anonymised = set(Acteur.objects.filter(anonymise_le__isnull=False).values_list("pk", flat=True))
    assert anonymised == cases["expected"]
    for kept in cases["kept"]:
        kept.refresh_from_db()
        assert not kept.est_anonymise
    entries = AuditEntry.objects.filter(action="anonymise")
    assert entries.count() == 2 and all(e.user is None for e in entries)
    # Idempotent: nothing left to do.
    assert anonymiser_sans_consentement.delay().get(timeout=30) == 0
