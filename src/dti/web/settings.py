"""Django settings of the DTI web platform.

SQLite under ``var/`` by default (created on first run); PostgreSQL when ``DATABASE_URL`` is set.
Secrets and hosts come from the environment in production (``DTI_SECRET_KEY``, ``DTI_ALLOWED_HOSTS``).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
# var/ lives next to the project checkout (or wherever DTI_VAR_DIR points), never inside the package
VAR_DIR = Path(os.environ.get("DTI_VAR_DIR", Path.cwd() / "var")).resolve()

DEBUG = os.environ.get("DTI_DEBUG", "1") == "1"
_DEV_KEY = "dti-dev-only-key-not-for-production"  # noqa: S105 - refused below when DEBUG is off
SECRET_KEY = os.environ.get("DTI_SECRET_KEY", _DEV_KEY)
if not DEBUG and SECRET_KEY == _DEV_KEY:
    raise RuntimeError("DTI_SECRET_KEY phải được đặt khi chạy với DTI_DEBUG=0")


def _env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


if not DEBUG and not _env_list("DTI_ALLOWED_HOSTS"):
    raise RuntimeError("DTI_ALLOWED_HOSTS phải được đặt (tên miền của trang, cách nhau bằng dấu phẩy) khi chạy với DTI_DEBUG=0")
ALLOWED_HOSTS = _env_list("DTI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks); see dti.web.core.clientaddr.
DTI_TRUSTED_PROXIES = _env_list("DTI_TRUSTED_PROXIES")
REDIS_URL = os.environ.get("REDIS_URL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dti.web.core",
    "dti.web.audit",
    "dti.web.units",
    "dti.web.accounts",
    "dti.web.frameworks",
    "dti.web.rounds",
    "dti.web.entries",
    "dti.web.imports",
    "django_q",
    "dti.web.results",
    "dti.web.documents",
    "dti.web.notifications",
    "dti.web.cycle",
    "dti.web.targets",
    "dti.web.office",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "dti.web.api",
    "csp",
]

# Job queue (django-q2) for result recomputes: the database is the broker unless REDIS_URL is set.
Q_CLUSTER: dict[str, object] = {
    "name": "dti", "workers": int(os.environ.get("DTI_QUEUE_WORKERS", "2")), "timeout": 600, "retry": 900,
    "orm": "default",
}
if REDIS_URL:
    Q_CLUSTER = {**{k: v for k, v in Q_CLUSTER.items() if k != "orm"}, "redis": REDIS_URL}
# The project's static/ (not an app's), plus Chart.js from npm (`npm ci`) served from node_modules, never committed.
_NODE_MODULES = Path(os.environ.get("DTI_NODE_MODULES", BASE_DIR.parents[2] / "node_modules"))
STATICFILES_DIRS: list[object] = [BASE_DIR / "static"]
if (_NODE_MODULES / "chart.js" / "dist").is_dir():
    STATICFILES_DIRS.append(("vendor/chart.js", _NODE_MODULES / "chart.js" / "dist"))

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dti.web.core.middleware.BodySizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dti.web.accounts.middleware.ForcePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dti.web.core.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dti.web.core.errors.ErrorPagesMiddleware",
    "csp.middleware.CSPMiddleware",
]
CSRF_FAILURE_VIEW = "dti.web.core.errors.csrf_failure"

ROOT_URLCONF = "dti.web.urls"
WSGI_APPLICATION = "dti.web.wsgi.application"

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
                "dti.web.office.context.office_nav",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------
_sqlite_path = VAR_DIR / "dti.sqlite3"
# Persistent connections only where a server keeps its threads (gunicorn workers: DTI_DB_CONN_MAX_AGE);
# the default 0 closes each request's connection at its end, which the threaded development server
# (`dti demo --serve`, one new thread per request) needs: a kept connection there outlives its thread
# and is never reused, until PostgreSQL's max_connections is exhausted.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{_sqlite_path}",
        conn_max_age=int(os.environ.get("DTI_DB_CONN_MAX_AGE", "0")), conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    _sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    # Concurrent writers on the embedded database: WAL lets readers run beside the writer, every
    # transaction takes the write lock when it begins (IMMEDIATE: no deadlock between two readers that
    # both want to write), and a writer waits up to 20 s for the lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every worker process (the login throttle counts failures in it): Redis when REDIS_URL
# is set, otherwise a database table (created after migrate by dti.web.core, see apps.py).
# DTI_CACHE_KEY_PREFIX lets processes sharing one Redis database (e.g. concurrent test runs) keep apart.
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
     "KEY_PREFIX": os.environ.get("DTI_CACHE_KEY_PREFIX", "dti")}
    if REDIS_URL else
    {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "dti_cache"}
)}

# --- auth -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "rounds:home"
LOGOUT_REDIRECT_URL = "accounts:login"
LOGIN_THROTTLE_LIMIT = 5  # failed attempts per account + client address …
LOGIN_THROTTLE_IP_LIMIT = 30  # … or per client address over all accounts …
LOGIN_THROTTLE_WINDOW = 15 * 60  # … within this many seconds
# Sessions end after DTI_SESSION_IDLE_MINUTES without a request, and in any case after 12 hours.
SESSION_IDLE_SECONDS = int(os.environ.get("DTI_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_COOKIE_AGE = 12 * 3600
# Password reset e-mails: SMTP when DTI_EMAIL_HOST is set, otherwise printed on the console (development).
DEFAULT_FROM_EMAIL = os.environ.get("DTI_EMAIL_FROM", "DTI <khong-tra-loi@localhost>")
if os.environ.get("DTI_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["DTI_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("DTI_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DTI_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DTI_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("DTI_EMAIL_TLS", "1") == "1"
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
PASSWORD_RESET_TIMEOUT = 2 * 3600

# --- security defaults -------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp): only the site's own scripts, styles, images and fonts; no inline
# script anywhere (Chart.js and the page scripts are static files). Inline style attributes are allowed
# (the scorecard's indentation), inline <style> elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HTTPS only: redirect plain HTTP and tell browsers to keep to HTTPS (HSTS) for a year.
    SECURE_SSL_REDIRECT = os.environ.get("DTI_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("DTI_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("DTI_HSTS_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("DTI_HSTS_PRELOAD", "1") == "1"
    SECURE_REFERRER_POLICY = "same-origin"
    CSRF_TRUSTED_ORIGINS = _env_list("DTI_CSRF_TRUSTED_ORIGINS") or [f"https://{h}" for h in ALLOWED_HOSTS
                                                                     if not h.startswith(".")]
    if DTI_TRUSTED_PROXIES:
        # the TLS proxy tells Django the original scheme; only meaningful behind a trusted proxy
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Vietnamese ---------------------------------------------------------------
LANGUAGE_CODE = "vi"
# our catalogue first: Vietnamese for what Django's and DRF's "vi" catalogues leave in English
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["dti.web.formats"]

# --- files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic in development
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Evidence is kept outside any served directory and only streamed by a permission-checked view.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/khong-phuc-vu-truc-tiep/"
EVIDENCE_MAX_BYTES = int(os.environ.get("DTI_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
# Root certificates trusted for PDF signatures (chứng thư số gốc); see dti.evidence.trust.
DTI_TRUST_ROOTS_DIR = Path(os.environ.get("DTI_TRUST_ROOTS_DIR") or VAR_DIR / "trust-roots")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# No request body above this is read (evidence files and Excel templates included): 413 at once.
DTI_MAX_REQUEST_BYTES = int(os.environ.get("DTI_MAX_REQUEST_BYTES", EVIDENCE_MAX_BYTES + 2 * 1024 * 1024))
FILE_UPLOAD_PERMISSIONS = 0o640

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # 403/404 are expected answers of the permission checks, not incidents worth a traceback
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # pyHanko logs every untrusted or broken signature at ERROR; our verdicts already report them
        "pyhanko": {"handlers": ["console"], "level": "CRITICAL", "propagate": False},
        "pyhanko_certvalidator": {"handlers": ["console"], "level": "CRITICAL", "propagate": False},
    },
}

# --- REST API (dti.web.api) ----------------------------------------------------
REST_FRAMEWORK = {
    # Bearer first: an anonymous call then gets 401 with WWW-Authenticate, not 403
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "dti.web.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["dti.web.api.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "dti.web.api.views.common.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "dti.web.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Nền tảng Chỉ số chuyển đổi số (DTI)",
    "DESCRIPTION": "Bộ chỉ số, đơn vị, kỳ đánh giá, số liệu, kết quả, xếp hạng và nhật ký. Xem docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],  # the document holds no data
    "SWAGGER_UI_DIST": "SIDECAR",  # assets from the drf-spectacular-sidecar package: works offline
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # the one error shape ({"error": {code, message, fields}}) declared on every operation
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "dti.web.api.schema.error_responses",
    ],
}

# --- notifications -------------------------------------------------------------
# Reminders "deadline in N days" (scheduled daily on django-q2); links in e-mails start with the site URL.
DTI_REMINDER_DAYS = int(os.environ.get("DTI_REMINDER_DAYS", "3"))
DTI_SITE_URL = os.environ.get("DTI_SITE_URL", "http://127.0.0.1:8000")
