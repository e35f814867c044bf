from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from common.tabular import TableError, read_table
from register.importing import READ_COLUMNS, import_register


class Command(BaseCommand):
    help = "Import the register of insatser from .xlsx or .csv."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, but write nothing.")
        parser.add_argument("--create-providers", action="store_true", help="Create providers not yet known.")

    def handle(self, path: str, dry_run: bool, create_providers: bool, **options):
        with translation.override("sv"):
            try:
                table = read_table(path, columns=READ_COLUMNS)
            except (TableError, OSError) as exc:
                raise CommandError(str(exc)) from exc
            result = import_register(table, dry_run=dry_run, create_providers=create_providers)
            for error in result.errors:
                self.stderr.write(str(error))
            if result.unknown_providers:
                self.stderr.write(_("Unknown providers (use --create-providers to create them):"))
                for name in result.unknown_providers:
                    self.stderr.write(f"  {name}")
            if not result.ok:
                raise CommandError(_("Nothing was imported."))
            summary = _(
                "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(providers)s providers created."
            ) % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "providers": result.providers_created,
            }
            if dry_run:
                summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
            self.stdout.write(summary)
