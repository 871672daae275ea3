"""Health checks for the load balancer (``/sante/``): database, cache (Redis) and the Celery
worker's heartbeat. Each check returns "ok" or a short, non-revealing error word; details go to
the log."""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "ecogestion:worker-heartbeat"


def heartbeat_write() -> float:
    """Called by the beat task on a worker: proves beat, broker and worker all run."""
    now = time.time()
    # Kept well past the max age so that a stale heartbeat reads "stale", not "missing".
    cache.set(HEARTBEAT_KEY, now, timeout=max(settings.HEALTH_HEARTBEAT_MAX_AGE * 10, 3600))
    return now


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unreachable")
        return "error"
    return "ok"


def check_cache() -> str:
    key = f"ecogestion:health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:
        logger.exception("Health check: cache unreachable")
        return "error"
    return "ok" if ok else "error"


def check_worker() -> str:
    try:
        last = cache.get(HEARTBEAT_KEY)
    except Exception:
        logger.exception("Health check: cannot read the worker heartbeat")
        return "error"
    if last is None:
        return "missing"
    if time.time() - float(last) > settings.HEALTH_HEARTBEAT_MAX_AGE:
        return "stale"
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "worker": check_worker}


def run_checks() -> dict[str, str]:
    return {name: check() for name, check in CHECKS.items()}
