import getpass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from analys.loading import METHODS, AnalysisOptions, parse_dims
from analys.models import ExportLog
from analys.services import do_export_analysis
from enkat.models import Survey
from register.dimensions import DIMENSION_CODES


class Command(BaseCommand):
    help = "Export a survey's analysis (NKI, area indices, group means, the action matrix) as .xlsx or .json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey", help="the survey's slug")
        parser.add_argument("--out", required=True, help="FILE.xlsx or FILE.json")
        parser.add_argument("--by", default=",".join(DIMENSION_CODES), help="DIM[,DIM…]; two-way as programme*gender")
        parser.add_argument("--method", choices=METHODS, default="correlation")
        parser.add_argument("--min-n", type=int, default=None, help="smallest group shown (default: the survey's)")
        parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (0: none)")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--satisfaction-split", type=float, default=None)
        parser.add_argument("--effect-split", type=float, default=None)
        parser.add_argument("--weighted", action="store_true", help="add raked figures next to the unweighted ones")
        parser.add_argument(
            "--without-nki-questions", action="store_true", help="leave the NKI questions out of the matrix"
        )
        parser.add_argument("--user", default=None, help="the user name recorded in the audit log")

    def handle(self, *args, **options) -> None:
        out = Path(options["out"])
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in (ExportLog.Format.XLSX, ExportLog.Format.JSON):
            raise CommandError(_("The output file must end in .xlsx or .json."))
        try:
            survey = Survey.objects.get(slug=options["survey"])
        except Survey.DoesNotExist:
            raise CommandError(_("No survey with the slug %(slug)s.") % {"slug": options["survey"]}) from None
        try:
            dims = parse_dims(options["by"])
        except ValueError as exc:
            raise CommandError(
                _("Unknown grouping %(name)s: use %(names)s, or two of them joined by *.")
                % {"name": exc.args[0], "names": ", ".join(DIMENSION_CODES)}
            ) from None
        if options["min_n"] is not None and options["min_n"] < 1:
            raise CommandError(_("--min-n must be at least 1."))
        if options["bootstrap"] < 0:
            raise CommandError(_("--bootstrap must be 0 or more."))
        analysis_options = AnalysisOptions(
            dims=dims,
            method=options["method"],
            min_n=options["min_n"],
            bootstrap=options["bootstrap"],
            seed=options["seed"],
            satisfaction_split=options["satisfaction_split"],
            effect_split=options["effect_split"],
            plot_nki_questions=not options["without_nki_questions"],
            weighted=options["weighted"],
        )
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No user named %(name)s.") % {"name": options["user"]})
        try:
            actor = options["user"] or getpass.getuser()
        except Exception:  # no login name in some containers
            actor = "manage.py"
        try:
            export = do_export_analysis(
                survey, analysis_options, fmt, channel=ExportLog.Channel.COMMAND, user=user, actor=actor
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        out.write_bytes(export.content)
        self.stdout.write(_("Wrote %(path)s.") % {"path": out})
