"""Spark marketplace settings: one module, configured from the environment.

Embedded defaults (SQLite under var/, database search, console email, the
database task worker) make `make run` work on a fresh machine. Set
SPARK_ENV=production for the hardened mode that `manage.py check --deploy`
accepts; production then requires SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR / "marketplace"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env") if (BASE_DIR / ".env").exists() else None

# Running under pytest selects the test mode so a plain `pytest` needs no setup.
SPARK_ENV = env.str("SPARK_ENV", default="test" if "pytest" in sys.modules else "development")
if SPARK_ENV not in {"development", "test", "production"}:
    raise RuntimeError(f"SPARK_ENV must be development, test or production, not {SPARK_ENV!r}")
PRODUCTION = SPARK_ENV == "production"
TESTING = SPARK_ENV == "test"

VAR_DIR = Path(env.str("SPARK_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _development_secret_key() -> str:
    """A random key kept under var/ so development sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    DEBUG = False
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _development_secret_key()
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
    DEBUG = env.bool("DEBUG", default=SPARK_ENV == "development")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Application definition

INSTALLED_APPS = [
    # The procurement core.
    "marketplace.accounts",
    "marketplace.taxonomy",
    "marketplace.audit",
    "marketplace.scheduling",
    "marketplace.admission",
    "marketplace.competitions",
    "marketplace.contracts",
    "marketplace.opendata",
    "marketplace.payments",
    # Front doors, content and search.
    "suppliers",
    "buyers",
    "cms",
    "search",
    # Demo and bench data (manage.py seed): uses the core and the front doors.
    "demo",
    # Wagtail.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts, forms and the API.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    # Django.
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "marketplace.accounts.middleware.CurrentMembershipMiddleware",
    "marketplace.accounts.middleware.AdminRequiresMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
ASGI_APPLICATION = "marketplace.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "marketplace.accounts.context_processors.navigation",
                "cms.context_processors.site_chrome",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'spark.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue
        # instead of failing when a read lock is upgraded.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so threads and the live server share one test database.
    # The process id keeps two test runs on one machine out of each other's way.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-spark-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches and sessions: local memory unless REDIS_URL is set.

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The header and footer editors set (cms.context_processors), apart from the rest: clearing the rate limits'
# cache does not make every page read them again.
CACHES["site_chrome"] = {**CACHES["default"], "KEY_PREFIX": "site-chrome"}
if not REDIS_URL:
    CACHES["site_chrome"]["LOCATION"] = "site-chrome"

# Authentication: email sign-in through django-allauth, TOTP through allauth.mfa.

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "marketplace.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "marketplace.accounts.forms.SignupForm", "login": "marketplace.accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# The service tells a person plainly that an email address already has an
# account (issue 2's "duplicate emails" rule) rather than hiding it.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Spark: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
MFA_ADAPTER = "marketplace.accounts.mfa_adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Spark marketplace"

# Internationalisation: times are stored in UTC and shown in UK time.

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: GOV.UK Frontend is copied into marketplace/static/govuk by the Makefile.

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
# Outside production, whitenoise serves straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: the console in development, memory in tests, SMTP from EMAIL_URL.

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Spark marketplace <noreply@spark.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background work: Django's tasks framework (django-tasks on Django 5.2).

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# Search (search/): the database backend is the embedded default. With ELASTICSEARCH_URL set, searches go
# to Elasticsearch and fall back to the database backend (with a warning logged) when it does not answer;
# both indexes are kept up to date.

ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="elasticsearch" if ELASTICSEARCH_URL else "database")
SEARCH_ELASTICSEARCH_PREFIX = env.str("SEARCH_ELASTICSEARCH_PREFIX", default="spark")
SEARCH_ELASTICSEARCH_TIMEOUT = env.float("SEARCH_ELASTICSEARCH_TIMEOUT", default=2.0)
# The task the services queue (after commit) when something findable changes. Named by path so the
# procurement core can queue it without importing search/.
SEARCH_UPDATE_TASK = "search.tasks.update_index"
# Queued when the transaction commits; under test at once, so a test's single transaction sees its changes.
SEARCH_UPDATE_ON_COMMIT = not TESTING

# Wagtail: the admin at /admin/ for operators and editors.

WAGTAIL_SITE_NAME = "Spark"
WAGTAILADMIN_BASE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "odt", "ods", "docx", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# No Gravatar: it would send a hash of every admin user's email address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Forms: GOV.UK Design System markup through crispy-forms-gds.

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# The public API.

# API tokens (django-rest-knox): only a SHA-512 digest is stored, so the database never holds a usable key; the
# key is shown once. A token lasts a year, then its holder creates another; "spark_" marks a key as Spark's to
# secret scanners. One per person is the services' rule (marketplace.accounts.services.api_token_create).
API_TOKEN_DAYS = 365
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_DAYS),
    "TOKEN_PREFIX": "spark_",
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "marketplace.api_schema.AutoSchema",
    # Session first: a request without credentials is a 403, as before; a refused token is a 401 (marketplace.api).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "marketplace.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute", "user": "600/minute"},
    "EXCEPTION_HANDLER": "marketplace.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Spark marketplace API",
    "DESCRIPTION": "Public and member API of the Spark dynamic purchasing marketplace.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["marketplace.api.keep_only_public_api_paths"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Content security policy (django-csp 4). GOV.UK Frontend runs from 'self';
# the one inline script that marks js-enabled carries a nonce.

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Security: hardened in production (manage.py check --deploy is clean there).

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_AGE = 8 * 60 * 60

