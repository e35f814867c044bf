import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str

ROOT = Path(__file__).resolve().parents[2]


def production_env() -> dict[str, str]:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set in-process by the browser tests; production never has it.
    unwanted = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "TOKEN_KEY": secrets.token_urlsafe(50),
            "REQUIRE_SECRET_KEY": "true",
            "SECURE": "true",
            "ALLOWED_HOSTS": "enkat.kommun.example",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
            "VAR_DIR": "/tmp/check-deploy-var",
            "SITE_URL": "https://enkat.kommun.example",
            "CACHE_URL": "redis://127.0.0.1:6379/0",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "SMS_BACKEND": "utskick.backends.twilio.SmsBackend",
            "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
            "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
        }
    )
    return env


def test_check_deploy_prints_no_warnings_with_the_documented_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_in_production_fails_loudly():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2", "yes please"])
def test_a_bad_boolean_raises(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG")


def test_a_bad_integer_raises_and_a_good_one_is_read(monkeypatch):
    monkeypatch.setenv("SOME_INT", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_INT", 1)
    monkeypatch.setenv("SOME_INT", "10")
    assert env_int("SOME_INT", 1) == 10


def test_a_secret_may_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    monkeypatch.setenv("MY_SECRET_FILE", str(secret))
    assert env_str("MY_SECRET", "default") == "from-file"


def test_a_cache_url_that_is_not_redis_fails_loudly():
    env = production_env()
    env["CACHE_URL"] = "memcached://127.0.0.1:11211"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


@pytest.mark.parametrize(("value", "expected"), [(None, "5"), ("false", "None")])
def test_prepared_statements_are_on_for_postgresql_unless_turned_off(value, expected):
    env = production_env()
    if value is not None:
        env["DB_PREPARED_STATEMENTS"] = value
    code = "from django.conf import settings as s; print(s.DATABASES['default']['OPTIONS'].get('prepare_threshold'))"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected


def test_sms_goes_to_files_unless_a_backend_is_chosen():
    env = {k: v for k, v in production_env().items() if k not in {"SMS_BACKEND", "SMS_FILE_PATH"}}
    code = "from django.conf import settings as s; print(s.SMS_BACKEND)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "utskick.backends.file.SmsBackend"
