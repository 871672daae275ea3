"""Background jobs: snapshot recomputation and PDF reports. Tasks take primary keys and call
services; they are idempotent, time-limited and retried on transient errors."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, OperationalError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import services

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError,)


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=1500,
    time_limit=1800,
)
def recalculer(self, *, organisation_id, annee, quartier_id=None, indicateur_id=None):
    return services.organisation_recalculer(
        organisation_id=organisation_id,
        annee=annee,
        quartier_id=quartier_id,
        indicateur_id=indicateur_id,
    )


@shared_task(soft_time_limit=3000, time_limit=3600)
def recalculer_tout(annee=None):
    """Nightly (beat): every organisation's snapshots for the current year and the previous
    one (records are often logged late, and bulk writes send no change signal)."""
    from comptes.models import Organisation

    annees = [annee] if annee else [timezone.localdate().year - 1, timezone.localdate().year]
    total = 0
    for org_id in Organisation.objects.values_list("pk", flat=True):
        for year in annees:
            total += services.organisation_recalculer(organisation_id=org_id, annee=year)
    return total


@shared_task(bind=True, max_retries=2, soft_time_limit=240, time_limit=300)
def construire_rapport(self, rapport_id):
    """Build one report. Transient database errors are retried; anything else ends in
    "échec" with its reason, shown to the user next to a retry button."""
    with override("fr"):
        try:
            rapport = services.rapport_construire(rapport_id=rapport_id, task_id=self.request.id)
        except TRANSIENT as exc:
            if self.request.retries < self.max_retries:
                services.rapport_avancer(
                    rapport_id, 0, _("Nouvel essai après une erreur passagère")
                )
                raise self.retry(exc=exc, countdown=5 * (self.request.retries + 1)) from exc
            services.rapport_echouer(rapport_id, _("Base de données indisponible : %s") % exc)
            raise
        except SoftTimeLimitExceeded:
            services.rapport_echouer(
                rapport_id, _("Délai dépassé : le rapport est trop long à construire.")
            )
            raise
        except (OSError, DatabaseError, ValueError, TypeError, KeyError, LookupError) as exc:
            logger.exception("report %s failed", rapport_id)
            services.rapport_echouer(
                rapport_id, _("%(type)s : %(msg)s") % {"type": type(exc).__name__, "msg": exc}
            )
            raise
        except Exception as exc:
            logger.exception("report %s failed", rapport_id)
            services.rapport_echouer(rapport_id, _("Erreur inattendue : %s") % exc)
            raise
    if rapport is not None and rapport.planification_id:
        envoyer_rapport.delay(rapport.pk)
    return rapport_id


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=100,
    time_limit=120,
)
def envoyer_rapport(self, rapport_id):
    from .models import Rapport

    rapport = Rapport.objects.select_related("planification").filter(pk=rapport_id).first()
    if rapport:
        with override("fr"):
            services.rapport_envoyer(rapport=rapport)


@shared_task(soft_time_limit=280, time_limit=300)
def lancer_planifications():
    """Beat, daily: each active monthly schedule builds its report once a month."""
    with override("fr"):
        return services.planifications_lancer()


@shared_task(soft_time_limit=100, time_limit=120)
def marquer_rapports_interrompus():
    with override("fr"):
        return services.rapports_interrompus_marquer()
