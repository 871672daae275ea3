"""Settings come from the environment: bad values stop the start with a clear message, and the
production variables pass Django's deployment checks."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ecogestion import env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("oui", True), ("True", True), ("0", False), ("non", False)]
)
def test_env_bool_reads_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env.env_bool("X_FLAG") is expected


@pytest.mark.parametrize(
    ("reader", "raw", "message"),
    [
        (lambda: env.env_bool("X_VAR"), "peut-être", "X_VAR='peut-être' is not a boolean"),
        (lambda: env.env_int("X_VAR", 1), "dix", "X_VAR='dix' is not an integer"),
        (lambda: env.env_int("X_VAR", 1, minimum=1), "0", "X_VAR=0 is too small (minimum 1)"),
        (lambda: env.env_choice("X_VAR", "a", ("a", "b")), "c", "use one of a, b"),
        (lambda: env.env_url("X_VAR", "", ("redis",)), "memcache://h", "must start with redis://"),
    ],
)
def test_env_readers_fail_loudly_naming_the_variable(monkeypatch, reader, raw, message):
    monkeypatch.setenv("X_VAR", raw)
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        reader()


def test_env_readers_fall_back_to_defaults(monkeypatch):
    for name in ("X_A", "X_B", "X_C"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("X_C", "")
    assert env.env_int("X_A", 7) == 7
    assert env.env_choice("X_B", "INFO", ("INFO",)) == "INFO"
    assert env.env_int("X_C", 3) == 3
    assert env.env_list("X_A", "a, b,,c") == ["a", "b", "c"]


def _settings_with(monkeypatch, **variables) -> dict:
    """The settings module evaluated with ``variables`` set, as a dict (the module itself is
    restored afterwards)."""
    import ecogestion.settings as module

    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    try:
        return dict(vars(importlib.reload(module)))
    finally:
        monkeypatch.undo()
        importlib.reload(module)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DEBUG": "1", "PRODUCTION": "1", "SECRET_KEY": "x" * 60}, "DEBUG=1 is refused"),
        ({"PRODUCTION": "1", "SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"CACHE_URL": "memcached://127.0.0.1:11211"}, "CACHE_URL="),
        ({"LOG_LEVEL": "BAVARD"}, "LOG_LEVEL="),
        ({"SMALL_GROUP_THRESHOLD": "0"}, "SMALL_GROUP_THRESHOLD=0 is too small"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT="),
    ],
)
def test_settings_refuse_bad_values(monkeypatch, variables, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        _settings_with(monkeypatch, **variables)


def test_settings_accept_lower_case_log_level(monkeypatch):
    values = _settings_with(monkeypatch, LOG_LEVEL="warning")
    assert values["LOGGING"]["root"]["level"] == "WARNING"


def _production_environment() -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL")
    }
    environment.update(
        PRODUCTION="1",
        SECRET_KEY="check-deploy-" + "k" * 60,
        ALLOWED_HOSTS="ecogestion.example.org",
        CSRF_TRUSTED_ORIGINS="https://ecogestion.example.org",
        BEHIND_PROXY="1",
    )
    return environment


def test_check_deploy_is_clean_with_the_production_variables():
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
