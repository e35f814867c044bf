from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from analys.importing import READ_COLUMNS, import_responses
from common.tabular import TableError, read_table


class Command(BaseCommand):
    help = (
        "Import earlier years' raw answers (.csv or .xlsx) as anonymous responses. Columns: kon, aldersgrupp, "
        "insatstyp, anordnare, status, sprak, kommentar and one per question code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey", help="the survey's slug")
        parser.add_argument("path", help="a .csv or .xlsx file")
        parser.add_argument(
            "--create", action="store_true", help="create the survey, closed, with the standard question set"
        )

    def handle(self, *args, **options) -> None:
        with translation.override("sv"):
            try:
                table = read_table(options["path"], columns=READ_COLUMNS)
            except (TableError, OSError) as exc:
                raise CommandError(str(exc)) from exc
            result = import_responses(options["survey"], table, create=options["create"])
            for error in result.errors:
                self.stderr.write(str(error))
            if not result.ok or result.survey is None:
                raise CommandError(_("Nothing was imported: %(count)s errors.") % {"count": len(result.errors)})
            if result.created_survey:
                self.stdout.write(_("Created the survey %(slug)s.") % {"slug": result.survey.slug})
            if result.missing_questions:
                self.stdout.write(
                    _("No column for %(codes)s: those questions count as unanswered.")
                    % {"codes": ", ".join(result.missing_questions)}
                )
            self.stdout.write(
                _("Imported %(count)s responses into %(slug)s.")
                % {"count": result.imported, "slug": result.survey.slug}
            )