# Logging: everything to the console; the process manager keeps it.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Spark's own settings.

SPARK_SERVICE_NAME = "Spark marketplace"
SPARK_PHASE = env.str("SPARK_PHASE", default="beta")
SPARK_CONTACT_EMAIL = env.str("SPARK_CONTACT_EMAIL", default="support@spark.example")
SPARK_INVITATION_EXPIRE_DAYS = 14
# Rule 12: records are kept for this long after the thing they describe closes.
SPARK_AUDIT_RETENTION_YEARS = env.int("SPARK_AUDIT_RETENTION_YEARS", default=3)
# Daily digests of every audit stream's head are written here, outside the database.
SPARK_AUDIT_DIGEST_DIR = Path(env.str("SPARK_AUDIT_DIGEST_DIR", default=str(VAR_DIR / "audit-digests")))
# Rule 2: applications are decided within this many working days of submission, extendable once.
SPARK_DECISION_WORKING_DAYS = 10
SPARK_EXTENDED_DECISION_WORKING_DAYS = 15
# Uploads: PDFs only, at most this size.
SPARK_MAX_UPLOAD_BYTES = env.int("SPARK_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# How far back a tick after downtime catches up a job that missed its periods.
SPARK_TICK_CATCH_UP_PERIODS = env.int("SPARK_TICK_CATCH_UP_PERIODS", default=60)
# Rule 5: the submission deadline is at least this many calendar days after publication.
SPARK_MIN_TENDER_DAYS = env.int("SPARK_MIN_TENDER_DAYS", default=10)
# Rules 9 and 10: evaluation and award.
SPARK_SCORE_DISAGREEMENT = env.int("SPARK_SCORE_DISAGREEMENT", default=2)  # points apart on the 0–4 scale
SPARK_PRICE_EXPLANATION_WORKING_DAYS = env.int("SPARK_PRICE_EXPLANATION_WORKING_DAYS", default=5)
SPARK_STANDSTILL_WORKING_DAYS = env.int("SPARK_STANDSTILL_WORKING_DAYS", default=8)
# Contracts (rules 11 and 13): VAT shown separately; KPIs required above a value; public notice above another.
SPARK_VAT_RATE_PERCENT = env.int("SPARK_VAT_RATE_PERCENT", default=20)
# Rule 13: the marketplace fee, a percentage of each accepted milestone (to two decimal places), and the Bank of
# England base rate that statutory late-payment interest is added to (8% over it). Text, never floats.
SPARK_MARKETPLACE_FEE_PERCENT = env.str("SPARK_MARKETPLACE_FEE_PERCENT", default="1")
SPARK_BASE_RATE_PERCENT = env.str("SPARK_BASE_RATE_PERCENT", default="4.00")
SPARK_KPI_REQUIRED_ABOVE_PENCE = env.int("SPARK_KPI_REQUIRED_ABOVE_PENCE", default=5_000_000_00)
SPARK_KPI_MINIMUM = 3
SPARK_CONTRACT_NOTICE_MIN_PENCE = env.int("SPARK_CONTRACT_NOTICE_MIN_PENCE", default=30_000_00)
# Open data (OCDS). The prefix is the one registered with the Open Contracting Partnership ("ocds-" and six
# characters); the default marks the data as this installation's own until one is registered.
SPARK_OCID_PREFIX = env.str("SPARK_OCID_PREFIX", default="ocds-spark0")
SPARK_OPENDATA_DIR = Path(env.str("SPARK_OPENDATA_DIR", default=str(VAR_DIR / "opendata")))
# Rule 7: the bid-sealing master key lives outside the database: a key file (a mounted secret in
# production). Outside production a missing file is created on first use.
SPARK_SEALING_KEY_FILE = Path(env.str("SPARK_SEALING_KEY_FILE", default=str(VAR_DIR / "keys" / "bid-sealing.key")))
SPARK_SEALING_KEY_CREATE = env.bool("SPARK_SEALING_KEY_CREATE", default=not PRODUCTION)

# Payments (Stripe): suppliers pay the marketplace fee (rule 13) by card (marketplace/payments/stripe_gateway.py).
# Production requires the three keys and talks to Stripe itself. Elsewhere the defaults point at localstripe on
# loopback (bin/localstripe, started by `make run` on LOCALSTRIPE_PORT), which accepts any sk_test_ key.
if PRODUCTION:
    STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY")
    STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY")
    STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET")
    if not (STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET):
        raise RuntimeError("Production needs STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET")
    _STRIPE_DEFAULT_API_BASE = ""
    _STRIPE_DEFAULT_JS_URL = "https://js.stripe.com/v3/"
else:
    STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="sk_test_spark_localstripe")
    STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="pk_test_spark_localstripe")
    STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="whsec_spark_development_only")
    _STRIPE_DEFAULT_API_BASE = f"http://127.0.0.1:{env.int('LOCALSTRIPE_PORT', default=8420)}"
    _STRIPE_DEFAULT_JS_URL = f"{_STRIPE_DEFAULT_API_BASE}/js.stripe.com/v3/"
# Empty means Stripe's own API address.
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default=_STRIPE_DEFAULT_API_BASE)
STRIPE_JS_URL = env.str("STRIPE_JS_URL", default=_STRIPE_DEFAULT_JS_URL)
# Seconds a page waits for Stripe before telling the person to try again later (no automatic retries).
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=10.0)
