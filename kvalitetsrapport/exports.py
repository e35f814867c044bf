"""A round's reports as JSON (docs/quality-report-json.md) and as an Excel workbook for the annual report."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from typing import Any

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from common.xlsx import safe_cell
from kvalitetsrapport.display import display_value, field_label
from kvalitetsrapport.models import DevelopmentAction, HistoryEntry, QualityReport, ReportRound, StepAnswer
from kvalitetsrapport.steps import (
    CAPACITY,
    ORGANISATION,
    QUALITY_WORK,
    RESULT_FIELDS,
    STEP_TITLES,
    SUPERVISION,
    ReportStructure,
    StepSpec,
    focus_step,
    missing_answers,
    plan_step,
    results_step,
)
from register.models import Insats, ProgrammeType

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
FORMATS = ("xlsx", "json")


def _reports(report_round: ReportRound, reports=None) -> list[QualityReport]:
    queryset = reports if reports is not None else report_round.reports.all()
    return list(
        queryset.select_related("provider", "round")
        .prefetch_related(
            Prefetch("step_answers", queryset=StepAnswer.objects.only("report_id", "step", "data")),
            Prefetch("development_actions", queryset=DevelopmentAction.objects.order_by("position", "pk")),
        )
        .order_by("provider__name")
    )


def structures(report_round: ReportRound, reports: list[QualityReport]) -> dict[int, ReportStructure]:
    """Every report's structure, built with a handful of queries for the whole round."""
    by_provider: dict[int, set[int]] = defaultdict(set)
    for provider_id, programme_id in (
        Insats.objects.during_year(report_round.year).values_list("provider_id", "programme_type_id").distinct()
    ):
        by_provider[provider_id].add(programme_id)
    programmes = {p.pk: p for p in ProgrammeType.objects.all()}
    active = sorted((p for p in programmes.values() if p.active), key=lambda p: p.name)
    previous: dict[int, list[DevelopmentAction]] = defaultdict(list)
    for action in DevelopmentAction.objects.filter(report__round__year=report_round.year - 1).select_related("report"):
        previous[action.report.provider_id].append(action)
    questions = list(report_round.focus_questions.all())
    focus = focus_step(questions)
    result = {}
    # Providers with the same programme types share one step D (a round has hundreds of reports).
    results_steps: dict[tuple[int, ...], StepSpec] = {}
    for report in reports:
        own = sorted((programmes[i] for i in by_provider.get(report.provider_id, ())), key=lambda p: p.name) or active
        key = tuple(p.pk for p in own)
        if key not in results_steps:
            results_steps[key] = results_step(own)
        plan = previous.get(report.provider_id, [])
        steps = {
            "verksamhet": ORGANISATION,
            "a": SUPERVISION,
            "b": QUALITY_WORK,
            "c": CAPACITY,
            "d": results_steps[key],
            "fokus": focus,
            "plan": plan_step(plan),
        }
        result[report.pk] = ReportStructure(steps, own, plan)
    return result


def _answers(report: QualityReport) -> dict[str, dict]:
    return {row.step: row.data for row in report.step_answers.all()}


def _followups_of_next_year(report_round: ReportRound) -> dict[int, str]:
    """Each action's status as given in the next year's report (its follow-up), by action id."""
    statuses: dict[int, str] = {}
    rows = StepAnswer.objects.filter(step="plan", report__round__year=report_round.year + 1).values_list(
        "data", flat=True
    )
    for data in rows:
        for key, value in data.items():
            parts = key.split(".")
            if len(parts) == 3 and parts[0] == "followup" and parts[2] == "status" and parts[1].isdigit() and value:
                statuses[int(parts[1])] = value
    return statuses


def report_json(report: QualityReport, structure: ReportStructure, followups: dict[int, str], history) -> dict:
    answers = _answers(report)
    flat: dict[str, Any] = {}
    for slug, step in structure.steps.items():
        if slug == "fokus":
            continue
        for spec in step.fields:
            flat[f"{slug}.{spec.name}"] = answers.get(slug, {}).get(spec.name)
    focus = answers.get("fokus", {})
    return {
        "provider": report.provider.name,
        "status": report.status,
        "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
        "answers": flat,
        "focus_answers": [
            {"question": str(s.label), "answer": focus.get(s.name)} for s in structure.steps["fokus"].fields
        ],
        "development_plan": [
            {"what": a.what, "who": a.who, "by": a.by.isoformat() if a.by else None, "status": followups.get(a.pk)}
            for a in report.development_actions.all()
        ],
        "history": [
            {
                "at": h.at.isoformat(),
                "user": h.actor or None,
                "action": h.action,
                "field": f"{h.step}.{h.field}" if h.step and h.field else (h.field or h.step or None),
                "old": h.old or None,
                "new": h.new or None,
            }
            for h in history.get(report.pk, [])
        ],
    }


def _history(reports: list[QualityReport]) -> dict[int, list[HistoryEntry]]:
    grouped: dict[int, list[HistoryEntry]] = defaultdict(list)
    for entry in HistoryEntry.objects.filter(report__in=reports).order_by("at", "pk"):
        grouped[entry.report_id].append(entry)
    return grouped


