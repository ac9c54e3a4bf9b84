"""Settings shared by every environment.

Everything that differs between machines is read from the environment here, with an embedded default
where one can serve (see `.env.example` and the README's environment table). `dev`, `test` and
`production` only adjust what is specific to them.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kohtaamo.workarounds import opensearch_node

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
SITE_DIR = BASE_DIR / "site"
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    """An environment variable, with empty strings treated as unset."""
    value = os.environ.get(name, "")
    return value if value.strip() else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first: their templates and translations take precedence.
    "kohtaamo",
    "brand",
    "locations",
    "news",
    "search",
    "quality",
    "accounts",
    "generator",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
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
    "django_filters",
    "ninja",  # serves the API docs assets itself (no CDN)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kohtaamo.middleware.OpenDataCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves cached pages to anonymous visitors before everything below (kohtaamo/page_cache.py).
    "kohtaamo.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.throttle.ThrottleMiddleware",
    "locations.admin_scoping.HiddenPageGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kohtaamo.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A database outage: 503 pages, an editor's form kept (process_exception runs first here).
    "kohtaamo.middleware.DatabaseUnavailableMiddleware",
    # Last: turns a refused login (locked out) into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kohtaamo.urls"
WSGI_APPLICATION = "kohtaamo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kohtaamo.context_processors.site_chrome",
                "brand.context_processors.brand",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/kohtaamo; default: SQLite in var/.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kohtaamo.sqlite3'}")
# Persistent connections, checked before each request reuses one: after a database restart the
# next request reconnects instead of failing on a dead connection.
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache that logs a failing Redis and carries on as a cache miss: the
            # site keeps serving (slower) while Redis is down.
            "BACKEND": "kohtaamo.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kohtaamo",
            "TIMEOUT": 600,
            "OPTIONS": {
                "socket_connect_timeout": float(env("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(env("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kohtaamo",
            "TIMEOUT": 600,
        }
    }

# The page cache (kohtaamo/page_cache.py): anonymous page answers, in the cache above.
KOHTAAMO_PAGE_CACHE = env_bool("PAGE_CACHE", True)
# How long a cached page may live at most (seconds); publishing and settings changes invalidate at
# once, open-now states and midnight end an entry sooner.
KOHTAAMO_PAGE_CACHE_TIMEOUT = int(env("PAGE_CACHE_TIMEOUT", "3600"))
# s-maxage of cached pages for a CDN or proxy in front: how long after a publish it may still serve
# the old page.
KOHTAAMO_PAGE_CACHE_CDN_MAX_AGE = int(env("PAGE_CACHE_CDN_MAX_AGE", "60"))

# --- Search ---------------------------------------------------------------------------------------
# ELASTICSEARCH_URL alone switches the Elasticsearch engine on; without it the database engine
# (SQLite FTS5 / PostgreSQL full text) serves.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
# The test node of scripts/elasticsearch.sh is OpenSearch; the Elasticsearch 8 client talks to it
# through a compatible node class (kohtaamo/workarounds/opensearch_node.py). Never for production.
ELASTICSEARCH_OPENSEARCH_COMPAT = env_bool("ELASTICSEARCH_OPENSEARCH_COMPAT")
ELASTICSEARCH_CLIENT_OPTIONS = (
    opensearch_node.client_options() if ELASTICSEARCH_OPENSEARCH_COMPAT else {}
)
# Prefix of the per-language indices and aliases (kohtaamo-fi, kohtaamo-sv, kohtaamo-en).
ELASTICSEARCH_INDEX = env("ELASTICSEARCH_INDEX", "kohtaamo")
ELASTICSEARCH_TIMEOUT = float(env("ELASTICSEARCH_TIMEOUT", "2"))
# The admin's own content search stays on Wagtail's database backend: site search, the API and
# the finder go through search/ (which uses Elasticsearch when configured, with a fallback).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}

# --- Languages ------------------------------------------------------------------------------------
# Finnish is the source language and the default (no URL prefix); sv and en are translations.
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", "Suomi"),
    ("sv", "Svenska"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
USE_I18N = True
# The project's catalogue, then its fi/sv translations of admin strings upstream leaves untranslated
# (kohtaamo/upstream_locale): both win over the apps' own catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "kohtaamo" / "upstream_locale" / "locale"]
FORMAT_MODULE_PATH = ["kohtaamo.formats"]  # English dates as written in Finland (1 November 2026)
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # Leaflet and marker clustering for the finder's map from the xstatic-* packages (no npm,
    # no CDN), served under /static/vendor/.
    "locations.staticfinders.XStaticMapFinder",
]
STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
# The static export (manage.py build_site): builds under EXPORT_DIR/builds/, served from
# EXPORT_DIR/current.
GENERATOR_OUTPUT = Path(env("EXPORT_DIR", VAR_DIR / "export"))
# Processes a full build renders in (forked after Django is set up; `build_site --workers`).
GENERATOR_WORKERS = int(env("GENERATOR_WORKERS", "2"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve the media folder from Django (development and tests; production uses the web server).
SERVE_MEDIA = False

# --- Wagtail --------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Ohjaamo"
# Slugs made from titles (in the editor and in code) are ASCII: "Helsingissä" → "helsingissa".
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no requests to gravatar.com from the admin
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "kohtaamo.KohtaamoImage"
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # every download passes the privacy check
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip", "svg"]
# Upload limits per kind. Documents: 50 MB (a long illustrated report as PDF). Images: 20 MB of
# file and 20 Mpx (WAGTAILIMAGES_MAX_IMAGE_PIXELS; Wagtail's default is 128 Mpx). The largest
# rendition the site makes is 1600 px wide and phones save 12 Mpx photos, so 20 Mpx (5472 x 3648)
# loses nothing visible; a rendition holds the decoded image (4 bytes a pixel with alpha) once
# (kohtaamo/workarounds/frugal_renditions.py), so the worst allowed upload and rendition take a
# worker about 100 MB where the probe's 121 Mpx took over 1 GB (benchmarks/uploads.py).
# Renditions run one at a time per process (KOHTAAMO_RENDITION_CONCURRENCY;
# kohtaamo/workarounds/bounded_renditions.py, which also bounds filter-spec sizes).
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 20_000_000
KOHTAAMO_RENDITION_CONCURRENCY = int(env("KOHTAAMO_RENDITION_CONCURRENCY", "1"))
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
        },
    }
}
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls home from the admin
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Maps -----------------------------------------------------------------------------------------
# Tiles are requested only after the visitor asks for the map.
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
MAP_TILE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL.replace("{s}", "a")))

# --- Security headers (strict in every environment; production adds HTTPS) ------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail sets SAMEORIGIN itself on its preview views
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin reads the CSRF cookie from JavaScript

# Content Security Policy (django-csp 4). The public site allows only its own scripts and styles,
# with a per-request nonce for the inline brand tokens and JSON-LD; map tiles come only from
# MAP_TILE_ORIGIN and only after consent (the page does not request them before).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:", MAP_TILE_ORIGIN],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# The Wagtail admin still needs inline scripts and styles; it gets its own, looser policy.
CONTENT_SECURITY_POLICY_ADMIN_PATHS = ("/admin/",)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "wagtailadmin_login"

# --- Logins, second factor, sessions (accounts/; README: Security) --------------------------------
# django-axes refuses logins after AXES_FAILURE_LIMIT failures from one address or for one user
# name, until AXES_COOLOFF_TIME has passed or an administrator runs `manage.py axes_reset...`.
# The same throttle covers the password reset form and page passwords (accounts/throttle.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip"
AXES_VERBOSE = False  # accounts/audit.py logs logins, failures and lockouts itself
AXES_DISABLE_ACCESS_LOG = True  # successful logins are logged by accounts/audit.py
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: none, the
# client's address is REMOTE_ADDR).
KOHTAAMO_PROXY_COUNT = int(env("PROXY_COUNT", "0"))

# A second factor (TOTP app or a recovery code) after the password. Required for superusers and the
# national groups when KOHTAAMO_2FA_REQUIRED (production default); offered to everyone. The groups
# are named by their role (kohtaamo.NationalGroup), which stays when a group is renamed.
KOHTAAMO_2FA_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
KOHTAAMO_2FA_REQUIRED_ROLES = ("editors", "administrators")
KOHTAAMO_2FA_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "Ohjaamo"

# Sessions end after SESSION_IDLE_HOURS without a request (every request renews the cookie).
SESSION_COOKIE_AGE = int(float(env("SESSION_IDLE_HOURS", "8")) * 3600)
SESSION_SAVE_EVERY_REQUEST = True
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Ohjaamo <no-reply@ohjaamot.fi>")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))

# Accessibility feedback form (kohtaamo/feedback.py): at most this many messages per client
# address in this many seconds (counted in the cache, shared between processes with REDIS_URL).
ACCESSIBILITY_FEEDBACK_RATE_LIMIT = int(env("ACCESSIBILITY_FEEDBACK_RATE_LIMIT", "5"))
ACCESSIBILITY_FEEDBACK_RATE_WINDOW = int(env("ACCESSIBILITY_FEEDBACK_RATE_WINDOW", "3600"))

# Demo accounts (seed_demo) are allowed only where a settings module says so (dev and test).
KOHTAAMO_ALLOW_DEMO_USERS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # Logins, failures, lockouts and second-factor events (never passwords or codes).
    "loggers": {
        "kohtaamo.security": {"level": "INFO"},
        "axes": {"level": "ERROR"},  # kohtaamo.security logs the same events, with the user name
    },
}

KOHTAAMO_SITE_NAME = _("Ohjaamo")
