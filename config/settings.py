"""Settings for the product, read from the environment.

The defaults run a development instance with no configuration at all:
SQLite, SMS and e-mail written to files under var/.
"""

from pathlib import Path

import dj_database_url
import django.conf.locale
from django.core.exceptions import ImproperlyConfigured

from config.devkey import dev_secret_key
from config.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # A random development key kept in VAR_DIR, never a key written here: the deploy checks
    # (config/checks.py) refuse it, and the web application and the worker do not start on it.
    SECRET_KEY = dev_secret_key(VAR_DIR)

# Key for the survey link tokens, kept outside the database on purpose:
# a database dump alone must not yield working survey links. Production must set it;
# the fallback to SECRET_KEY is for development (and is what older versions did).
TOKEN_KEY = env_str("TOKEN_KEY", "")
TOKEN_KEY_FALLBACK = not TOKEN_KEY
TOKEN_KEY = TOKEN_KEY or SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "formtools",
    "config",
    "common",
    "register",
    "enkat",
    "utskick",
    "analys",
    "kvalitetsrapport",
]

MIDDLEWARE = [
    "common.logpath.LogPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "common.middleware.SecurityHeadersMiddleware",
    "common.login_devices.LoginDeviceMiddleware",
    "common.staff_pages.StaffPagesMiddleware",
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
                "common.context_processors.roles",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_PREPARED_STATEMENTS", True):
        # Lets the survey pages' few hand-written statements be prepared once per connection
        # (enkat/visits.py): planning them again on every request cost more than running them.
        # Django's own queries bind on the client and are never prepared.
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
            "CONN_HEALTH_CHECKS": True,
            # Tests on a file too, as the product runs: an in-memory test database shares one cache
            # between connections, where a reader in one thread makes another thread's write fail
            # at once ("table is locked") instead of waiting for the lock as a file database does.
            "TEST": {"NAME": VAR_DIR / "test.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (Redis) in production, so that throttles count across all gunicorn
# workers; local memory (per process) by default.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// or rediss:// URL, got {CACHE_URL!r}")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "kvalitet"}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["common.backends.RoleBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: per username and per address, with a cool-off (never a permanent lock).
LOGIN_THROTTLE_LIMIT = env_int("LOGIN_THROTTLE_LIMIT", 5, minimum=1)
LOGIN_THROTTLE_WINDOW = env_int("LOGIN_THROTTLE_WINDOW", 15 * 60, minimum=1)
LOGIN_THROTTLE_ADDRESS_LIMIT = env_int("LOGIN_THROTTLE_ADDRESS_LIMIT", 30, minimum=1)
# Across addresses, an account is slowed down, never locked: after this many failures in the
# window, attempts from browsers that have not logged in to it before wait this many seconds
# after the account's last failure.
LOGIN_THROTTLE_ACCOUNT_SLOWDOWN_AFTER = env_int("LOGIN_THROTTLE_ACCOUNT_SLOWDOWN_AFTER", 10, minimum=1)
LOGIN_THROTTLE_ACCOUNT_DELAY = env_int("LOGIN_THROTTLE_ACCOUNT_DELAY", 10, minimum=0)

# The largest file an import accepts (the register, contacts), in MB; said on the upload pages.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 40, minimum=1)

# Sessions expire after 30 minutes idle.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE = env_bool("SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Reverse proxies in front of the product whose X-Forwarded-For is trusted: the throttles count
# by the address the outermost of them saw (register/clientaddress.py). 0: the connecting address.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0, minimum=0)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

LANGUAGE_CODE = "sv"
LANGUAGES = [
    ("sv", "Svenska"),
    ("en", "English"),
    ("ar", "العربية"),
    ("fa-af", "دری"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
    ("uk", "Українська"),
]
RTL_LANGUAGES = {"ar", "fa-af", "fa"}
LANGUAGES_BIDI = ["ar", "fa", "fa-af", "he", "ur"]
# Django has no built-in locale data for these three.
django.conf.locale.LANG_INFO.update(
    {
        "fa-af": {"bidi": True, "code": "fa-af", "name": "Dari", "name_local": "دری"},
        "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
        "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
    }
)
LOCALE_PATHS = [BASE_DIR / "locales"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)

# E-mail: files by default, SMTP in production.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "outbox" / "email"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kundenkät <enkat@example.se>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS: one file per message by default; Twilio in production.
SMS_BACKEND = env_str("SMS_BACKEND", "utskick.backends.file.SmsBackend")
SMS_FILE_PATH = env_str("SMS_FILE_PATH", str(VAR_DIR / "outbox" / "sms"))
SMS_SENDER = env_str("SMS_SENDER", "Kommunen")
SMS_RATE_PER_SECOND = env_float("SMS_RATE_PER_SECOND", 10.0, minimum=0.0)
TWILIO_ACCOUNT_SID = env_str("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = env_str("TWILIO_AUTH_TOKEN", "")
TWILIO_API_KEY_SID = env_str("TWILIO_API_KEY_SID", "")
TWILIO_API_KEY_SECRET = env_str("TWILIO_API_KEY_SECRET", "")
TWILIO_MESSAGING_SERVICE_SID = env_str("TWILIO_MESSAGING_SERVICE_SID", "")
TWILIO_FROM = env_str("TWILIO_FROM", "")
TWILIO_BASE_URL = env_str("TWILIO_BASE_URL", "")  # only for tests against a local fake server
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 30, minimum=0)
# utskick: Twilio timeouts and bounded retries, and the worker's claiming.
TWILIO_TIMEOUT = env_float("TWILIO_TIMEOUT", 10.0, minimum=0.1)
TWILIO_MAX_ATTEMPTS = env_int("TWILIO_MAX_ATTEMPTS", 4, minimum=1)
TWILIO_BACKOFF_SECONDS = env_float("TWILIO_BACKOFF_SECONDS", 0.5, minimum=0.0)
UTSKICK_BATCH_SIZE = env_int("UTSKICK_BATCH_SIZE", 100, minimum=1)
# Threads that send in each worker, each with its own database connection: the network wait for
# one message overlaps the work on others. A worker killed mid-batch leaves at most this many
# messages "uncertain" (the ones in a provider call), never one sent twice. On SQLite, always one.
UTSKICK_SEND_THREADS = env_int("UTSKICK_SEND_THREADS", 1, minimum=1)
# A claim older than this, by a worker that is gone, is recovered (unsent rows) or marked uncertain.
UTSKICK_CLAIM_LEASE_SECONDS = env_int("UTSKICK_CLAIM_LEASE_SECONDS", 900, minimum=1)
UTSKICK_LOOP_INTERVAL_SECONDS = env_float("UTSKICK_LOOP_INTERVAL_SECONDS", 30.0, minimum=0.1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "common.logging.RedactFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"], "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines carry survey tokens in their paths: the filter masks them. Django's own
        # "django" logger would otherwise also write them, unmasked, to its DEBUG console handler.
        "django": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO"), "propagate": False},
        "django.server": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO"), "propagate": False},
    },
}
