"""Compile every gettext catalog (.po → .mo) with Babel, so no system gettext is needed."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalog_paths(base: Path) -> list[Path]:
    skip = {".venv", "node_modules", ".git"}
    return sorted(p for p in base.rglob("LC_MESSAGES/*.po") if not skip.intersection(p.parts))


class Command(BaseCommand):
    help = "Compile the translation catalogs of the project and its apps."

    def handle(self, **options):
        base = Path(settings.BASE_DIR)
        compiled = 0
        for po_path in catalog_paths(base):
            mo_path = po_path.with_suffix(".mo")
            locale = po_path.parent.parent.name
            try:
                with po_path.open("rb") as handle:
                    catalog = read_po(handle, locale=locale.replace("_", "-") if locale != "fa_AF" else "fa")
            except Exception as exc:
                raise CommandError(f"{po_path.relative_to(base)}: {exc}") from exc
            with mo_path.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            compiled += 1
        self.stdout.write(f"{compiled} catalogs compiled.")
