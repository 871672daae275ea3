"""Settings, read from environment variables (see README, "Configuration").

Without any variable the platform runs embedded: a SQLite file and a file-system Celery
broker under ``var/``. With ``DATABASE_URL`` and ``CELERY_BROKER_URL`` it runs as in production.
"""

import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_choice, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ECOGESTION_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if env_bool("PRODUCTION", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    # Embedded mode: a random key kept on disk, so sessions survive a restart.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
PRODUCTION = env_bool("PRODUCTION", False)
if PRODUCTION and DEBUG:
    # Debug pages show settings and code to anyone: never in production.
    raise ImproperlyConfigured("DEBUG=1 is refused when PRODUCTION=1.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "ecogestion.apps.EcogestionAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "leaflet",
    "comptes",
    "quartiers",
    "acteurs",
    "ateliers",
    "enquetes",
    "cartographie",
    "indicateurs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ecogestion.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "comptes.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "comptes.middleware.RequireMfaMiddleware",
]

ROOT_URLCONF = "ecogestion.urls"
WSGI_APPLICATION = "ecogestion.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "comptes.context_processors.platform",
                "ecogestion.security.csp_context",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL (psycopg 3) with DATABASE_URL=postgres://…
_env = environ.Env()
DATABASES = {
    "default": _env.db_url_config(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ecogestion.sqlite3'}")
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded demo's web server and Celery worker write the same file: take the write
    # lock when a transaction starts and wait for it, instead of failing with "database is
    # locked" when a reading transaction tries to write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DATABASES["default"].setdefault("TEST", {})
if env_str("DATABASE_TEST_NAME"):
    DATABASES["default"]["TEST"]["NAME"] = env_str("DATABASE_TEST_NAME")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when given (shared rate-limit counters between workers), else files under var/.
CACHE_URL = env_url("CACHE_URL", "", ("redis", "rediss", "unix"))
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# allauth: e-mail login, no usernames, no open sign-up (accounts are created by administrators).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "comptes.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "5/h/ip,3/h/key",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Écogestion"
# Direction and administrator accounts must set up TOTP before using the platform.
ECOGESTION_MFA_REQUIRED = env_bool("ECOGESTION_MFA_REQUIRED", True)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("STATIC_MANIFEST", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Écogestion <ne-pas-repondre@ecogestion.localhost>"
)

# Celery: Redis in production; without a broker, a file-system transport under var/ so that
# `make demo` runs a real worker without Redis.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "")
if not CELERY_BROKER_URL:
    _queue = VAR_DIR / "celery"
    for _sub in ("in", "processed", "control", "results"):
        (_queue / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "in"),
        "data_folder_out": str(_queue / "in"),
        "processed_folder": str(_queue / "processed"),
        "control_folder": str(_queue / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = CELERY_RESULT_BACKEND or f"file://{_queue / 'results'}"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 540, minimum=1)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}

# Maps: tiles from a configurable URL (OpenStreetMap by default).
MAP_TILES_URL = env_str("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env_str(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (48.8566, 2.3522),
    "DEFAULT_ZOOM": 12,
    "TILES": [("OSM", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION, "maxZoom": 19})],
    "RESET_VIEW": False,
    "PLUGINS": {"draw": {"css": [], "js": [], "auto-include": False}},
}

# Privacy: small groups in survey results are hidden below this number of respondents.
SMALL_GROUP_THRESHOLD = env_int("SMALL_GROUP_THRESHOLD", 5, minimum=1)

# Security: HTTPS-only cookies and HSTS when served over HTTPS (production).
HTTPS = env_bool("HTTPS", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (ecogestion/security.py): report-only to trial a change in production.
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
CSP_REPORT_URI = env_str("CSP_REPORT_URI", "")

# Logs on stderr: plain text, or one JSON object per line with LOG_FORMAT=json.
LOG_FORMAT = env_choice("LOG_FORMAT", "plain", ("plain", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "ecogestion.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")),
    },
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
ECOGESTION_DEMO = env_bool("ECOGESTION_DEMO", False)

# Ateliers: largest photo or PDF attached to an activity (bytes).
ATELIERS_PIECE_MAX_BYTES = env_int("ATELIERS_PIECE_MAX_BYTES", 10 * 1024 * 1024, minimum=1)

# Operations: the Celery beat writes a heartbeat in the cache every minute; /sante/ reports the
# worker as down when the last one is older than this many seconds.
HEALTH_HEARTBEAT_MAX_AGE = env_int("HEALTH_HEARTBEAT_MAX_AGE", 180, minimum=1)
CELERY_BEAT_SCHEDULE["worker-heartbeat"] = {
    "task": "comptes.tasks.worker_heartbeat",
    "schedule": 60.0,
    "options": {"expires": 50},
}

# Acteurs (RGPD): persons without recorded consent are anonymised by a nightly task once their
# last contact (or creation) is older than this many days.
ACTEURS_RETENTION_SANS_CONSENTEMENT_JOURS = env_int(
    "ACTEURS_RETENTION_SANS_CONSENTEMENT_JOURS", 365 * 3, minimum=1
)
CELERY_BEAT_SCHEDULE["acteurs-anonymiser-sans-consentement"] = {
    "task": "acteurs.anonymiser_sans_consentement",
    "schedule": crontab(hour=3, minute=15),  # nightly
}

# Indicateurs: nightly snapshot recomputation, monthly reports, and a sweep that marks reports
# whose worker died as failed (so that users can retry them).
CELERY_BEAT_SCHEDULE["indicateurs-recalcul-nocturne"] = {
    "task": "indicateurs.tasks.recalculer_tout",
    "schedule": crontab(hour=2, minute=30),
}
CELERY_BEAT_SCHEDULE["indicateurs-rapports-mensuels"] = {
    "task": "indicateurs.tasks.lancer_planifications",
    "schedule": crontab(hour=6, minute=0),
}
CELERY_BEAT_SCHEDULE["indicateurs-rapports-interrompus"] = {
    "task": "indicateurs.tasks.marquer_rapports_interrompus",
    "schedule": 600.0,
}

# Surveys: submissions accepted per hour from one connection (counted in the cache, keyed by a
# hash of the IP address, which is never stored).
ENQUETES_SUBMISSIONS_PER_HOUR = env_int("ENQUETES_SUBMISSIONS_PER_HOUR", 20, minimum=1)

# Sensitive maps: notes accepted per 10 minutes from one connection through the public links
# (a workshop puts a room of phones behind one Wi-Fi address; same hashing as the surveys).
CARTOGRAPHIE_NOTES_PAR_IP = env_int("CARTOGRAPHIE_NOTES_PAR_IP", 120, minimum=1)

# Behind the reverse proxy every request comes from the proxy's address: name the header in
# which the proxy writes the visitor's address (e.g. HTTP_X_REAL_IP), or all residents would
# share one rate-limit counter. Its last comma-separated value is used (the one the proxy wrote).
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")