def export_json(report_round: ReportRound, reports=None) -> bytes:
    rows = _reports(report_round, reports)
    built = structures(report_round, rows)
    followups = _followups_of_next_year(report_round)
    history = _history(rows)
    document = {"year": report_round.year, "reports": [report_json(r, built[r.pk], followups, history) for r in rows]}
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


# --- Excel -------------------------------------------------------------------------------

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _sheet(workbook: Workbook, title: str, headers: list[str], widths: list[int] | None = None) -> Worksheet:
    sheet = workbook.create_sheet(title[:31])
    sheet.append([safe_cell(h) for h in headers])
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = WRAP
    sheet.freeze_panes = "B2"
    # Prints on A4, one page wide, with the header row repeated on every page.
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def _append(sheet: Worksheet, values: list[Any]) -> None:
    sheet.append([safe_cell(v) for v in values])


def export_xlsx(report_round: ReportRound, reports=None) -> bytes:
    with translation.override("sv"):
        return _export_xlsx(report_round, reports)


def _export_xlsx(report_round: ReportRound, reports=None) -> bytes:
    rows = _reports(report_round, reports)
    built = structures(report_round, rows)
    followups = _followups_of_next_year(report_round)
    answers = {r.pk: _answers(r) for r in rows}
    workbook = Workbook()
    workbook.remove(workbook.active)
    provider_header = _("Provider")

    overview = _sheet(
        workbook,
        _("Overview"),
        [provider_header, _("Status"), _("Submitted"), _("Last activity"), _("Missing required answers")],
        [36, 14, 18, 18, 14],
    )
    for report in rows:
        missing = missing_answers(built[report.pk], answers[report.pk])
        _append(
            overview,
            [
                report.provider.name,
                report.get_status_display(),
                report.submitted_at.strftime("%Y-%m-%d %H:%M") if report.submitted_at else "",
                report.last_activity_at.strftime("%Y-%m-%d %H:%M") if report.last_activity_at else "",
                sum(len(v) for v in missing.values()),
            ],
        )

    for slug in ("verksamhet", "a", "b", "c", "d", "fokus", "plan"):
        columns: dict[str, str] = {}
        for report in rows:
            structure = built[report.pk]
            for spec in structure.fields(slug):
                if spec.name not in columns:
                    columns[spec.name] = field_label(structure, slug, spec)
        if slug == "fokus" and not columns:
            continue
        if slug == "plan" and not columns:
            continue
        title = str(STEP_TITLES[slug]).replace(":", "")
        sheet = _sheet(workbook, title, [provider_header, *columns.values()], [36] + [30] * len(columns))
        for report in rows:
            specs = {s.name: s for s in built[report.pk].fields(slug)}
            data = answers[report.pk].get(slug, {})
            _append(sheet, [report.provider.name, *(display_value(specs.get(n), data.get(n)) for n in columns)])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = WRAP

    plans = _sheet(
        workbook,
        _("Development plans"),
        [provider_header, _("What"), _("Who"), _("By when"), _("Status next year")],
        [36, 60, 24, 14, 16],
    )
    statuses = dict((k, str(v)) for k, v in _follow_up_labels().items())
    for report in rows:
        for action in report.development_actions.all():
            status = followups.get(action.pk)
            _append(
                plans,
                [
                    report.provider.name,
                    action.what,
                    action.who,
                    action.by.isoformat() if action.by else "",
                    statuses.get(status, ""),
                ],
            )

    summary = _sheet(
        workbook,
        _("Per programme type"),
        [_("Programme type"), provider_header, *(str(label) for _name, label in RESULT_FIELDS)],
        [26, 32, 50, 50, 50, 50],
    )
    by_programme: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    names: dict[str, str] = {}
    for report in rows:
        data = answers[report.pk].get("d", {})
        for programme in built[report.pk].programmes:
            names[programme.code] = programme.name
            by_programme[programme.code].append((report.provider.name, data))
    for code in sorted(by_programme, key=lambda c: names[c]):
        for provider_name, data in by_programme[code]:
            _append(
                summary, [names[code], provider_name, *(data.get(f"{code}.{n}") or "" for n, _label in RESULT_FIELDS)]
            )
    for row in summary.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _follow_up_labels() -> dict[str, str]:
    from kvalitetsrapport.steps import FOLLOW_UP_CHOICES

    return dict(FOLLOW_UP_CHOICES)


def export(report_round: ReportRound, fmt: str, reports=None) -> tuple[bytes, str, str]:
    """(content, content type, file name)."""
    if fmt == "json":
        return export_json(report_round, reports), JSON_CONTENT_TYPE, f"kvalitetsrapporter-{report_round.year}.json"
    if fmt == "xlsx":
        return export_xlsx(report_round, reports), XLSX_CONTENT_TYPE, f"kvalitetsrapporter-{report_round.year}.xlsx"
    raise ValueError(fmt)
