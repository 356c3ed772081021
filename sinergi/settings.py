"""Sinergi settings: one file, driven by the environment.

DATABASE_URL   sqlite:///var/sinergi.sqlite3 (default) or postgres://user@host:5432/name
SECRET_KEY     required when DEBUG is off and no var/secret_key file exists; generated into var/ otherwise
DEBUG          "1" to show tracebacks (development only)
ALLOWED_HOSTS  comma-separated, default "127.0.0.1,localhost"
HTTPS          "1" when served behind TLS: secure cookies and HSTS (with includeSubDomains)
SINERGI_CSP    the Content-Security-Policy sent with every answer (default: this server only; docs/security.md)
PROXY_COUNT    number of reverse proxies in front (1 behind Caddy or nginx): the client address is then read
               from X-Forwarded-For, for login throttling and the request log
EMAIL_HOST ... outgoing mail (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
               DEFAULT_FROM_EMAIL, ADMINS as "Name <addr>,..."); without EMAIL_HOST mail is written to the log
LOG_FORMAT     "json" for one JSON object per line (for journald / a log collector), "text" otherwise
SINERGI_MAX_UPLOAD_BYTES  the largest request body accepted (default 101 MiB; docs/security.md)
SINERGI_BACKUP_DIR, SINERGI_BACKUP_EVERY_HOURS, SINERGI_BACKUP_KEEP, SINERGI_BACKUP_KEEP_DAYS: backups
               (docs/deploy.md "Backups")
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

# Lets admin.ModelAdmin[Model] and similar generic annotations work at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SINERGI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The key comes from the environment; a laptop install keeps a generated one outside git in var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_flag("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
HTTPS = _env_flag("HTTPS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "sinergi.core",
    "sinergi.regions",
    "sinergi.accounts",
    "sinergi.registry",
    "sinergi.cooperatives",
    "sinergi.supervision",
    "sinergi.programs",
    "sinergi.ingest",
    "sinergi.linkage",
    "sinergi.privacy",
    "sinergi.notifications",
    "sinergi.workprograms",
    "sinergi.insights",
    "sinergi.market",
    "sinergi.empowerment",
    "sinergi.purchasing",
    "sinergi.partnerships",
    "sinergi.aspirations",
    "sinergi.indicators",
    "sinergi.reports",
    "sinergi.opendata",
    "sinergi.fieldsync",
    "sinergi.api",
]

MIDDLEWARE = [
    # First, so every log line written while answering carries the request's id.
    "sinergi.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer, no-store on every answer to a signed-in user (docs/security.md).
    "sinergi.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sinergi.core.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads a body (CSRF, views): a body over SINERGI_MAX_UPLOAD_BYTES is refused unread (413),
    # in the request's language.
    "sinergi.core.uploads.UploadLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sinergi.core.middleware.RegionTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A 405 as problem JSON under /api/ and as the error page elsewhere (inside the language, user and time zone).
    "sinergi.core.middleware.MethodNotAllowedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Sign-in floods: attempts throttled per address and username, and a full hashing pool, answered 429.
    "sinergi.accounts.middleware.LoginGuardMiddleware",
    # Refuses a NIK in a URL; writes the access log of what a page showed in full (docs/privacy.md).
    "sinergi.privacy.middleware.PersonalDataMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sinergi.urls"
WSGI_APPLICATION = "sinergi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sinergi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sinergi.menu.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sinergi.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets page reads go on while an import writes; IMMEDIATE avoids "database is locked" on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The test database is a file, not memory, so a test can run a job in a separate process (and kill it);
    # one file per test run, so two runs on one machine never share (and delete) each other's database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-sinergi-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    # Django's Argon2, at most SINERGI_LOGIN_HASH_CONCURRENCY hashes at once per process (accounts/throttle.py).
    "sinergi.accounts.throttle.BoundedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False
# Behind a reverse proxy every request comes from 127.0.0.1; the proxy appends the client's address to
# X-Forwarded-For, and PROXY_COUNT says how many proxies did (sinergi/core/middleware.py client_ip).
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "sinergi.core.middleware.client_ip"
# Before axes and before any hashing (sinergi/accounts/throttle.py): at most this many sign-in attempts per client
# address and per username in the window, and this many Argon2 hashes at once per process (~100 MiB each).
# The counters are in the default cache, so with LocMemCache each worker process counts on its own.
SINERGI_LOGIN_THROTTLE_SECONDS = int(os.environ.get("SINERGI_LOGIN_THROTTLE_SECONDS", "60"))
SINERGI_LOGIN_PER_IP = int(os.environ.get("SINERGI_LOGIN_PER_IP", "30"))
SINERGI_LOGIN_PER_USERNAME = int(os.environ.get("SINERGI_LOGIN_PER_USERNAME", "10"))
SINERGI_LOGIN_HASH_CONCURRENCY = int(os.environ.get("SINERGI_LOGIN_HASH_CONCURRENCY", "4"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 30
    # The office's subdomains (a reporting or mail host) are reached over TLS too, so a first visit to one of them
    # cannot be downgraded either.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Only this server's own scripts, styles and fonts; images also as data: URIs (the API docs' icons). No inline
# script, style or event handler anywhere: templates use static/js/sinergi.js and data attributes instead.
SINERGI_CSP = os.environ.get(
    "SINERGI_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

LANGUAGE_CODE = "id"
# Dates printed without a format read "7 Des 2026" (sinergi/formats); sinergi.core.formatting does the rest.
FORMAT_MODULE_PATH = ["sinergi.formats"]
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "sinergi" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start when the folder is missing
STATICFILES_DIRS = [BASE_DIR / "sinergi" / "static"]
# Offices run this on a laptop without a separate web server: WhiteNoise serves the app's own files.
WHITENOISE_USE_FINDERS = True

# Uploads: a hard ceiling on any request body, refused with 413 on its Content-Length before it is read, and
# counted while it streams when it has none (sinergi/core/uploads.py, docs/security.md). 101 MiB: a 100 MiB
# spreadsheet (SINERGI_IMPORT_MAX_BYTES) with its form around it fits, a 200 MB one does not.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SINERGI_MAX_UPLOAD_BYTES = int(os.environ.get("SINERGI_MAX_UPLOAD_BYTES", str(101 * 1024 * 1024)))

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Registry rules that offices may need to change when a regulation changes.
SINERGI_DOCUMENT_EXPIRY_WARNING_DAYS = 90
SINERGI_PAGE_SIZE = 25
# A cooperative is active when it held its RAT for each of the last N fiscal years ("each") or for at least
# one of them ("any"); regions differ (sinergi/cooperatives/activity.py). Default: each of the last 2 years.
SINERGI_COOP_ACTIVE_YEARS = int(os.environ.get("SINERGI_COOP_ACTIVE_YEARS", "2"))
SINERGI_COOP_ACTIVE_MODE = os.environ.get("SINERGI_COOP_ACTIVE_MODE", "each")
# A fiscal year's RAT counts as due once this month of the next year has passed.
SINERGI_COOP_RAT_DEADLINE_MONTH = int(os.environ.get("SINERGI_COOP_RAT_DEADLINE_MONTH", "6"))
# The health-assessment rule set of an office that has not chosen its own on its settings page (accounts
# OfficeSettings); one of sinergi/cooperatives/health/rules.py RULE_SETS. The linear reading: it reproduces 17 of
# the 18 published 2014-2016 rows, the banded one 12 (docs/health-assessment.md, decision D2).
SINERGI_COOP_RULE_SET = os.environ.get("SINERGI_COOP_RULE_SET", "ksp-2016-06-linear")
# Annual-report imports (a job each): at most this many data rows per file (cooperatives/imports/job.py).
SINERGI_COOP_IMPORT_MAX_ROWS = int(os.environ.get("SINERGI_COOP_IMPORT_MAX_ROWS", "1000"))
# Field sync (docs/field-work.md): a pull leaves out the change-log rows of the last seconds, so that a change
# committed late by a slower transaction is never skipped by a cursor that has passed it.
SINERGI_FIELD_PULL_HORIZON_SECONDS = float(os.environ.get("SINERGI_FIELD_PULL_HORIZON_SECONDS", "2"))
# Whether the checkout page may turn this database into a field laptop's copy of an office server: on by default on
# SQLite (a laptop), off on PostgreSQL (an office server, which must never become another server's copy).
SINERGI_FIELD_LAPTOP = os.environ.get(
    "SINERGI_FIELD_LAPTOP", "1" if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else "0"
) in ("1", "true", "yes")

# Long work runs as jobs (sinergi.core.jobs) through django-tasks. The database backend needs no broker:
# `manage.py jobs_worker` (started by scripts/run) takes them from the database. Tests run them in-line.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("SINERGI_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A running job that has not reported progress for this long is taken to have lost its worker.
SINERGI_JOB_STALE_SECONDS = int(os.environ.get("SINERGI_JOB_STALE_SECONDS", "120"))
# A job that lost its database connection (a restart) is resumed from its checkpoint up to this many attempts.
SINERGI_JOB_MAX_ATTEMPTS = int(os.environ.get("SINERGI_JOB_MAX_ATTEMPTS", "5"))
MEDIA_ROOT = Path(os.environ.get("SINERGI_MEDIA_ROOT", str(VAR_DIR / "media")))
# Pause between import batches; only for showing or testing a job stopped mid-file.
SINERGI_IMPORT_PAUSE_SECONDS = float(os.environ.get("SINERGI_IMPORT_PAUSE_SECONDS", "0"))
# Web uploads of import files; the CLI command reads files of any size from disk.
SINERGI_IMPORT_MAX_BYTES = int(os.environ.get("SINERGI_IMPORT_MAX_BYTES", str(100 * 1024 * 1024)))
# What any import reads of one file, whoever uploads it (sinergi/ingest/limits.py): an XLSX (a zip) is refused
# before it is opened when its parts unpack to more than these or compress suspiciously well (a zip bomb), and
# a file of either kind is refused at the first row or cell over the limit.
SINERGI_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("SINERGI_IMPORT_MAX_UNPACKED_BYTES", str(1024 * 1024 * 1024)))
SINERGI_IMPORT_MAX_PART_BYTES = int(os.environ.get("SINERGI_IMPORT_MAX_PART_BYTES", str(256 * 1024 * 1024)))
SINERGI_IMPORT_MAX_RATIO = int(os.environ.get("SINERGI_IMPORT_MAX_RATIO", "100"))
SINERGI_IMPORT_MAX_ROWS = int(os.environ.get("SINERGI_IMPORT_MAX_ROWS", "1000000"))
SINERGI_IMPORT_MAX_CELL_CHARS = int(os.environ.get("SINERGI_IMPORT_MAX_CELL_CHARS", "32767"))
SINERGI_IMPORT_BATCH_ROWS = int(os.environ.get("SINERGI_IMPORT_BATCH_ROWS", "2000"))
# Files at least this large are read and parsed by a forked process while the import writes (0: never).
SINERGI_IMPORT_PARSE_CHILD_BYTES = int(os.environ.get("SINERGI_IMPORT_PARSE_CHILD_BYTES", str(4 * 1024 * 1024)))
# Evidence of association work programs (photos, PDFs): the largest file accepted.
SINERGI_EVIDENCE_MAX_BYTES = int(os.environ.get("SINERGI_EVIDENCE_MAX_BYTES", str(5 * 1024 * 1024)))
# Aspirations (sinergi/aspirations): working-day deadlines after SP4N-LAPOR! unless an office sets a category's
# own; the public form's limits (per IP and per phone, per hour) and the largest attachment.
SINERGI_ASPIRATION_DEADLINES = {"verify_days": 3, "plan_days": 5, "close_days": 10, "reopen_days": 10}
SINERGI_ASPIRATION_PER_IP_HOUR = int(os.environ.get("SINERGI_ASPIRATION_PER_IP_HOUR", "5"))
SINERGI_ASPIRATION_PER_PHONE_HOUR = int(os.environ.get("SINERGI_ASPIRATION_PER_PHONE_HOUR", "3"))
SINERGI_ASPIRATION_LOOKUPS_PER_IP_HOUR = int(os.environ.get("SINERGI_ASPIRATION_LOOKUPS_PER_IP_HOUR", "60"))
SINERGI_ASPIRATION_MAX_FILE_BYTES = int(os.environ.get("SINERGI_ASPIRATION_MAX_FILE_BYTES", str(5 * 1024 * 1024)))
SINERGI_EXTRA_HOLIDAYS: tuple[str, ...] = ()
SINERGI_ASPIRATION_CLOSE_EVERY_HOURS = float(os.environ.get("SINERGI_ASPIRATION_CLOSE_EVERY_HOURS", "1"))
SINERGI_EXPORT_MAX_ROWS = int(os.environ.get("SINERGI_EXPORT_MAX_ROWS", "200000"))

# The job worker writes a sign of life this often; /healthz fails when the newest is older than the stale limit.
SINERGI_WORKER_BEAT_SECONDS = int(os.environ.get("SINERGI_WORKER_BEAT_SECONDS", "30"))
SINERGI_WORKER_STALE_SECONDS = int(os.environ.get("SINERGI_WORKER_STALE_SECONDS", "120"))
# /healthz fails when a disk holding the database, uploads or backups has less free space than this.
SINERGI_HEALTH_MIN_FREE_MB = int(os.environ.get("SINERGI_HEALTH_MIN_FREE_MB", "1024"))

# Backups (sinergi/core/backup.py): the worker takes one every N hours (0: never); a backup is deleted once it is
# not among the newest KEEP or older than KEEP_DAYS (0 turns a rule off); the newest is always kept.
SINERGI_BACKUP_DIR = Path(os.environ.get("SINERGI_BACKUP_DIR", str(VAR_DIR / "backups")))
SINERGI_BACKUP_EVERY_HOURS = float(os.environ.get("SINERGI_BACKUP_EVERY_HOURS", "24"))
SINERGI_BACKUP_KEEP = int(os.environ.get("SINERGI_BACKUP_KEEP", "14"))
SINERGI_BACKUP_KEEP_DAYS = int(os.environ.get("SINERGI_BACKUP_KEEP_DAYS", "30"))
# Where pg_dump and pg_restore are, when the ones on PATH are older than the server (e.g. /usr/lib/postgresql/16/bin).
SINERGI_PG_BIN_DIR = os.environ.get("SINERGI_PG_BIN_DIR", "")

# Outgoing mail. Without EMAIL_HOST nothing is sent: messages are written to the log instead.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_flag("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = _env_flag("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sinergi@localhost")
# The site's address as users reach it (https://sinergi.example.go.id), for links in notification emails.
SINERGI_SITE_URL = os.environ.get("SINERGI_SITE_URL", "")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [
    (name.strip(), addr.strip(" >"))
    for name, _sep, addr in (a.partition("<") for a in os.environ.get("ADMINS", "").split(",") if "<" in a)
]

# Logs go to standard error (journald keeps them under systemd). LOG_FORMAT=json writes one JSON object per line;
# every line carries the request id that the X-Request-ID response header shows (sinergi/core/logs.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "sinergi.core.logs.RequestIdFilter"},
        "client_errors": {"()": "sinergi.core.logs.ClientErrorWithoutTraceback"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "sinergi.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "client_errors"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # One line per answered request (method, path without its query, status, time): the access log.
    # A refused request (403) is one line, never a traceback: on the logger itself, so Django's own console
    # handler (DEBUG) prints it without one too.
    "loggers": {
        "sinergi.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        "django.request": {"filters": ["client_errors"]},
    },
}
