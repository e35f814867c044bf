from django.core.management.base import BaseCommand
from django.utils import timezone

from enkat.models import Survey
from enkat.services import close_survey


class Command(BaseCommand):
    help = "Close open surveys whose close time has passed and discard their unsubmitted drafts."

    def handle(self, **options):
        for survey in Survey.objects.due_to_close(timezone.now()):
            discarded = close_survey(survey)
            self.stdout.write(f"Closed {survey.slug}: {discarded} drafts discarded.")
