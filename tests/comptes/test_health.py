import time

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from comptes.health import HEARTBEAT_KEY, heartbeat_write
from comptes.tasks import worker_heartbeat


@pytest.mark.django_db
def test_health_is_ok_when_database_cache_and_worker_answer(client):
    heartbeat_write()
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "worker": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_fails_without_any_worker_heartbeat(client):
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["worker"] == "missing"


@pytest.mark.django_db
def test_health_reports_a_stale_heartbeat(client, settings):
    settings.HEALTH_HEARTBEAT_MAX_AGE = 120
    cache.set(HEARTBEAT_KEY, time.time() - 121, timeout=3600)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "stale"


@pytest.mark.django_db
def test_health_reports_an_unreachable_cache(client, monkeypatch):
    heartbeat_write()
    # A real Redis client pointed at a port where nothing listens.
    monkeypatch.setattr("comptes.health.cache", RedisCache("redis://127.0.0.1:1/0", {}))
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"
    assert response.json()["checks"]["database"] == "ok"


def test_heartbeat_task_is_scheduled_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]
    assert entry["task"] == "comptes.tasks.worker_heartbeat"
    assert entry["schedule"] == 60.0
    assert worker_heartbeat.name == entry["task"]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_the_heartbeat(client, celery_worker_session):
    assert cache.get(HEARTBEAT_KEY) is None
    worker_heartbeat.delay()
    for _ in range(100):
        if cache.get(HEARTBEAT_KEY):
            break
        time.sleep(0.05)
    assert client.get(reverse("health")).status_code == 200
