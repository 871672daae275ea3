"""Background jobs of the surveys: e-mailing personal invitation links."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils.translation import override

from . import services


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=1700,
    time_limit=1800,
)
def envoyer_invitations(*, invitation_ids: list[int], base_url: str) -> int:
    """Send the queued invitations one by one. Idempotent: a retry skips those already sent;
    a sending error stays on its invitation and does not stop the others."""
    with override(settings.LANGUAGE_CODE):
        return sum(
            services.invitation_envoyer(invitation_id=pk, base_url=base_url)
            for pk in invitation_ids
        )
