from celery import shared_task

from .health import heartbeat_write


@shared_task(ignore_result=True, soft_time_limit=20, time_limit=30)
def worker_heartbeat() -> None:
    """Every minute (CELERY_BEAT_SCHEDULE): lets /sante/ see that a worker consumes tasks."""
    heartbeat_write()
