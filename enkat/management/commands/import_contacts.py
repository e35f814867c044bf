from django.core.management.base import BaseCommand, CommandError

from common.logging import redact
from common.tabular import TableError, read_table
from enkat.contacts import READ_COLUMNS, import_contacts
from enkat.models import Survey


class Command(BaseCommand):
    help = "Import contact details (kund_id, mobil, epost, sprak) from .csv or .xlsx onto a survey's sample."

    def add_arguments(self, parser):
        parser.add_argument("survey", help="The survey's slug.")
        parser.add_argument("path", help="A .csv or .xlsx file.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and write nothing.")

    def handle(self, survey: str, path: str, dry_run: bool = False, **options):
        found = Survey.objects.filter(slug=survey).first()
        if found is None:
            raise CommandError(f"No survey with the slug {survey!r}.")
        try:
            table = read_table(path, columns=READ_COLUMNS)
        except (TableError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        result = import_contacts(table, found, dry_run=dry_run)
        if result.not_in_sample:
            self.stdout.write(f"Not in the sample (skipped): {', '.join(result.not_in_sample)}")
        if result.errors:
            for error in result.errors:
                # The message may quote a number or address: mask it, this output may end up in a log.
                self.stderr.write(redact(str(error)))
            raise CommandError(f"{len(result.errors)} errors; nothing was imported.")
        verb = "Would update" if dry_run else "Updated"
        self.stdout.write(f"{verb} {result.updated} invitations ({len(result.rows)} rows in the sample).")
