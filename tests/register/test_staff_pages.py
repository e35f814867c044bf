"""Staff pages: no-store, a CSP on admin, bidirectional controls neutralised; no token in any log."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from register.models import Provider

ROOT = Path(__file__).resolve().parents[2]
TOKEN = secrets.token_urlsafe(24)


@pytest.mark.parametrize(
    "url",
    ["/", "/register/", "/register/import/", "/enkat/", "/admin/", "/admin/register/provider/"],
)
def test_staff_pages_are_not_stored_by_browsers_or_proxies(client, actors, url):
    client.force_login(actors.quality_developer)
    actors.quality_developer.is_superuser = True
    actors.quality_developer.save()
    response = client.get(url)
    assert response.status_code == 200, url
    assert "no-store" in response["Cache-Control"]


def test_a_providers_download_is_not_stored(client, actors):
    client.force_login(actors.member_a)
    response = client.get(reverse("register:provider_csv"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_admin_has_a_content_security_policy(client, actors):
    response = client.get("/admin/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_bidirectional_overrides_in_imported_names_are_shown_neutralised(client, actors):
    Provider.objects.create(name="Arbetsbron \u202eBA nekrovsbrA\u202c")
    client.force_login(actors.quality_developer)
    html = client.get("/").content.decode()
    assert "\u202e" not in html and "\u202c" not in html
    assert "Arbetsbron [U+202E]BA nekrovsbrA[U+202C]" in html


def test_the_log_path_header_masks_the_survey_token(client, db):
    response = client.get(f"/s/{TOKEN}/")
    assert TOKEN not in response["X-Log-Path"]
    assert response["X-Log-Path"] == "/s/[token]/"


def _env(tmp_path) -> dict[str, str]:
    unwanted = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "LOG_LEVEL"}
    return {
        **{k: v for k, v in os.environ.items() if k not in unwanted},
        "DEBUG": "true",
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


@pytest.fixture(scope="module")
def migrated_var(tmp_path_factory) -> Path:
    """A VAR_DIR whose SQLite database is migrated: the pages these processes serve read the organisation profile."""
    var = tmp_path_factory.mktemp("var")
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=_env(var),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return var


def test_in_debug_no_log_line_holds_a_token(migrated_var):
    tmp_path = migrated_var
    # Django's own DEBUG console handler used to print the request unmasked next to the masked line.
    code = f"import django; django.setup(); from django.test import Client; Client().get('/s/{TOKEN}/no-such-page/')"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "/s/[token]/" in result.stderr
    assert TOKEN not in result.stdout + result.stderr


def test_the_gunicorn_access_log_holds_no_token(migrated_var):
    tmp_path = migrated_var
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "config/gunicorn.conf.py", "config.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**_env(tmp_path), "STATIC_MANIFEST": "false"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/s/{TOKEN}/no-such-page/", timeout=30)  # noqa: S310
            except urllib.error.HTTPError as error:
                assert error.code == 404
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    log = out.decode() + err.decode()
    assert '"GET /s/[token]/no-such-page/ HTTP/1.1" 404' in log
    assert TOKEN not in log
