"""Kwartier settings: one module, configured by environment variables only.

Every variable is documented in docs/configuration.md. Values are parsed strictly:
a malformed value stops start-up with a message instead of being guessed.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
# var/ holds the embedded database and the generated secret key of a local install.
VAR_DIR = Path(os.environ.get("KWARTIER_VAR_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_positive_int(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be 1 or more, not {value}")
    return value


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'kwartier.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers at the same moment (votes cast together) wait their turn instead of failing
    # with "database is locked": a transaction takes the write lock when it begins (a
    # deferred one that read first cannot wait for it), waiting up to 20 s; in WAL mode
    # readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "kwartier.core",
    "kwartier.privacy",
    "kwartier.network",
    "kwartier.support",
    "kwartier.instruments",
    "kwartier.methods",
    "kwartier.referrals",
    "kwartier.budgets",
    "kwartier.voting",
    "kwartier.signals",
    "kwartier.indicators",
    "kwartier.demo",
    "kwartier.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the others, so that their answers under /api/ carry the version too.
    "kwartier.core.middleware.ApiVersionMiddleware",
    "kwartier.core.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "kwartier.accounts.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kwartier.core.middleware.NoApiSlashCommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the OTP middleware: sends users who owe the second login step to it.
    "kwartier.accounts.middleware.TwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kwartier.urls"
WSGI_APPLICATION = "kwartier.wsgi.application"

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
                "kwartier.core.context_processors.navigation",
            ],
        },
    },
]

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# The lockout check comes first; it only refuses, the password check is Django's own.
AUTHENTICATION_BACKENDS = [
    "kwartier.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Django's check with a Dutch message (Django 5.2's text is not yet translated).
        "NAME": "kwartier.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface is written in Dutch only: Django's own texts (month names, field errors)
# follow suit whatever language the browser asks for.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("KWARTIER_MEDIA_ROOT", VAR_DIR / "media")).resolve()
# Uploads (signal photos) are served by the app through the access layer, never as static.
MEDIA_URL = "/media/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even if still empty
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves the app's own static files without a separate web server, also
# with DEBUG off, so no CDN or proxy is needed for a working install.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
# Idle timeout (docs/security.md): the session is saved on every request, so it ends
# SESSION_IDLE_MINUTES after the last one; closing the browser ends it as well.
SESSION_IDLE_MINUTES = env_positive_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind HTTPS (SECURE_COOKIES): browsers use only HTTPS for this host for a year.
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if SESSION_COOKIE_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere. The
# Swagger UI at /api/docs/ alone may run its inline script (src/kwartier/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# E-mail (feedback to referrers, periodic overviews). Without a mail server the messages
# are written to the console, so development and the demo never try to reach SMTP.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kwartier@localhost")

# Two-factor login (django-otp, docs/security.md).
OTP_TOTP_ISSUER = "Kwartier"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # /beheer/ never shows a user's key or QR code
# Lets the seven demo accounts skip the second step, so `make demo` works out of the box.
# Never in production: anyone who knows the demo password is then in.
KWARTIER_DEMO_2FA_EXEMPT = env_bool("KWARTIER_DEMO_2FA_EXEMPT", False)

# Lockout after failed logins (django-axes), per combination of username and IP address.
AXES_FAILURE_LIMIT = env_positive_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_positive_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_CALLABLE = "kwartier.accounts.views.locked_out"
# Personal data never in logs or error reports (kwartier/accounts/logging.py).
DEFAULT_EXCEPTION_REPORTER = "kwartier.accounts.logging.PersonalDataExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "kwartier.accounts.logging.PersonalDataReporterFilter"

REST_FRAMEWORK = {
    # Token first: its authenticate_header ("Token") makes DRF answer an anonymous
    # request 401 with WWW-Authenticate instead of 403. Sessions (the web UI) still work.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # The one API permission: each view declares its required_roles (core/access/api.py).
    "DEFAULT_PERMISSION_CLASSES": ["kwartier.core.access.api.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "kwartier.core.api_schema.KwartierAutoSchema",
    "EXCEPTION_HANDLER": "kwartier.core.api_errors.exception_handler",
}
# The API's full version (semver), sent as the API-Version header of every answer under
# /api/ and published as info.version; its major version is the one in the path (/api/v1).
KWARTIER_API_VERSION = "1.1.0"
SPECTACULAR_SETTINGS = {
    "TITLE": "Kwartier API",
    "DESCRIPTION": (
        "API van Kwartier: wijken, bewoners, huishoudens, organisaties en de sociale kaart."
    ),
    "VERSION": KWARTIER_API_VERSION,
    # Who answers an integrator's questions: the organisation that runs this installation
    # (the defaults are the demo municipality's placeholders, RFC 2606's .example domain).
    "CONTACT": {
        "name": os.environ.get("KWARTIER_API_CONTACT_NAME", "Functioneel beheer Kwartier"),
        "email": os.environ.get("KWARTIER_API_CONTACT_EMAIL", "kwartier@gemeente.example"),
        "url": os.environ.get("KWARTIER_API_CONTACT_URL", "https://gemeente.example/kwartier"),
    },
    # Paths are published relative to the server with the major version in its URL.
    "SERVERS": [{"url": "/api/v1", "description": "Deze installatie"}],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kwartier.core.api_schema.add_version_headers",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed package, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set that several resources share (support: docs/support.md).
    "ENUM_NAME_OVERRIDES": {
        "ConsentObtainedEnum": "kwartier.privacy.models.Consent.Obtained",
        "HelpRequestStatusEnum": "kwartier.support.models.HelpRequest.Status",
        "HelperKindEnum": "kwartier.support.models.Helper.Kind",
        "ProposalStatusEnum": "kwartier.support.models.Proposal.Status",
        "MatchStatusEnum": "kwartier.support.models.Match.Status",
        "MatchFollowUpEnum": "kwartier.support.models.Match.FollowUp",
        "MatchOutcomeEnum": "kwartier.support.models.Match.Outcome",
        "UrgencyEnum": "kwartier.support.models.HelpRequest.Urgency",
        "SignalStatusEnum": "kwartier.signals.states.Status",
        "SignalUrgencyEnum": "kwartier.signals.models.Signal.Urgency",
        "SignalChannelEnum": "kwartier.signals.models.Signal.Channel",
    },
}

# Retention (docs/adr/0001-retention.md): years after a dossier's last change before
# the retention job erases it. Wmo 2015 art. 5.3.6: 15 years unless longer is needed.
KWARTIER_RETENTION_DOSSIER_YEARS = env_int("KWARTIER_RETENTION_DOSSIER_YEARS", 15)
# Declined or never-decided referrals: months after the decision (or receipt) before the
# resident's data is erased (docs/adr/0001-retention.md, addendum).
KWARTIER_RETENTION_DECLINED_REFERRAL_MONTHS = env_int(
    "KWARTIER_RETENTION_DECLINED_REFERRAL_MONTHS", 12
)
# Signals: days after closing before a reporter's contact details are removed
# (docs/signals.md).
KWARTIER_SIGNAL_CONTACT_DAYS = env_positive_int("KWARTIER_SIGNAL_CONTACT_DAYS", 90)

# Support: weeks after a match before the worker is asked "heeft dit tot een koppeling
# geleid?" (docs/support.md).
KWARTIER_MATCH_FOLLOWUP_WEEKS = env_positive_int("KWARTIER_MATCH_FOLLOWUP_WEEKS", 6)

# Demo accounts: the password every demo account gets (docs/configuration.md).
KWARTIER_DEMO_PASSWORD = os.environ.get("KWARTIER_DEMO_PASSWORD", "demo")

# Log lines as text (the demo, a terminal) or, for a log collector in production, one
# JSON object per line (docs/deployment.md).
LOG_FORMAT = os.environ.get("KWARTIER_LOG_FORMAT", "").strip().lower() or "text"
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"KWARTIER_LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Search words in a query string may be names: never in a request log line.
    "filters": {"strip_query_strings": {"()": "kwartier.accounts.logging.StripQueryStrings"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "text": {"format": "[{asctime}] {message}", "style": "{"},
        "json": {"()": "kwartier.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        },
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
        # gunicorn's access log, one line per request (core/logs.py), to stdout.
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["strip_query_strings"],
        },
    },
    "loggers": {
        "kwartier.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        # One line per login attempt is noise; lockouts are still logged as warnings.
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["strip_query_strings"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "filters": ["strip_query_strings"],
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
