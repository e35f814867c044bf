from django.core.management.base import BaseCommand
from django.utils import timezone

from utskick.purge import purge_contacts


class Command(BaseCommand):
    help = (
        "Erase a survey's invitations (contact details, customer ids, link hashes, groups) the set number "
        "of days after it closes, keeping only the counts the response-rate tables need."
    )

    def handle(self, *args, **options) -> None:
        count = purge_contacts(timezone.now())
        self.stdout.write(f"{count} invitations erased (their counts kept)")
