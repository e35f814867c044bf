from django.core.management.base import BaseCommand
from django.utils import timezone

from utskick.purge import purge_contacts


class Command(BaseCommand):
    help = "Erase customers' mobile numbers and e-mail addresses the set number of days after a survey closes."

    def handle(self, *args, **options) -> None:
        count = purge_contacts(timezone.now())
        self.stdout.write(f"{count} invitations' contact details erased")
