"""Settings for the WASL & ICSSI directory, read from the environment.

One file for every environment: development, tests and production differ only
by environment variables (see README, "Configuration").
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = env_str(name).lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Absolute base URL used for hreflang alternates, feeds and sitemaps; when empty,
# the URL is built from the request's host.
SITE_URL = env_str("SITE_URL").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin classes patch it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "django_countries",
    "simple_history",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "axes",
    # Background tasks (the mail): the backport of django.tasks and its database backend.
    "django_tasks",
    "django_tasks_db",
    # The join form's challenge, drawn by this site (members/applications.py).
    "captcha",
    "network",
    "members",
    "publications",
    # The whole-site layer (home, search, API, sitemaps, page cache, sign-in): above the apps.
    "network.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy, Cross-Origin-Resource-Policy and Permissions-Policy.
    "csp.middleware.CSPMiddleware",
    "network.site.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The database unreachable: a 503 page in the request's language (network/site/errors.py).
    "network.site.errors.database_unavailable",
    "network.site.middleware.remember_language",
    # Anonymous pages from the shared cache: needs the language, stores the compressed
    # body, and sees the cookies set by everything below it (network/site/pagecache.py).
    "network.site.pagecache.page_cache",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "network.site.security.log_forbidden",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "network.urls"
WSGI_APPLICATION = "network.wsgi.application"

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
                "network.site.context_processors.languages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes the write lock when it begins, so that the version check of
    # a save (network/core/versioning.py) and the save itself cannot interleave with another.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Trigram search needs a UTF-8 database; template0 lets the test database
    # choose its encoding whatever template1 was created with.
    DATABASES["default"]["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis is optional: unreachable, pages are served uncached (and a warning
            # logged); it is used again as soon as it answers (network/site/sharedcache.py).
            "BACKEND": "network.site.sharedcache.OptionalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "directory"),
            # Short: a Redis that does not answer must not hold a page up for long.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5,
                        "retry_after": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous public pages are kept this many seconds in that cache; 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
#: Longest a process keeps a list's facet counts (network/core/facets.py) without
#: rebuilding them; a content change, in any process, rebuilds them at its next request
#: through the content generation (network/core/generation.py).
FACET_INDEX_SECONDS = env_int("FACET_INDEX_SECONDS", 300)

# Staff sign-in: django-axes counts failed logins first, then the usual backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Arabic first and default, right-to-left.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["network.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "en")
# Plain attribute access (``network.name``) falls back to the other language;
# templates use the ``translated`` tag, which also marks the fallback.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ar", "en")
# The admin's translation tabs need jQuery UI: served from our own static files.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# Uploaded PDFs of the library: size limit, and the limits of the separate process that
# parses each one (seconds of CPU, also the wall-clock timeout; address space in MB).
PUBLICATION_MAX_UPLOAD_BYTES = env_int("PUBLICATION_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
PUBLICATION_WORKER_SECONDS = env_int("PUBLICATION_WORKER_SECONDS", 30)
PUBLICATION_WORKER_MEMORY_MB = env_int("PUBLICATION_WORKER_MEMORY_MB", 512)
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production; plain names in development and
        # in tests, which run without `collectstatic`.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security: strict by default, relaxed only by DEBUG or an explicit variable.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The preload directive only allows a submission to the browsers' preload list;
# the operator decides whether to submit the domain.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it; forms carry the token
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Secure cookies get the __Host- prefix: the browser then only accepts them over HTTPS,
# for this exact host and path /, so no subdomain can set or read them.
if not DEBUG:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
X_FRAME_OPTIONS = "DENY"
# A refused form (CSRF) gets the site's own 403 page, in the request's language.
CSRF_FAILURE_VIEW = "network.site.errors.csrf_failure"
# Cross-Origin-Resource-Policy: same-origin, except the open-data API (CORS, any origin).
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
                      "magnetometer=(), microphone=(), payment=(), usb=()")

# Content-Security-Policy (django-csp): nothing but this site's own files; no inline
# script or style anywhere (the JSON-LD blocks are data, not scripts). The covers and the
# two-factor QR code are images of this site; the admin's SVG icons are data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Outgoing mail (network/core/mail.py), from the environment. Development prints every
# message on the console; tests use pytest-django's locmem outbox.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
                        if DEBUG else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "directory@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
#: A failed send is tried again this many times in all, each after a longer wait.
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 5)
MAIL_RETRY_SECONDS = env_int("MAIL_RETRY_SECONDS", 60)

# Background tasks (django-tasks): mail is enqueued by the request and sent by a worker
# (`manage.py db_worker`). TASKS_BACKEND=immediate runs each task at once in the process
# that enqueues it (development without a worker; the tests).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}

# Member accounts: an invitation link is valid this many days, once.
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
# A curator's link to a listed person's own listing: days it may be opened (once), and
# minutes the listing stays open in that browser afterwards.
LISTING_LINK_DAYS = env_int("LISTING_LINK_DAYS", 14)
LISTING_LINK_MINUTES = env_int("LISTING_LINK_MINUTES", 60)
# Consent reminders (members/reminders.py, manage.py send_consent_reminders, weekly): a
# person is sent a renewal link, and her curators told, this many days before the review
# date; renewing moves the review date this many days on.
CONSENT_REMINDER_DAYS = env_int("CONSENT_REMINDER_DAYS", 30)
CONSENT_RENEWAL_DAYS = env_int("CONSENT_RENEWAL_DAYS", 365)
# Freshness (members/freshness.py, manage.py send_checkin_requests, weekly): records not
# checked for this many days are due; the yearly check-in link works this many days.
# E-mail alerts (network/site/alerts.py, manage.py send_digests daily|weekly): how long the
# confirmation and management links work, and how many alerts one address (and one client
# address) may ask for an hour.
ALERT_CONFIRM_DAYS = env_int("ALERT_CONFIRM_DAYS", 7)
ALERT_MANAGE_DAYS = env_int("ALERT_MANAGE_DAYS", 30)
ALERT_SUBSCRIBE_PER_HOUR_PER_EMAIL = env_int("ALERT_SUBSCRIBE_PER_HOUR_PER_EMAIL", 5)
ALERT_SUBSCRIBE_PER_HOUR_PER_IP = env_int("ALERT_SUBSCRIBE_PER_HOUR_PER_IP", 20)
FRESHNESS_DAYS = env_int("FRESHNESS_DAYS", 365)
CHECKIN_LINK_DAYS = env_int("CHECKIN_LINK_DAYS", 30)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 24) * 60 * 60
# Reset mails to one account in an hour; more requests are answered alike, without a mail.
PASSWORD_RESET_MAILS_PER_HOUR = env_int("PASSWORD_RESET_MAILS_PER_HOUR", 3)

# Applications to join a network (members/applications.py): the confirmation link works
# this many days; a form sent sooner than JOIN_MIN_SECONDS after it was opened, with the
# hidden field filled, or past JOIN_MAX_PER_IP applications from one address in an hour or
# JOIN_MAX_PER_EMAIL for one e-mail address in a day, must answer the challenge.
JOIN_CONFIRM_DAYS = env_int("JOIN_CONFIRM_DAYS", 7)
JOIN_MIN_SECONDS = env_int("JOIN_MIN_SECONDS", 5)
JOIN_MAX_PER_IP = env_int("JOIN_MAX_PER_IP", 5)
JOIN_MAX_PER_EMAIL = env_int("JOIN_MAX_PER_EMAIL", 3)
# The challenge (django-simple-captcha): a sum drawn as an image by this site, valid for
# 15 minutes. No audio: it needs the flite program, which the site does not assume.
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_TIMEOUT = 15
CAPTCHA_2X_IMAGE = False
CAPTCHA_FONT_SIZE = 36
CAPTCHA_LETTER_ROTATION = (-15, 15)
# The contact relay (members/relay.py): how long the sender's confirmation link works, how
# long a message is kept for the staff, and how many messages may be written per sender
# address and per client address in an hour and per recipient in a day.
MESSAGE_LINK_HOURS = env_int("MESSAGE_LINK_HOURS", 24)
MESSAGE_RETENTION_DAYS = env_int("MESSAGE_RETENTION_DAYS", 30)
MESSAGES_PER_SENDER_PER_HOUR = env_int("MESSAGES_PER_SENDER_PER_HOUR", 3)
MESSAGES_PER_CLIENT_PER_HOUR = env_int("MESSAGES_PER_CLIENT_PER_HOUR", 10)
MESSAGES_PER_RECIPIENT_PER_DAY = env_int("MESSAGES_PER_RECIPIENT_PER_DAY", 20)

# Staff sign-in: password, then a second factor (TOTP or a backup code), enforced for
# the admin; failed logins lock the account for a cool-off.
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "admin:index"
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "WASL & ICSSI directory")
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
# Failures count per account and address, and per account from every address together:
# the account is locked from any address once it reaches the limit. An address alone is
# never locked, so one office behind a NAT cannot lock out its other curators. (With one
# limit the account-wide count reaches it first or together; the pair is listed so that
# axes' own check, axes.W006, sees the address taken into account.)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The lockout ends a cool-off after the last counted failure; attempts during it are
# refused and logged but do not extend it, so the page can say when to try again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "network.site.security.lockout_response"
# The client's address: REMOTE_ADDR, or behind the proxy (BEHIND_HTTPS_PROXY) the address
# the proxy appended to X-Forwarded-For, never one a client could have written itself.
AXES_CLIENT_IP_CALLABLE = "network.site.security.client_ip"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT",
                              1 if env_bool("BEHIND_HTTPS_PROXY", False) else 0)
# Never store the two-factor login's password or codes in the attempt records.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "auth-password", "token-otp_token",
                             "backup-otp_token"]
# A staff session ends after this many seconds without a request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sign-ins, sign-outs, failures, lockouts and refusals (network/site/security.py), kept at INFO
# whatever LOG_LEVEL says.
LOGGING["loggers"] = {"directory.security": {"level": "INFO"}}

# Spreadsheet import and export (django-import-export).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
# Limits of one imported spreadsheet, checked while reading it (a sheet's declared size is
# never trusted): rows below the header, columns (a CSV's empty ones included), cells
# (rows × named columns) and bytes (the file, and each part of an XLSX unpacked). The
# admin imports at most IMPORT_WEB_MAX_ROWS rows within the request, and up to
# IMPORT_MAX_ROWS as a job in the task worker (members/import_jobs.py), as
# `manage.py import_members` does.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 60)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 500_000)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
IMPORT_WEB_MAX_ROWS = env_int("IMPORT_WEB_MAX_ROWS", 5_000)
# An import job whose progress has not moved for this long says the worker may have stopped.
IMPORT_JOB_STALLED_MINUTES = env_int("IMPORT_JOB_STALLED_MINUTES", 10)
# A job's preview not confirmed within this many days fails, and its file is dropped.
IMPORT_JOB_CONFIRM_DAYS = env_int("IMPORT_JOB_CONFIRM_DAYS", 7)
