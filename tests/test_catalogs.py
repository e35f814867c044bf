"""Every language offered has a complete catalog that gettext accepts."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from common.management.commands.compile_catalogs import catalog_paths

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = catalog_paths(ROOT)
LOCALE_DIRS = {code: code.replace("-af", "_AF") for code, _ in settings.LANGUAGES}


def test_the_project_catalog_exists_for_every_language():
    for directory in LOCALE_DIRS.values():
        assert (ROOT / "locales" / directory / "LC_MESSAGES" / "django.po").exists(), directory


def test_every_app_catalog_covers_every_language():
    apps = {path.parents[2] for path in CATALOGS}
    for app in apps:
        for directory in LOCALE_DIRS.values():
            assert (app / directory / "LC_MESSAGES" / "django.po").exists(), f"{app} {directory}"


@pytest.mark.parametrize("path", CATALOGS, ids=[str(p.relative_to(ROOT)) for p in CATALOGS])
def test_catalog_has_no_empty_or_fuzzy_translation(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)
    empty = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            empty.append(message.id)
    assert not empty, f"{len(empty)} untranslated in {path}: {empty[:5]}"


@pytest.mark.parametrize("path", CATALOGS, ids=[str(p.relative_to(ROOT)) for p in CATALOGS])
def test_catalog_passes_msgfmt_check(path):
    if not shutil.which("msgfmt"):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("msgfmt is missing (apt-get install gettext); CI must check the catalogs")
        pytest.skip("msgfmt not installed (apt-get install gettext): catalog syntax check skipped")
    result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
