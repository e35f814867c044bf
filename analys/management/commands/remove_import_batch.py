from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from analys.importing import remove_batch
from analys.management.commands.import_responses import command_actor
from enkat.models import Survey


class Command(BaseCommand):
    help = (
        "Remove a wrong import of earlier years' answers as a whole batch. Without a batch number, "
        "list the survey's batches. Answers given on the web are never removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey", help="the survey's slug")
        parser.add_argument("batch", nargs="?", type=int, help="the batch number (as import_responses reported it)")

    def handle(self, *args, **options) -> None:
        with translation.override("sv"):
            survey = Survey.objects.filter(slug=options["survey"]).first()
            if survey is None:
                raise CommandError(_("No survey with the slug %(slug)s.") % {"slug": options["survey"]})
            if options["batch"] is None:
                for batch in survey.import_batches.all():
                    self.stdout.write(
                        f"{batch.pk}\t{timezone.localtime(batch.imported_at):%Y-%m-%d %H:%M}\t{batch.rows}\t"
                        f"{batch.filename}\t{batch.imported_by}"
                    )
                return
            batch = survey.import_batches.filter(pk=options["batch"]).first()
            if batch is None:
                raise CommandError(
                    _("The survey %(slug)s has no import batch %(batch)s.")
                    % {"slug": survey.slug, "batch": options["batch"]}
                )
            removed = remove_batch(batch, command_actor())
            self.stdout.write(
                _("Removed batch %(batch)s: %(count)s responses.") % {"batch": options["batch"], "count": removed}
            )
