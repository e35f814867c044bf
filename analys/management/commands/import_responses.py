import getpass
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from analys.importing import READ_COLUMNS, file_sha256, import_responses
from common.tabular import TableError, read_table


def command_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "manage.py"


class Command(BaseCommand):
    help = (
        "Import earlier years' raw answers (.csv or .xlsx) as anonymous responses, as one batch that "
        "remove_import_batch can take out again. Columns: kon, aldersgrupp, insatstyp, anordnare, status, "
        "sprak, kommentar and one per question code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey", help="the survey's slug")
        parser.add_argument("path", help="a .csv or .xlsx file")
        parser.add_argument(
            "--create", action="store_true", help="create the survey, closed, with the standard question set"
        )
        parser.add_argument(
            "--year", type=int, help="with --create: the year the answers are from (needed when the slug names none)"
        )

    def handle(self, *args, **options) -> None:
        with translation.override("sv"):
            year = options["year"]
            if year is not None and not 1990 <= year <= 2100:
                raise CommandError(_("--year must be a year such as 2022."))
            path = Path(options["path"])
            try:
                data = path.read_bytes()
                table = read_table(io.BytesIO(data), filename=path.name, columns=READ_COLUMNS)
            except (TableError, OSError) as exc:
                raise CommandError(str(exc)) from exc
            result = import_responses(
                options["survey"],
                table,
                sha256=file_sha256(data),
                filename=path.name,
                actor=command_actor(),
                create=options["create"],
                year=year,
            )
            for error in result.errors:
                self.stderr.write(str(error))
            if not result.ok or result.survey is None or result.batch is None:
                raise CommandError(_("Nothing was imported: %(count)s errors.") % {"count": len(result.errors)})
            if result.created_survey:
                self.stdout.write(_("Created the survey %(slug)s.") % {"slug": result.survey.slug})
            if result.missing_questions:
                self.stdout.write(
                    _("No column for %(codes)s: those questions count as unanswered.")
                    % {"codes": ", ".join(result.missing_questions)}
                )
            self.stdout.write(
                _("Imported %(count)s responses into %(slug)s as batch %(batch)s.")
                % {"count": result.imported, "slug": result.survey.slug, "batch": result.batch.pk}
            )
