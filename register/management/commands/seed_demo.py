import importlib
import importlib.util

from django.core.management.base import BaseCommand

# Each app may add its own demo data in <app>/demo.py with a seed(stdout) function.
DEMO_MODULES = ["register.demo", "enkat.demo", "utskick.demo", "analys.demo", "kvalitetsrapport.demo"]


class Command(BaseCommand):
    help = "Build a deterministic demo year. A second run changes nothing."

    def handle(self, **options):
        for name in DEMO_MODULES:
            if importlib.util.find_spec(name) is None:
                continue
            importlib.import_module(name).seed(self.stdout)
