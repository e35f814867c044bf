from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kvalitetsrapport.exports import export
from kvalitetsrapport.models import ReportRound


class Command(BaseCommand):
    help = "Export a year's quality reports as Excel (.xlsx) or JSON (.json), chosen by the file's ending."

    def add_arguments(self, parser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("--out", required=True, help="FILE.xlsx or FILE.json")

    def handle(self, *args, year: int, out: str, **options) -> None:
        path = Path(out)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "json"):
            raise CommandError("--out must end in .xlsx or .json")
        report_round = ReportRound.objects.filter(year=year).first()
        if report_round is None:
            raise CommandError(f"No report round for {year}.")
        content, _type, _name = export(report_round, fmt)
        path.write_bytes(content)
        self.stdout.write(f"{report_round.reports.count()} reports written to {path}")
