"""
Settings for STEMNET Vlaanderen, read from the environment.

With nothing set the portal runs embedded: SQLite, Celery tasks run eagerly, e-mail to the
console, DEBUG on. Production sets DEBUG=false, SECRET_KEY, SITE_URL, ALLOWED_HOSTS,
DATABASE_URL and REDIS_URL (or CELERY_BROKER_URL); see README.md and docker-compose.yml.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
_EMBEDDED_KEY = "django-insecure-embedded-only-never-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default=_EMBEDDED_KEY if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The site's own address, the base of every absolute URL in e-mails, calendar feeds, PDFs and
# certificates (stemnet.site). Required when DEBUG is off (system check stemnet.E002).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "allauth",
    "allauth.account",
    "axes",
    "csp",
    "django_filters",
    "django_htmx",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "auditlog",
    # ours
    "stemnet",
    "stemnet.accounts",
    "stemnet.outbox",
    "networks",
    "networks.schools",
    "trainings",
    "trainings.evaluations",
    "trainings.teams",
    "trainings.projects",
    "trainings.quality",
    "trainings.support",
    "trainings.library",
    "trainings.newsletters",
    "trainings.workspace",
    "monitor",
    "monitor.reports",
]

MIDDLEWARE = [
    # First, so that it compresses what every other middleware wrote (stemnet/compression.py).
    "stemnet.compression.TextGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "stemnet.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The history of trainings (trainings.history): who made each change.
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stemnet.urls"
WSGI_APPLICATION = "stemnet.wsgi.application"

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
                "stemnet.context_processors.navigation",
            ],
        },
    },
    {  # plain-text e-mails (stemnet.mail): the same templates, without HTML escaping
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# --- Data -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads (runserver, eager Celery) write; wait rather than fail on a lock.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6's default, adopted now
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "stemnet.cache.ResilientRedisCache",  # Redis away: a miss, logged
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="stemnet"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Generated reports live apart from uploads so that a volume can hold them (docker-compose.yml).
REPORTS_ROOT = Path(env("REPORTS_ROOT", default=str(MEDIA_ROOT / "reports")))

# --- Accounts -------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out person before any password is checked.
    "axes.backends.AxesStandaloneBackend",
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
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "stemnet.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "stemnet.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[STEMNET] "
# allauth's default limits stay on (they include 5 failed log-ins per 5 minutes per account);
# they count in the cache above, which is Redis in production.
# A school's teachers share one IP address: the limits per address are set for a school, not
# for one person (allauth's default of 30 log-ins a minute per address would refuse the 31st
# teacher of a study day); failed log-ins count per account above all (and in django-axes).
ACCOUNT_RATE_LIMITS = {
    "login": "600/m/ip",
    "login_failed": "100/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}

# Lock-out (django-axes): 5 failed log-ins within 5 minutes lock the account for 5 minutes,
# on the portal's log-in and on the Django admin's alike.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=5)
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by IP address would lock out a whole school behind one address after five typos;
# allauth already limits failed log-ins per IP address (100 a minute: a school's NAT).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# A locked-out person sees the lock-out page; trying again does not extend the cool-off.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "stemnet.accounts.lockout.username_from_request"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# The history of trainings (django-auditlog, registered in trainings.history): changes as JSON,
# without the IP address (not needed to say who changed what; one personal datum less).
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = True

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "stemnet.storage.StaticFilesStorage"  # hashed names; a missing one is no 500
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="STEMNET Vlaanderen <noreply@stemnet.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
# Embedded default: no broker, so tasks run in-process as soon as they are sent.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker there is no Celery beat either: runserver then runs CELERY_BEAT_SCHEDULE
# itself, in one thread (stemnet.scheduler). Never in tests or any other command.
EMBEDDED_SCHEDULER = env.bool("EMBEDDED_SCHEDULER", default=DEBUG and CELERY_TASK_ALWAYS_EAGER)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits stay well under the broker's visibility timeout, so a task that is still
# running is never handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_SOFT_TIME_LIMIT = 600
CELERY_TASK_TIME_LIMIT = 900
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {}
CELERY_BEAT_SCHEDULE = {}
CELERY_BEAT_SCHEDULE["evaluations-send-questionnaires"] = {  # evaluations by their rules
    "task": "evaluations.send_questionnaires",
    "schedule": timedelta(hours=1),
}
CELERY_BEAT_SCHEDULE["evaluations-send-reminders"] = {  # one reminder, after the delay
    "task": "evaluations.send_questionnaire_reminders",
    "schedule": timedelta(hours=1),
}
CELERY_BEAT_SCHEDULE["trainings-session-reminders"] = {  # the day before; never sent twice
    "task": "trainings.send_session_reminders",
    "schedule": timedelta(hours=1),
}
CELERY_BEAT_SCHEDULE["trainings-search-alerts"] = {  # daily digest of saved searches' news
    "task": "trainings.send_search_alerts",
    "schedule": crontab(minute=0, hour=7),
}
CELERY_BEAT_SCHEDULE["outbox-relay"] = {  # work the broker missed (stemnet.outbox), handed again
    "task": "outbox.relay",
    "schedule": timedelta(minutes=1),
}
CELERY_BEAT_SCHEDULE["trainings-expire-offers"] = {  # lapsed seat offers pass to the next
    "task": "trainings.expire_offers",
    "schedule": timedelta(minutes=15),
}
CELERY_BEAT_SCHEDULE["library-kit-reminders"] = {  # return date near, or passed; once each
    "task": "library.send_kit_reminders",
    "schedule": timedelta(hours=1),
}
# Reports: JSON and XLSX on the reports queue (docker-compose's worker-reports); PDF
# on its own queue (worker-reports-pdf: one at a time, process recycled after each, because
# WeasyPrint keeps whole documents in memory).
CELERY_TASK_ROUTES["reports.build_report"] = {"queue": "reports"}
CELERY_TASK_ROUTES["reports.build_pdf_report"] = {"queue": "reports_pdf"}
CELERY_BEAT_SCHEDULE["reports-recover-stale-jobs"] = {  # a killed worker's job ends in minutes
    "task": "reports.recover_stale_jobs",
    "schedule": timedelta(minutes=1),
}
CELERY_BEAT_SCHEDULE["reports-previous-year-reports"] = {  # 15 January: last year's report
    "task": "reports.previous_year_reports",
    "schedule": crontab(minute=0, hour=6, day_of_month=15, month_of_year=1),
}
REPORTS_NETWORK_CODE = env("REPORTS_NETWORK_CODE", default="VL")  # the network of the portal
# A survey's public link takes one answer per browser (a signed cookie) and at most this many
# per address an hour: a school's computer room shares one address (trainings.evaluations).
SURVEY_ANSWERS_PER_ADDRESS = env.int("SURVEY_ANSWERS_PER_ADDRESS", default=60)
# Evaluation results split by group (role, centre): a group with fewer responses than this is
# not shown on its own (trainings.evaluations.figures.groups_shown).
EVALUATION_MIN_GROUP_SIZE = env.int("EVALUATION_MIN_GROUP_SIZE", default=5)

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "stemnet.api.OpenDataSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "STEMNET Vlaanderen open data",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "DESCRIPTION": "Read-only open data of STEMNET Vlaanderen: the STEM monitor (indicators, "
    "observations, targets) and the public training catalogue. No personal data.",
    "ENUM_NAME_OVERRIDES": {"DimensionEnum": "monitor.models.Dimension"},
}

# --- Imports --------------------------------------------------------------------------------
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=100_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Security -------------------------------------------------------------------------------
SECURE = env.bool("SECURE", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
