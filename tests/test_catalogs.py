"""Every language offered has a complete catalog that gettext accepts."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from common import catalog_check
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


def _require_xgettext():
    if not shutil.which("xgettext"):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("xgettext is missing (apt-get install gettext); CI must check the catalogs against the code")
        pytest.skip("xgettext not installed (apt-get install gettext): catalogs not checked against the code")


def test_catalogs_agree_with_the_code():
    """Nothing used but missing, nothing obsolete, no msgid translated two ways, nothing untranslated."""
    _require_xgettext()
    findings = catalog_check.check(ROOT)
    assert not findings, f"{len(findings)} disagreements:\n" + "\n".join(findings[:40])


PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)


def _entry(msgid, msgstr, context=None, fuzzy=False, obsolete=False):
    lines = (["#, fuzzy"] if fuzzy else []) + ([f'msgctxt "{context}"'] if context else [])
    lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"']
    return "\n".join(("#~ " + line if obsolete and not line.startswith("#,") else line) for line in lines)


def _project(tmp_path, sources, po):
    """A small project: ``sources`` {path: text}; ``po`` {(scope, language): [entries]}."""
    for name, text in sources.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    for (scope, language), entries in po.items():
        path = tmp_path / scope / language / "LC_MESSAGES" / "django.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PO_HEADER + "\n" + "\n\n".join(entries) + "\n", encoding="utf-8")
    return tmp_path


STAFF_SOURCES = {
    "shop/views.py": (
        'from django.utils.translation import gettext as _, pgettext\n_("Save")\npgettext("survey state", "Closed")\n'
    ),
    "shop/templates/shop/page.html": '{% load i18n %}<h1>{% translate "Orders" %}</h1>',
}
GOOD_STAFF = [_entry("Save", "Spara"), _entry("Closed", "Stängd", context="survey state"), _entry("Orders", "Ordrar")]
GOOD_STAFF_EN = [_entry("Save", "Save"), _entry("Closed", "Closed", context="survey state"), _entry("Orders", "Orders")]


def _staff_project(tmp_path, sv=GOOD_STAFF, en=GOOD_STAFF_EN, extra=None, sources=STAFF_SOURCES):
    po = {("shop/locale", "sv"): sv, ("shop/locale", "en"): en, **(extra or {})}
    (tmp_path / "shop" / "locale").mkdir(parents=True, exist_ok=True)
    return _project(tmp_path, sources, po)


def test_the_check_passes_a_good_catalog(tmp_path):
    _require_xgettext()
    assert catalog_check.check(_staff_project(tmp_path)) == []


def test_the_check_finds_a_string_used_but_missing(tmp_path):
    _require_xgettext()
    findings = catalog_check.check(_staff_project(tmp_path, sv=GOOD_STAFF[:2]))
    assert findings == [
        "missing: shop/locale/sv/LC_MESSAGES/django.po: 'Orders' (used in shop/templates/shop/page.html)"
    ]


def test_the_check_finds_an_obsolete_entry_and_an_old_one(tmp_path):
    _require_xgettext()
    sv = [*GOOD_STAFF, _entry("Delete", "Radera"), _entry("Gone", "Borta", obsolete=True)]
    findings = catalog_check.check(_staff_project(tmp_path, sv=sv))
    assert [line.split(":")[0] for line in findings] == ["obsolete", "obsolete"]
    assert "'Delete'" in findings[0] + findings[1] and "#~ 'Gone'" in findings[0] + findings[1]


def test_the_check_finds_a_context_missing(tmp_path):
    """The same msgid without its context is a different string: missing, and the plain one obsolete."""
    _require_xgettext()
    sv = [GOOD_STAFF[0], _entry("Closed", "Stängd"), GOOD_STAFF[2]]
    findings = catalog_check.check(_staff_project(tmp_path, sv=sv))
    assert len(findings) == 2
    assert findings[0].startswith("missing:") and "(context 'survey state')" in findings[0]
    assert findings[1].startswith("obsolete:") and "'Closed' is used" in findings[1]


@pytest.mark.parametrize("bad", [_entry("Orders", ""), _entry("Orders", "Ordrar", fuzzy=True)], ids=["empty", "fuzzy"])
def test_the_check_finds_an_untranslated_string(tmp_path, bad):
    _require_xgettext()
    findings = catalog_check.check(_staff_project(tmp_path, sv=[*GOOD_STAFF[:2], bad]))
    assert findings == ["untranslated: shop/locale/sv/LC_MESSAGES/django.po: 'Orders'"]


def test_the_check_finds_one_msgid_translated_two_ways_in_two_catalogs(tmp_path):
    """The project catalog silently overrides an app's: the reviewer may be correcting the one nobody sees."""
    _require_xgettext()
    sources = {**STAFF_SOURCES, "templates/base.html": '{% load i18n %}{% translate "Save" %}'}
    extra = {("locales", "sv"): [_entry("Save", "Spara ändringar")], ("locales", "en"): [_entry("Save", "Save")]}
    findings = catalog_check.check(_staff_project(tmp_path, extra=extra, sources=sources))
    assert len(findings) == 1 and findings[0].startswith("conflict: sv: 'Save' is translated 2 ways")
    assert "locales/sv" in findings[0] and "shop/locale/sv" in findings[0]


def test_customer_facing_strings_need_every_language_and_staff_strings_only_two(tmp_path):
    _require_xgettext()
    sources = {**STAFF_SOURCES, "shop/public.py": 'from django.utils.translation import gettext as _\n_("Thank you")\n'}
    sv = [*GOOD_STAFF, _entry("Thank you", "Tack")]
    en = [*GOOD_STAFF_EN, _entry("Thank you", "Thank you")]
    extra = {("shop/locale", "ar"): [_entry("Thank you", "شكرًا")]}
    root = _staff_project(tmp_path, sv=sv, en=en, extra=extra, sources=sources)
    findings = catalog_check.check(root, patterns=("shop/public.py",))
    missing = sorted({line.split()[3].split("/")[2] for line in findings})
    assert missing == ["fa_AF", "so", "ti", "uk"], findings
    assert all(line.startswith("missing: no catalog shop/locale/") and "'Thank you'" in line for line in findings)
    assert catalog_check.check(root, patterns=()) == []
