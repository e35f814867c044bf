"""A provider's results pack as an A4 PDF, drawn with matplotlib's PDF backend (no browser).

Pages: a title page (provider, survey, n, response rate), the tables (areas and questions beside all
providers', with intervals and n; the groups), the charts, and the comments when there are any. Suppressed
figures read "Too few answers".
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

import matplotlib
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.transforms import Bbox

from analys.core.bootstrap import CONFIDENCE
from analys.figures import INK, matrix_figure
from analys.labels import percent_text
from analys.provider_results import ComparisonRow
from analys.results_pack import ResultsPack
from analys.results_pack_charts import PACK_FONT, comparison_figure, questions_figure
from analys.templatetags.analys_tags import interval, mean, percent
from analys.xlsx_sheet import short_text
from register.dimensions import dim_label, value_label

A4_INCHES = (8.27, 11.69)
ROWS_PER_PAGE = 34
# Page layout in figure fractions: where tables start and stop, a row's and a caption's height.
TOP, BOTTOM = 0.94, 0.07
ROW_HEIGHT = 0.022
CAPTION_HEIGHT = 0.035
GAP = 0.03
HEADER_FILL = "#e7ecf1"


def pack_pdf(pack: ResultsPack) -> bytes:
    buffer = io.BytesIO()
    metadata = {
        "Title": _("Results for %(provider)s") % {"provider": pack.provider.name},
        "Subject": pack.survey.name,
        "Creator": "Kvalitetsuppföljning",
        "CreationDate": None,
    }
    with matplotlib.rc_context(PACK_FONT), PdfPages(buffer, metadata=metadata) as pdf:
        pages = _Pages(pdf, pack)
        pages.title_page()
        level = percent_text(CONFIDENCE)
        heading = _("%(level)s interval") % {"level": level}
        tables = [
            _Table(
                caption,
                [first, pack.provider.name, heading, _("n"), _("All providers"), heading, _("n")],
                [_comparison_cells(row) for row in rows],
                [0.40, 0.10, 0.13, 0.06, 0.11, 0.13, 0.07],
            )
            for caption, first, rows in (
                (_("NKI and area indices compared with all providers"), _("Area"), pack.areas),
                (_("Question means compared with all providers"), _("Question"), pack.questions),
            )
        ]
        pages.tables(tables)
        areas = list(pack.result.areas)
        pages.tables(
            [
                _Table(
                    _("Groups: %(grouping)s") % {"grouping": dim_label(dim)},
                    [_("Group"), _("n"), *areas],
                    [[value_label(dim, g.value), str(g.n), *(mean(g.areas.get(a), 2) for a in areas)] for g in groups],
                    [0.32, 0.08, *([0.60 / max(len(areas), 1)] * len(areas))],
                )
                for dim, groups in pack.groups.items()
            ]
        )
        for chart in (comparison_figure(pack), questions_figure(pack)):
            if chart is not None:
                pages.picture(chart)
        if pack.matrix_withheld:
            pages.note(_("Action matrix"), _matrix_withheld_text(pack))
        else:
            matrix = matrix_figure(pack.result, title=_("Action matrix, %(survey)s") % {"survey": pack.survey.name})
            if matrix is not None:
                pages.picture(matrix)
        if pack.comments:
            pages.comments(pack.comments)
    return buffer.getvalue()


def _comparison_cells(row: ComparisonRow) -> list[str]:
    return [
        short_text(row.label, 46),
        mean(row.own, 2),
        interval(row.own_ci, 2),
        str(row.own.n),
        mean(row.everyone, 2),
        interval(row.everyone_ci, 2),
        str(row.everyone.n),
    ]


def _matrix_withheld_text(pack: ResultsPack) -> str:
    from analys.provider_results import MATRIX_MIN_NKI_RESPONDENTS, nki_respondents

    return _(
        "The action matrix is shown from %(min)s respondents with an NKI score; here there are %(n)s. With fewer, "
        "most points are uncertain and their fields would mislead, so the question means are shown with their "
        "intervals instead."
    ) % {"min": MATRIX_MIN_NKI_RESPONDENTS, "n": nki_respondents(pack.result)}


@dataclass(frozen=True)
class _Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    widths: list[float]


class _Pages:
    """Writes A4 pages into the PDF, each with the pack's footer and its page number."""

    def __init__(self, pdf: PdfPages, pack: ResultsPack) -> None:
        self.pdf = pdf
        self.pack = pack
        self.number = 0

    def _page(self) -> Figure:
        figure = Figure(figsize=A4_INCHES)
        return figure

    def _finish(self, figure: Figure) -> None:
        self.number += 1
        footer = f"{self.pack.provider.name} · {self.pack.survey.name}"
        figure.text(0.08, 0.03, footer, fontsize=7, color="#555555")
        figure.text(0.92, 0.03, str(self.number), fontsize=7, color="#555555", ha="right")
        self.pdf.savefig(figure)

    def title_page(self) -> None:
        pack = self.pack
        figure = self._page()
        figure.text(0.08, 0.88, _("Results for %(provider)s") % {"provider": pack.provider.name}, fontsize=20)
        figure.text(0.08, 0.84, pack.survey.name, fontsize=14)
        period = f"{date_format(pack.survey.period_start)} – {date_format(pack.survey.period_end)}"
        figure.text(0.08, 0.81, period, fontsize=10, color="#444444")
        invited = str(pack.n_invited) if pack.n_invited is not None else _("Unknown")
        facts = [
            (_("Invited"), invited),
            (_("Responses"), str(pack.n_responses)),
            (_("Response rate"), percent(pack.response_rate)),
            (_("Smallest group shown"), str(pack.result.min_n)),
            (_("All providers: responses"), str(pack.everyone.n_responses)),
            (_("All providers: response rate"), percent(pack.everyone.response_rate)),
        ]
        y = 0.74
        for label, value in facts:
            figure.text(0.08, y, label, fontsize=11, fontweight="bold")
            figure.text(0.55, y, value, fontsize=11)
            y -= 0.035
        notes = [
            _(
                "All providers: every provider's customers together (including %(provider)s's), the municipality's "
                "figures."
            )
            % {"provider": pack.provider.name},
            _("Intervals are %(level)s intervals: bootstrap over the respondents, as on the analysis page.")
            % {"level": percent_text(CONFIDENCE)},
            _(
                "Figures from fewer than %(n)s answers, and figures they could be worked out from, read “Too few "
                "answers”."
            )
            % {"n": pack.result.min_n},
        ]
        y -= 0.03
        for note in notes:
            text = "\n".join(textwrap.wrap(note, 90))
            figure.text(0.08, y, text, fontsize=9, va="top", color=INK)
            y -= 0.025 * (text.count("\n") + 1) + 0.015
        made = _("Made %(date)s") % {"date": date_format(timezone.localdate())}
        figure.text(0.08, 0.08, made, fontsize=8, color="#555555")
        self._finish(figure)

    def tables(self, tables: list[_Table]) -> None:
        """The tables one below the other, a new page when the next does not fit; a table longer than a
        page goes on over the next, its header repeated."""
        figure: Figure | None = None
        top = 0.0
        for table in tables:
            chunks = [table.rows[i : i + ROWS_PER_PAGE] for i in range(0, len(table.rows), ROWS_PER_PAGE)] or [[]]
            for index, chunk in enumerate(chunks):
                height = ROW_HEIGHT * (len(chunk) + 2)
                if figure is None or top - CAPTION_HEIGHT - height < BOTTOM:
                    if figure is not None:
                        self._finish(figure)
                    figure, top = self._page(), TOP
                title = table.caption if index == 0 else _("%(caption)s (continued)") % {"caption": table.caption}
                figure.text(0.08, top, title, fontsize=12, fontweight="bold", va="top")
                top -= CAPTION_HEIGHT
                self._draw_table(figure, table, chunk, top - height, height)
                top -= height + GAP
        if figure is not None:
            self._finish(figure)

    @staticmethod
    def _draw_table(figure: Figure, table: _Table, rows: list[list[str]], bottom: float, height: float) -> None:
        ax = figure.add_axes((0.08, bottom, 0.84, height))
        ax.axis("off")
        wrapped = ["\n".join(textwrap.wrap(h, 11)) if i else h for i, h in enumerate(table.header)]
        drawn = ax.table(
            cellText=rows or [["–"] * len(table.header)],
            colLabels=wrapped,
            colWidths=list(table.widths),
            cellLoc="right",
            colLoc="right",
            bbox=Bbox.from_bounds(0, 0, 1, 1),
        )
        drawn.auto_set_font_size(False)
        drawn.set_fontsize(7.5)
        for (r, c), cell in drawn.get_celld().items():
            cell.set_edgecolor("#c8c8c8")
            cell.set_linewidth(0.5)
            if c == 0:
                cell.get_text().set_horizontalalignment("left")
                cell.PAD = 0.02
            if r == 0:
                cell.set_facecolor(HEADER_FILL)
                cell.get_text().set_fontweight("bold")
                cell.set_height(cell.get_height() * 2)

    def picture(self, chart: Figure) -> None:
        """A chart drawn as it is for download (vectors, not a picture), at the top of an A4 page."""
        width, height = chart.get_size_inches()
        chart.set_size_inches(*A4_INCHES)
        share = min(0.86, 0.88 * A4_INCHES[0] * height / (width * A4_INCHES[1]))
        engine = chart.get_layout_engine()
        if isinstance(engine, ConstrainedLayoutEngine):
            engine.set(rect=(0.06, 0.92 - share, 0.88, share))
        self._finish(chart)

    def note(self, heading: str, text: str) -> None:
        figure = self._page()
        figure.text(0.08, 0.93, heading, fontsize=13, fontweight="bold")
        figure.text(0.08, 0.90, "\n".join(textwrap.wrap(text, 95)), fontsize=9, va="top", color=INK)
        self._finish(figure)

    def comments(self, texts: list[str]) -> None:
        lines: list[str] = []
        for text in texts:
            lines.extend(textwrap.wrap(" ".join(text.split()), 100) or [""])
            lines.append("")
        per_page = 70
        for index in range(0, max(len(lines), 1), per_page):
            figure = self._page()
            title = _("Comments") if index == 0 else _("%(caption)s (continued)") % {"caption": _("Comments")}
            figure.text(0.08, 0.93, title, fontsize=13, fontweight="bold")
            figure.text(0.08, 0.90, "\n".join(lines[index : index + per_page]), fontsize=8.5, va="top", color=INK)
            self._finish(figure)
