"""Production refuses unsafe settings.

The checks run with `manage.py check --deploy`; the errors among them also stop the web
application (config/wsgi.py) and `send_messages --loop` from starting. Development
(DEBUG=true) is exempt, and so are one-off commands such as migrate and the imports,
which need only DATABASE_URL.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from config.devkey import is_dev_key

logger = logging.getLogger(__name__)

_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104 (a name to refuse, not a bind)
_FILE_EMAIL_BACKENDS = {
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
_FILE_SMS_BACKENDS = {
    "utskick.backends.file.SmsBackend",
    "utskick.backends.console.SmsBackend",
    "utskick.backends.locmem.SmsBackend",
}
TWILIO_SMS_BACKEND = "utskick.backends.twilio.SmsBackend"


def _site_url_is_local(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in _LOCAL_HOSTS or host.endswith(".localhost")


def production_errors() -> list[checks.Error]:
    """What makes these settings unsafe for production, each naming the variable to set."""
    errors = []
    if is_dev_key(settings.SECRET_KEY):
        errors.append(
            checks.Error(
                "SECRET_KEY is not set (a development key is in use).",
                hint="Set SECRET_KEY (or SECRET_KEY_FILE) to a long random string.",
                id="config.E001",
            )
        )
    if getattr(settings, "TOKEN_KEY_FALLBACK", False) or is_dev_key(settings.TOKEN_KEY):
        errors.append(
            checks.Error(
                "TOKEN_KEY is not set.",
                hint=(
                    "Set TOKEN_KEY (or TOKEN_KEY_FILE). When upgrading, set it to the current SECRET_KEY, "
                    "or links already sent stop working."
                ),
                id="config.E002",
            )
        )
    if _site_url_is_local(settings.SITE_URL):
        errors.append(
            checks.Error(
                f"SITE_URL is {settings.SITE_URL!r}: survey links would point to this machine.",
                hint="Set SITE_URL to the public address, e.g. https://enkat.kommun.se.",
                id="config.E003",
            )
        )
    if settings.EMAIL_BACKEND in _FILE_EMAIL_BACKENDS:
        errors.append(
            checks.Error(
                "EMAIL_BACKEND writes e-mail to files: invitations would be marked sent and never reach anyone.",
                hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the EMAIL_* variables.",
                id="config.E004",
            )
        )
    if settings.SMS_BACKEND in _FILE_SMS_BACKENDS:
        errors.append(
            checks.Error(
                "SMS_BACKEND writes text messages to files: they would be marked sent and never reach anyone.",
                hint=f"Set SMS_BACKEND={TWILIO_SMS_BACKEND} and the TWILIO_* variables.",
                id="config.E005",
            )
        )
    return errors


def production_warnings() -> list[checks.Warning]:
    warnings = []
    if not getattr(settings, "CACHE_URL", ""):
        warnings.append(
            checks.Warning(
                "CACHE_URL is not set: the survey-link throttle counts per process, not across gunicorn workers.",
                hint="Set CACHE_URL=redis://host:6379/0.",
                id="config.W001",
            )
        )
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not getattr(settings, "TRUSTED_PROXIES", 0):
        warnings.append(
            checks.Warning(
                "BEHIND_PROXY is set but TRUSTED_PROXIES is 0: the throttles count the proxy's address, "
                "so one client can lock out everyone.",
                hint="Set TRUSTED_PROXIES to the number of proxies that append to X-Forwarded-For (usually 1).",
                id="config.W003",
            )
        )
    return warnings


def webhook_warnings() -> list[checks.Warning]:
    warnings = []
    if settings.SMS_BACKEND == TWILIO_SMS_BACKEND and not (settings.TWILIO_AUTH_TOKEN and settings.TWILIO_ACCOUNT_SID):
        warnings.append(
            checks.Warning(
                "Twilio's webhooks cannot be validated: STOP replies and delivery statuses would be refused.",
                hint="Set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (the webhooks need the auth token, "
                "whatever credentials are used for sending).",
                id="config.W002",
            )
        )
    return warnings


@checks.register(checks.Tags.security, deploy=True)
def check_production_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [*production_errors(), *production_warnings()]


@checks.register(checks.Tags.security)
def check_twilio_webhooks(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    # Also at every start-up, not only with --deploy: a silently refused STOP reply is serious.
    return webhook_warnings()


def refuse_unsafe_settings() -> None:
    """Stop a production process (web application, sending worker) that would run on unsafe settings."""
    if settings.DEBUG:
        return
    for warning in [*production_warnings(), *webhook_warnings()]:
        logger.warning("%s %s", warning.msg, warning.hint)
    errors = production_errors()
    if errors:
        lines = [f"{e.msg} {e.hint}" for e in errors]
        raise ImproperlyConfigured(
            "Refusing to start with unsafe production settings (DEBUG=true is for development only):\n  "
            + "\n  ".join(lines)
        )
