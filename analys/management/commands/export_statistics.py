import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from analys.register_statistics import statistics_json
from analys.register_xlsx import statistics_xlsx
from register.models import Provider


class Command(BaseCommand):
    help = "Export the register statistics of a year (the annual report's §6 and §12 tables) as .json or .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("--out", required=True, help="FILE.json or FILE.xlsx")
        parser.add_argument("--provider", default=None, help="a provider's name: its own rows beside the totals")

    def handle(self, *args, **options) -> None:
        out = Path(options["out"])
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ("json", "xlsx"):
            raise CommandError(_("The output file must end in .xlsx or .json."))
        year = options["year"]
        if not 1900 <= year <= 2200:
            raise CommandError(_("%(year)s is not a year.") % {"year": year})
        provider = None
        if options["provider"]:
            provider = Provider.objects.filter(name__iexact=options["provider"]).first()
            if provider is None:
                raise CommandError(_("No provider named %(name)s.") % {"name": options["provider"]})
        result = statistics_json(year, provider=provider)
        if fmt == "json":
            out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        else:
            out.write_bytes(statistics_xlsx(result))
        self.stdout.write(
            _("Wrote the statistics for %(year)s (%(count)s programmes) to %(path)s.")
            % {"year": year, "count": result["totals"]["insatser"], "path": out}
        )
