"""Settings for cstocal: one module, every value from the environment.

Defaults are the safe ones: DEBUG off, SQLite under the project, no hosts allowed
beyond localhost. A production deployment sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS
and DATABASE_URL; nothing lives in a separate "production" file.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    msg = f"{name} must be one of {sorted(_TRUE | _FALSE - {''})}, not {raw!r}."
    raise ImproperlyConfigured(msg)


def env_count(name: str, *, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip()
    if not (value.isascii() and value.isdigit()):
        msg = f"{name} must be a whole number, 0 or more, not {raw!r}."
        raise ImproperlyConfigured(msg)
    return int(value)


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        msg = (
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=true for local development."
        )
        raise ImproperlyConfigured(msg)
    # Debug only: a key that lives as long as the process. Never used with DEBUG off.
    SECRET_KEY = "django-insecure-debug-only-" + os.urandom(24).hex()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, on a site whose "View on site" tells addresses only to editors.
    "cstocal.apps.CalendarAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Only for its sitemap.xml template (events/web/sitemaps.py).
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "events",
]

MIDDLEWARE = [
    "events.web.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Feeds skip everything below, which they never use (events/web/feed_route.py).
    "events.web.feed_route.CalendarFeedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns "database unreachable" into a 503 with Retry-After (HTML or JSON).
    "events.web.outage.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: it turns a lockout into its answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After 5 failed logins a username is locked from that address (other addresses are
# not), for DJANGO_LOGIN_COOLOFF_MINUTES; a successful login resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address is REMOTE_ADDR: a header any client can send (X-Forwarded-For)
# must not choose it. Behind N proxies, the Nth address from the right of that header
# is the one the nearest trusted proxy saw; the login lockout and the API throttle both
# read it so, and neither reads the header at all when N is 0.
TRUSTED_PROXY_COUNT = env_count("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Earlier versions of an event are shown to read, never saved back (events/admin.py).
SIMPLE_HISTORY_REVERT_DISABLED = True

ROOT_URLCONF = "cstocal.urls"
WSGI_APPLICATION = "cstocal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "events.web.context_processors.calendar",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# No request iterates over a server-side cursor: a feed build reads its events'
# versions a page at a time by id (feed_store._versions), which is faster than a
# cursor WITH HOLD (PostgreSQL plans it for the first rows, then materialises it)
# and, unlike one plain query, never holds them all.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A request's queries take milliseconds: forking parallel workers for them
    # (which PostgreSQL does when it misjudges a range overlap at a million rows)
    # costs more than it saves and takes the cores other requests need.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c max_parallel_workers_per_gather=0"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# event_versions_idx INCLUDEs the columns a feed build reads so PostgreSQL answers
# from the index alone; SQLite has no INCLUDE and keeps a plain index on id.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# REDIS_URL selects Redis (django-redis), shared by every app server; without it
# each process keeps its own memory cache. Either way the calendar stays correct
# when the cache is gone: while Redis is unreachable every cache call answers "not
# cached" (IGNORE_EXCEPTIONS), the failure is logged, and Redis is left alone for a
# few seconds (events/delivery/cache.py says why).
REDIS_URL = os.environ.get("REDIS_URL", "")
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True


def redis_cache(location: str, key_prefix: str) -> dict:
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": key_prefix,
        "TIMEOUT": 3600,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            # Short: a request waits this long at most before answering uncached.
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.5,
            "CLIENT_CLASS": "events.delivery.cache.LenientClient",
            "REDIS_CLIENT_CLASS": "events.delivery.cache.FailSoftRedis",
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL, "cstocal")}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Stored instants are UTC; each timed event names its own IANA zone.
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Hashed, compressed names need `manage.py collectstatic` first (make run and
# make serve do it); the test suite swaps in plain storage (tests/conftest.py).

# The countries offered in the country filter (ISO 3166 alpha-2): the member states.
CSTOCAL_COUNTRIES = env_list("CSTOCAL_COUNTRIES", default=["AM", "BY", "KG", "KZ", "RU", "TJ"])
# Forms offer the members first (django-countries), the other 243 after them.
COUNTRIES_FIRST = CSTOCAL_COUNTRIES

# The JSON API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous write then gets 401 with WWW-Authenticate: Token.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    # JSON only: the browsable API's pages would need inline scripts.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "events.api.throttles.AnonThrottle",
        "events.api.throttles.UserThrottle",
    ],
    # Throttles tell anonymous clients apart by address. DRF's default (None) would
    # take X-Forwarded-For on trust, so a client could rotate it to reset its count;
    # 0 means REMOTE_ADDR alone.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
CSTOCAL_API_RATE_ANON = os.environ.get("CSTOCAL_API_RATE_ANON", "600/min")
CSTOCAL_API_RATE_USER = os.environ.get("CSTOCAL_API_RATE_USER", "3000/min")
# The longest start..end window the event list accepts, in days.
CSTOCAL_API_MAX_WINDOW_DAYS = int(os.environ.get("CSTOCAL_API_MAX_WINDOW_DAYS", "3660"))
SPECTACULAR_SETTINGS = {
    "TITLE": "cstocal API",
    "DESCRIPTION": (
        "The CSTO calendar's events, exercise series and countries. Anyone reads; writes "
        "need model permissions (session or token) and the event's ETag in If-Match.\n\n"
        "## Calendar feeds\n\n"
        "The same events as calendars, outside this API (no authentication, CORS open to "
        "any origin, ETag and Last-Modified for conditional requests, gzip on request):\n\n"
        "- `/calendar.ics`: the whole calendar as iCalendar (RFC 5545);\n"
        "- `/calendar.jcal`: the same calendar as jCal, iCalendar in JSON (RFC 7265), "
        "`application/calendar+json`;\n"
        "- `/events/<slug>.ics` and `/events/<slug>.jcal`: one event.\n\n"
        "Both calendar feeds take the pages' filters: `kind` (e.g. `exercise`), `country` "
        "(e.g. `BY`), `series` (e.g. `interaction`) and `q` (text), repeatable or "
        "comma-separated, e.g. `/calendar.jcal?series=interaction&kind=exercise`; and every "
        "feed takes `lang=ru` for Russian text. A filter or language they do not know is a "
        "400 naming it. Events whose date is not announced yet are in neither; a date known "
        "only to the month or the year is a tentative all-day span over it."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files come from the sidecar package, served by the app: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Reads are public: no padlock beside them (events/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "events.api.schema.public_reads",
    ],
    "ENUM_NAME_OVERRIDES": {
        "KindEnum": "events.enums.Kind",
        "StatusEnum": "events.enums.Status",
        "PrecisionEnum": "events.enums.Precision",
        "CountryCodeEnum": "events.api.serializers.COUNTRY_CODES",
    },
}

# Limits of one iCalendar import (manage.py importics, the admin upload).
CSTOCAL_IMPORT_MAX_BYTES = int(os.environ.get("CSTOCAL_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
CSTOCAL_IMPORT_MAX_EVENTS = int(os.environ.get("CSTOCAL_IMPORT_MAX_EVENTS", "5000"))

# The public URL of the site, used where an absolute link must not depend on the
# request (event URLs inside the iCal feed). Empty: taken from the request.
CSTOCAL_SITE_URL = os.environ.get("CSTOCAL_SITE_URL", "").rstrip("/")
# Longest a cached calendar stamp is trusted should the write at a change be lost.
CSTOCAL_STAMP_SECONDS = int(os.environ.get("CSTOCAL_STAMP_SECONDS", "5"))
# Where each app server keeps the feeds it has built (events/delivery/feed_store.py): a
# writable local folder; what is in it can be deleted at any time.
# Most VEVENT bytes each process keeps to rebuild feeds after a change without
# serialising or fetching every event again; beyond it, events come from the cache.
CSTOCAL_FEED_MEMORY_BYTES = int(os.environ.get("CSTOCAL_FEED_MEMORY_BYTES", str(16 * 2**20)))
# A feed built from nothing with more events than this is built beside the request
# (events/delivery/feed_background.py), which waits for it this long, then answers
# 503 with Retry-After: no request outlasts gunicorn's timeout.
CSTOCAL_FEED_BACKGROUND_EVENTS = int(os.environ.get("CSTOCAL_FEED_BACKGROUND_EVENTS", "20000"))
CSTOCAL_FEED_WAIT_SECONDS = float(os.environ.get("CSTOCAL_FEED_WAIT_SECONDS", "10"))
CSTOCAL_FEED_DIR = Path(os.environ.get("CSTOCAL_FEED_DIR", "") or BASE_DIR / ".local" / "feeds")

# A strict Content Security Policy: scripts and styles only from our own files,
# never inline (templates carry no <script> body and no style= attribute).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# HTTPS. Behind a TLS-terminating proxy, DJANGO_BEHIND_TLS_PROXY=true trusts its
# X-Forwarded-Proto; local runs over plain http set DJANGO_SECURE_SSL_REDIRECT=false.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe health over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "events.web.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"not_while_backing_off": {"()": "events.delivery.cache.NotWhileBackingOff"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per request comes from cstocal.request; Django's own would repeat it.
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # A Redis outage is logged once per back-off, not on every cache call.
        "django_redis.cache": {"filters": ["not_while_backing_off"]},
    },
}
