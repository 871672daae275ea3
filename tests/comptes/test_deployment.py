"""The production layout (docker-compose.yml, Dockerfile) as the README describes it, and the
container health check against a production-configured server."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from comptes.health import heartbeat_write

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = (ROOT / "docker-compose.yml").read_text()


def _service(name: str) -> str:
    """The block of one service in docker-compose.yml (text up to the next service)."""
    match = re.search(rf"^  {name}:\n((?:    .*\n|\n)*)", COMPOSE, re.MULTILINE)
    assert match, f"service {name} missing"
    return match.group(1)


def test_compose_runs_web_worker_beat_postgres_and_redis():
    assert "gunicorn ecogestion.wsgi" in _service("web")
    assert "migrate --no-input" in _service("web")
    assert "celery -A ecogestion worker" in _service("worker")
    assert "celery -A ecogestion beat" in _service("beat")
    assert "image: postgres:" in _service("db")
    assert "image: redis:" in _service("redis")
    app = COMPOSE.split("services:")[0]
    for line in (
        'PRODUCTION: "1"',
        "DATABASE_URL: postgres://",
        "CELERY_BROKER_URL: redis://redis:6379/0",
        "CACHE_URL: redis://redis:6379/1",
    ):
        assert line in app


def test_compose_keeps_data_and_media_in_volumes():
    assert "pgdata:/var/lib/postgresql/data" in _service("db")
    assert "redisdata:/data" in _service("redis")
    assert "media:/app/var/media" in COMPOSE.split("services:")[0]
    volumes = COMPOSE.split("\nvolumes:\n")[1]
    assert {"pgdata", "redisdata", "media"} <= set(re.findall(r"^  (\w+):", volumes, re.M))
    # The media folder exists in the image, owned by the unprivileged user, so that the named
    # volume starts writable.
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "mkdir -p /app/var/media && chown -R app /app/var" in dockerfile
    assert "USER app" in dockerfile


def test_gunicorn_is_reachable_only_through_the_local_reverse_proxy():
    assert '"127.0.0.1:8000:8000"' in _service("web")
    assert 'BEHIND_PROXY: "1"' in COMPOSE


def test_secrets_and_local_data_stay_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", "var", ".venv", ".git", "media"} <= set(ignored)


def test_compose_health_check_uses_the_script():
    assert '"python", "tools/healthcheck.py"' in _service("web")


def _healthcheck(url: str, allowed_hosts: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "tools" / "healthcheck.py"), url],
        env={"ALLOWED_HOSTS": allowed_hosts, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.fixture
def production_https(settings):
    """What PRODUCTION=1 with BEHIND_PROXY=1 turns on (see ecogestion/settings.py)."""
    settings.ALLOWED_HOSTS = ["ecogestion.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.django_db(transaction=True)
def test_health_check_passes_against_a_production_configured_server(live_server, production_https):
    heartbeat_write()
    url = f"{live_server.url}/sante/"
    result = _healthcheck(url, "ecogestion.example.org,.example.org")
    assert result.returncode == 0, result.stderr
    # A plain request (what the old check did) is refused by the host check or redirected.
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)  # noqa: S310 - the local test server
    assert refused.value.code in (301, 400)


@pytest.mark.django_db(transaction=True)
def test_health_check_fails_while_no_worker_has_beaten(live_server, production_https):
    result = _healthcheck(f"{live_server.url}/sante/", ".ecogestion.example.org")
    assert result.returncode == 1
    assert "503" in result.stderr and "missing" in result.stderr
