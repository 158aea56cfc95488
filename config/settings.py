"""Settings for the registry, read from the environment.

With nothing set the registry runs embedded: SQLite in the project folder and Celery tasks
run eagerly in the web process. DATABASE_URL (PostgreSQL) and REDIS_URL (Celery broker and
cache) switch to the real services. See README.md for every variable.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set")
    # Embedded default only: a fixed development key, never used when SECRET_KEY is given.
    SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The body named as the publisher of the DCAT-AP catalog (default: the Government Office).
CATALOG_PUBLISHER_CODE = env_str("CATALOG_PUBLISHER_CODE", "GOV-ML3")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "simple_history",
    "architecture",
    "dictionary",
    "catalog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "architecture.middleware.BearerTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# --- Database: SQLite in the project folder unless DATABASE_URL names another one.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured("DATABASE_URL must be a postgresql:// or sqlite:// URL")
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve PostgreSQL; SQLite ignores their extra columns, which is fine.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "architecture.User"

# --- Celery and cache: Redis when REDIS_URL is set, otherwise eager tasks and local memory.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language: Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# The project's catalog; each app may keep its own under <app>/locale/ (Django reads both).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "admin:login"

# --- Production-only hardening, switched on when HTTPS is declared (SECURE_HTTPS, by default
# when SITE_URL is https://). The rest of the security settings: the block at the end (issue #9).
SECURE_HTTPS = env_bool("SECURE_HTTPS", SITE_URL.startswith("https://"))
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS
# The load balancer asks /health/ over plain HTTP inside the network: no redirect there.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HTTPS)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = (env_str("SECURE_PROXY_SSL_HEADER_NAME", "HTTP_X_FORWARDED_PROTO"), "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- REST API (/api/v1/, config/api/): personal tokens or the session, access decided by
# architecture.access, one JSON error shape, rates per user and per anonymous address.
INSTALLED_APPS += ["drf_spectacular", "drf_spectacular_sidecar"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "config.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "config.api.negotiation.MediaTypeAndLanguage",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "config.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "config.api.paging.NumberedPage",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": ["config.api.throttles.AnonThrottle", "config.api.throttles.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_RATE_ANON", "60/min"),
        "user": env_str("API_RATE_USER", "600/min"),
    },
    # Proxies in front of the registry: 0 trusts only REMOTE_ADDR, so X-Forwarded-For cannot dodge the rate.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
    "EXCEPTION_HANDLER": "config.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.RegistrySchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "National data registry API",
    "DESCRIPTION": (
        "The database register, the Shared Data Dictionary and the register of bodies of Vietnam's political "
        "system. Authenticate with a personal token (Authorization: Bearer …) or a signed-in session. Errors "
        "share one JSON shape. Entries carry an ETag; a database is changed only with If-Match."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several registers share field names ("kind", "status"): each choice set keeps its own name.
    "ENUM_NAME_OVERRIDES": {
        "BodyKindEnum": "architecture.models.bodies.BodyKind",
        "DatabaseKindEnum": "catalog.models.choices.DatabaseKind",
        "ChangeKindEnum": "dictionary.models.changes.ChangeKind",
        "ReleaseItemKindEnum": "dictionary.models.releases.ReleaseItemKind",
        "ItemStatusEnum": "dictionary.models.status.ItemStatus",
        "ChangeStatusEnum": "dictionary.models.changes.ChangeStatus",
        "ReviewStateEnum": "catalog.models.choices.ReviewState",
        "HarvestStatusEnum": "catalog.models.harvest.HarvestStatus",
    },
}

# --- Progress monitoring (monitoring/, issue #7): dashboard, monthly report, snapshots, alerts.
INSTALLED_APPS += ["monitoring"]
# Uploaded and generated files (the monthly reports) go to Django's default storage, here.
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "media/"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "registry@localhost")
# The dashboard's figures are cached per body and per kind of reader for at most this many
# minutes (0: never cached); the pages say how old the figures they show are.
MONITORING_CACHE_MINUTES = env_int("MONITORING_CACHE_MINUTES", 5)
# A database submitted for review, or a dictionary change request without its own due date,
# waits this many days before its reviewers are alerted.
MONITORING_REVIEW_DUE_DAYS = env_int("MONITORING_REVIEW_DUE_DAYS", 30)
MONITORING_CHANGE_REQUEST_DUE_DAYS = env_int("MONITORING_CHANGE_REQUEST_DUE_DAYS", 30)

# --- Web pages (issue #8): the project's own static files (served by whitenoise), the sign-in
# pages, and the header's context (the signed-in user's body and roles, the navigation).
STATICFILES_DIRS = [BASE_DIR / "static"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
TEMPLATES[0]["OPTIONS"]["context_processors"].append("architecture.context_processors.site")
# Trigram similarity ranks the search page's results on PostgreSQL (catalog.search).
INSTALLED_APPS += ["django.contrib.postgres"]
# A reader's language choice holds at plain (Vietnamese) addresses too (architecture.language).
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware") + 1,
                  "architecture.language.RememberedLanguageMiddleware")
# Dictionary coverage on the dashboard sums field counts per database refreshed every few minutes
# (monitoring.tasks.field_counts_refresh); counts older than this are not used (fields are counted).
MONITORING_FIELD_COUNTS_MINUTES = env_int("MONITORING_FIELD_COUNTS_MINUTES", 15)

# --- Security and reliability (issue #9). Every value can be set from the environment.
# Sign-in protection (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one user name, or
# from one address, that user name or address is refused for AXES_COOLOFF_MINUTES (pages and admin
# alike; API tokens do not sign in and are not affected). Attempts are kept in the database.
INSTALLED_APPS += ["axes", "csp"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = __import__("datetime").timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in our own audit log (architecture.audit)
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"  # the site's page, in the reader's language
AXES_VERBOSE = False
LOGGING["loggers"] = {**LOGGING.get("loggers", {}), "axes": {"level": env_str("AXES_LOG_LEVEL", "WARNING")}}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions: 8 hours by default, and ended when the browser closes unless told otherwise.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The audit log (architecture.audit): page refusals (403) recorded by a middleware; admin changes of
# these models recorded from the admin's LogEntry.
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "architecture.audit.PermissionDeniedAuditMiddleware")
AUDITED_ADMIN_MODELS = ("catalog.harvestsource",)
# Two-factor sign-in (architecture.two_factor, django-otp TOTP): required for administrators and
# reviewers, optional for others; API tokens are not affected.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(MIDDLEWARE.index("architecture.middleware.BearerTokenMiddleware") + 1,
                  "django_otp.middleware.OTPMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
                  "architecture.two_factor.TwoFactorSetupMiddleware")
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Registry")
# Content-Security-Policy (django-csp): scripts and styles only from the registry's own static files,
# no inline script, style attribute or event handler; no framing; forms post only here.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.clickjacking.XFrameOptionsMiddleware") + 1,
                  "csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Cache failures never fail a request (config.cache): short socket timeouts, misses on error.
if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "config.cache.ResilientRedisCache", "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": env_int("CACHE_TIMEOUT_SECONDS", 1),
                    "socket_timeout": env_int("CACHE_TIMEOUT_SECONDS", 1)},
    }}
# The broker: a task is published with a few quick retries, then the caller is told (not hung).
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_TIMEOUT_SECONDS", 2)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5,
                                    "interval_max": 1}
# Request size limits: 21 MB of form or JSON data in memory (a JSON bulk import may be 20 MB), uploads
# streamed to disk past 2.5 MB; the importers refuse larger files themselves (config.api.uploads).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 21 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 10000)
# Any request body over this is answered 413 before it is read (config.limits): the largest import
# is 20 MB (dictionary.codelist_io_read.MAX_UPLOAD_BYTES), plus the multipart envelope.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 25 * 1024 * 1024)
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "config.limits.RequestSizeLimitMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
                  "config.limits.SessionCookieCheckMiddleware")

# manage.py bench (catalog): scenarios of the apps above the catalog, by dotted path.
BENCH_MORE_SCENARIOS = {"dashboard": "monitoring.bench.dashboard_scenario"}
