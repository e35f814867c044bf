"""Production refuses unsafe settings: check --deploy, the web application and the sending worker.

Each test runs a real process with the environment an operator would give it.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Every variable the product reads that could leak in from the test run's own environment.
_OURS = (
    "DEBUG",
    "SECRET_KEY",
    "TOKEN_KEY",
    "REQUIRE_SECRET_KEY",
    "SITE_URL",
    "ALLOWED_HOSTS",
    "SECURE",
    "DATABASE_URL",
    "CACHE_URL",
    "EMAIL_BACKEND",
    "SMS_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
)
REQUIRED = ["SECRET_KEY", "TOKEN_KEY", "SITE_URL", "EMAIL_BACKEND", "SMS_BACKEND"]


def bare_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _OURS and not k.startswith(("TWILIO_", "EMAIL_"))}
    env["VAR_DIR"] = str(var_dir)
    return env


def production_env(var_dir: Path) -> dict[str, str]:
    """README's full production set."""
    return {
        **bare_env(var_dir),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "TOKEN_KEY": secrets.token_urlsafe(50),
        "SITE_URL": "https://enkat.kommun.example",
        "ALLOWED_HOSTS": "enkat.kommun.example",
        "SECURE": "true",
        "DATABASE_URL": f"sqlite:///{var_dir / 'db.sqlite3'}",
        "CACHE_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SMS_BACKEND": "utskick.backends.twilio.SmsBackend",
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
        "TWILIO_MESSAGING_SERVICE_SID": "MG" + "0" * 32,
    }


def run(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run([sys.executable, "manage.py", *args], env)


def start_web_application(env: dict[str, str]) -> subprocess.CompletedProcess:
    # What gunicorn does when a worker boots: import the WSGI module.
    return run([sys.executable, "-c", "import config.wsgi"], env)


def test_the_full_production_set_passes_check_deploy_and_starts(tmp_path):
    env = production_env(tmp_path)
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    started = start_web_application(env)
    assert started.returncode == 0, started.stderr


@pytest.mark.parametrize("variable", REQUIRED)
def test_production_start_up_refuses_each_required_variable_missing(tmp_path, variable):
    env = production_env(tmp_path)
    del env[variable]
    check = manage("check", "--deploy", env=env)
    assert check.returncode != 0
    assert variable in check.stderr
    web = start_web_application(env)
    assert web.returncode != 0
    assert "Refusing to start" in web.stderr
    assert variable in web.stderr


def test_a_site_url_on_localhost_or_a_written_default_key_is_refused(tmp_path):
    env = {**production_env(tmp_path), "SITE_URL": "http://127.0.0.1:8000"}
    assert "SITE_URL" in start_web_application(env).stderr
    env = {**production_env(tmp_path), "SECRET_KEY": "dev-only-insecure-key-change-me-" + "x" * 32}
    result = start_web_application(env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_sending_worker_refuses_to_loop_on_unsafe_settings(tmp_path):
    env = production_env(tmp_path)
    del env["TOKEN_KEY"]
    try:
        result = run([sys.executable, "manage.py", "send_messages", "--loop", "--interval", "0.1"], env, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("send_messages --loop started without TOKEN_KEY")
    assert result.returncode != 0
    assert "TOKEN_KEY" in result.stderr


def test_other_commands_work_with_only_database_url(tmp_path):
    env = {**bare_env(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    migrated = manage("migrate", "--no-input", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    register = tmp_path / "register.csv"
    register.write_text(
        "kund_id,insatstyp,anordnare,startdatum,slutdatum,avslutsorsak,forlangningar,kon,fodelsear\n"
        "K1,sai,Anordnare A,2023-01-10,,,0,kvinna,1980\n",
        encoding="utf-8",
    )
    imported = manage("import_register", str(register), "--create-providers", env=env)
    assert imported.returncode == 0, imported.stdout + imported.stderr


def test_development_runs_with_no_settings_on_a_random_key_kept_in_var(tmp_path):
    env = {**bare_env(tmp_path), "DEBUG": "true"}
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SECRET_KEY)"
    env_with_module = {**env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    first = run([sys.executable, "-c", code], env_with_module)
    second = run([sys.executable, "-c", code], env_with_module)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert key == second.stdout.strip()
    assert len(key) > 50
    assert (tmp_path / "dev-secret-key").read_text().strip() == key
    other = tmp_path / "other"
    assert run([sys.executable, "-c", code], {**env_with_module, "VAR_DIR": str(other)}).stdout.strip() != key
    assert start_web_application(env).returncode == 0


def test_check_deploy_warns_behind_a_proxy_without_trusted_proxies(tmp_path):
    env = {**production_env(tmp_path), "BEHIND_PROXY": "true"}
    warned = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert warned.returncode != 0 and "TRUSTED_PROXIES" in warned.stderr
    quiet = manage("check", "--deploy", "--fail-level", "WARNING", env={**env, "TRUSTED_PROXIES": "1"})
    assert quiet.returncode == 0, quiet.stderr


def test_the_web_application_says_at_start_up_what_it_runs_without(tmp_path):
    env = production_env(tmp_path)
    del env["CACHE_URL"]
    del env["TWILIO_AUTH_TOKEN"]
    started = start_web_application(env)
    assert started.returncode == 0, started.stderr
    assert "CACHE_URL" in started.stderr and "webhooks cannot be validated" in started.stderr
