"""Do the translation catalogs and the code agree?

The msgids the code and templates use are extracted the way Django's
``makemessages`` does it (templates through Django's ``templatize``, then GNU
``xgettext`` with Django's keywords), in one ``xgettext`` run. Each file belongs
to the catalog ``makemessages`` would write it to: the nearest app directory
with a ``locale/`` folder, otherwise the project catalog ``locales/``.

A finding is one of:

- **missing**: a msgid used in a scope but absent from that scope's catalog in a
  language that must have it (customer-facing: all seven languages; staff: sv, en);
- **untranslated**: an entry with an empty or fuzzy translation;
- **obsolete**: an entry (``#~`` included) that no file of the scope uses;
- **conflict**: one msgid (with its context) translated two ways in one language
  across catalogs. Django merges every catalog into one at run time and one of
  them silently wins, so a reviewer could correct the one customers never see.

**Customer-facing** is defined once, here: ``CUSTOMER_FACING`` lists the files
whose strings customers read (the survey pages at ``/s/`` and the invitation and
reminder texts). Every msgid used in one of them needs all seven languages.
"""

from __future__ import annotations

import fnmatch
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po

# Languages as catalog directories.
ALL_LANGUAGES = ("sv", "en", "ar", "fa_AF", "so", "ti", "uk")
STAFF_LANGUAGES = ("sv", "en")

# The files customers read (paths relative to the project, fnmatch patterns).
CUSTOMER_FACING = (
    "enkat/templates/enkat/public/*",
    "enkat/public_*.py",
    "enkat/pages.py",
    "enkat/survey_session.py",
    "enkat/answering.py",
    "utskick/rendering.py",
    "utskick/templates/utskick/sms/*",
    "utskick/templates/utskick/email/*",
    "templates/includes/language_switcher.html",
    "register/privacy_notices.py",
    "register/organisation.py",
)

SKIP_DIRS = {".venv", ".git", "node_modules", "tests", "benchmarks", "var", "static", "staticfiles"}
SKIP_DIRS |= {"locale", "locales", "migrations"}
EXTENSIONS = {".py", ".html", ".txt"}
PROJECT_CATALOG = "locales"

XGETTEXT = [
    "xgettext",
    "--language=Python",
    "--from-code=UTF-8",
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
    "--no-wrap",
    "--output=-",
]

Key = tuple[str | None, str]  # (context, msgid)


@dataclass
class Usage:
    files: set[str] = field(default_factory=set)

    def customer_facing(self, patterns=CUSTOMER_FACING) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for name in self.files for pattern in patterns)


def source_files(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.suffix in EXTENSIONS and path.is_file() and not SKIP_DIRS.intersection(rel.parts[:-1]):
            found.append(rel)
    return found


def scope_of(root: Path, rel: Path) -> str:
    """The catalog directory makemessages writes a file's strings to (relative to root)."""
    for parent in rel.parents:
        if parent != Path(".") and (root / parent / "locale").is_dir():
            return str(parent / "locale")
    return PROJECT_CATALOG


def extract(root: Path, files: list[Path] | None = None) -> dict[str, dict[Key, Usage]]:
    """Every msgid used, per catalog directory, with the files that use it."""
    from django.utils.translation.template import templatize

    files = source_files(root) if files is None else files
    used: dict[str, dict[Key, Usage]] = defaultdict(lambda: defaultdict(Usage))
    with tempfile.TemporaryDirectory() as tmp:
        inputs, origin = [], {}
        for rel in files:
            if rel.suffix == ".py":
                inputs.append(str(root / rel))
                origin[str(root / rel)] = rel
                continue
            work = Path(tmp) / f"{rel}.py"
            work.parent.mkdir(parents=True, exist_ok=True)
            work.write_text(templatize((root / rel).read_text(encoding="utf-8"), origin=str(rel)), encoding="utf-8")
            inputs.append(str(work))
            origin[str(work)] = rel
        listing = Path(tmp) / "files.txt"
        listing.write_text("\n".join(inputs), encoding="utf-8")
        command = [*XGETTEXT, "--files-from", str(listing)]  # a fixed program; the file names are ours
        result = subprocess.run(command, capture_output=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise RuntimeError(result.stderr.decode(errors="replace"))
    # xgettext's header is a template ("nplurals=INTEGER", "charset=CHARSET") that Babel refuses.
    pot = result.stdout.replace(b"nplurals=INTEGER; plural=EXPRESSION", b"nplurals=2; plural=(n != 1)")
    pot = pot.replace(b"charset=CHARSET", b"charset=UTF-8")
    catalog = read_po(BytesIO(pot))
    for message in catalog:
        if not message.id:
            continue
        for filename, _line in message.locations:
            rel = origin.get(filename) or origin.get(str(Path(filename).resolve())) or Path(filename)
            used[scope_of(root, rel)][key_of(message)].files.add(str(rel))
    return used


def key_of(message) -> Key:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return (message.context, msgid)


def translations(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def read_catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def catalogs(root: Path) -> dict[tuple[str, str], Path]:
    """(scope, language) → path of every catalog."""
    found = {}
    for path in sorted(root.rglob("LC_MESSAGES/django.po")):
        rel = path.relative_to(root)
        if ".venv" in rel.parts:
            continue
        found[(str(rel.parents[2]), rel.parts[-3])] = path
    return found


def check(root: Path, used: dict[str, dict[Key, Usage]] | None = None, patterns=CUSTOMER_FACING) -> list[str]:
    """Every disagreement between the catalogs under ``root`` and the code, as readable lines."""
    used = extract(root) if used is None else used
    findings = []
    seen: dict[tuple[str, Key], dict[tuple[str, ...], list[str]]] = defaultdict(lambda: defaultdict(list))
    paths = catalogs(root)
    for (scope, language), path in paths.items():
        catalog = read_catalog(path)
        in_scope = used.get(scope, {})
        present = set()
        for message in catalog:
            if not message.id:
                continue
            key = key_of(message)
            present.add(key)
            label = _label(key)
            if key not in in_scope:
                findings.append(f"obsolete: {path.relative_to(root)}: {label} is used by no file of {scope}/")
            if message.fuzzy or not all(translations(message)):
                findings.append(f"untranslated: {path.relative_to(root)}: {label}")
            else:
                seen[(language, key)][translations(message)].append(str(path.relative_to(root)))
        for message in catalog.obsolete.values():
            findings.append(f"obsolete: {path.relative_to(root)}: #~ {_label(key_of(message))} (delete it)")
        for key, usage in in_scope.items():
            needed = ALL_LANGUAGES if usage.customer_facing(patterns) else STAFF_LANGUAGES
            if language in needed and key not in present:
                where = ", ".join(sorted(usage.files)[:3])
                findings.append(f"missing: {path.relative_to(root)}: {_label(key)} (used in {where})")
    for scope, keys in used.items():
        for key, usage in keys.items():
            needed = ALL_LANGUAGES if usage.customer_facing(patterns) else STAFF_LANGUAGES
            for language in needed:
                if (scope, language) not in paths:
                    findings.append(f"missing: no catalog {scope}/{language} for {_label(key)}")
    for (language, key), variants in seen.items():
        if len(variants) > 1:
            detail = "; ".join(f"{' | '.join(text)!r} in {', '.join(where)}" for text, where in variants.items())
            findings.append(f"conflict: {language}: {_label(key)} is translated {len(variants)} ways: {detail}")
    return sorted(findings)


def _label(key: Key) -> str:
    context, msgid = key
    return f"{msgid!r}" if context is None else f"{msgid!r} (context {context!r})"
