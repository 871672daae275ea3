import pytest

from comptes.models import Role

from .factories import OrganisationFactory, QuartierFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ECOGESTION_MFA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(nom="Agence Test du Climat")


@pytest.fixture
def quartier(organisation):
    return QuartierFactory(organisation=organisation)


@pytest.fixture
def facilitateur(organisation, quartier):
    # A fixed name: tests assert that an actor's name is gone from a page the facilitator sees.
    user = UserFactory(
        organisation=organisation, role=Role.FACILITATEUR, first_name="Claire", last_name="Dubreuil"
    )
    quartier.membres.add(user)
    return user


@pytest.fixture
def direction(organisation):
    return UserFactory(organisation=organisation, role=Role.DIRECTION)


@pytest.fixture
def outsider(db):
    """A facilitator of another organisation, with a neighbourhood of their own."""
    other = OrganisationFactory(nom="Autre Agence")
    user = UserFactory(organisation=other, role=Role.FACILITATEUR)
    QuartierFactory(organisation=other, nom="Quartier étranger").membres.add(user)
    return user


@pytest.fixture(scope="session")
def celery_worker_session(django_db_blocker):
    """A real Celery worker thread on the configured broker (Redis in `make test`).

    Use it with ``@pytest.mark.django_db(transaction=True)``: the worker runs in another
    thread and only sees committed rows.
    """
    from celery.contrib.testing.worker import start_worker

    from ecogestion.celery import app

    with (
        django_db_blocker.unblock(),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30),
    ):
        yield app


# Reference lists seeded by data migrations; transactional tests (browser tests) flush the
# database at teardown, so the next tests would find them empty. Put them back when missing.
SEEDING_MIGRATIONS = [
    ("ateliers", "TypeActivite", "ateliers.migrations.0002_types_activite"),
    ("cartographie", "Categorie", "cartographie.migrations.0002_categories_initiales"),
]


def _seed_reference_lists():
    from importlib import import_module

    from django.apps import apps

    for app_label, model_name, module in SEEDING_MIGRATIONS:
        if not apps.get_model(app_label, model_name).objects.exists():
            import_module(module).seed(apps, None)


@pytest.fixture(autouse=True)
def _reference_lists(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    transactional = transactional or {"transactional_db", "live_server"} & set(request.fixturenames)
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    _seed_reference_lists()
