import logging

from celery import shared_task

from . import selectors, services

logger = logging.getLogger(__name__)


@shared_task(
    name="acteurs.anonymiser_sans_consentement",
    time_limit=1800,
    soft_time_limit=1700,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def anonymiser_sans_consentement() -> int:
    """Nightly RGPD retention: anonymise persons without consent whose last contact (or, without
    contact, creation) is older than ACTEURS_RETENTION_SANS_CONSENTEMENT_JOURS. Idempotent: an
    anonymised person no longer matches."""
    count = 0
    for acteur in selectors.personnes_a_anonymiser().iterator(chunk_size=200):
        services.acteur_anonymiser(
            acteur=acteur, par=None, motif="Durée de conservation sans consentement dépassée"
        )
        count += 1
    if count:
        logger.info("RGPD retention: %s persons anonymised", count)
    return count
