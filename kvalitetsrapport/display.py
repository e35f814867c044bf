"""A report's answers with their labels, step by step: for review, the read-only page, printing and exports."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kvalitetsrapport.forms import field_name
from kvalitetsrapport.steps import FOLLOW_UP_CHOICES, STEP_SLUGS, STEP_TITLES, FieldSpec, ReportStructure, is_blank

FOLLOW_UP_LABELS = dict(FOLLOW_UP_CHOICES)


def display_value(spec: FieldSpec | None, value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if spec is not None and spec.kind == "choice":
        return str(dict(spec.choices).get(value, value))
    return str(value)


def field_label(structure: ReportStructure, step: str, spec: FieldSpec) -> str:
    if step == "d":
        code, _sep, _rest = spec.name.partition(".")
        names = {p.code: p.name for p in structure.programmes}
        return _("%(programme)s: %(label)s") % {"programme": names.get(code, code), "label": spec.label}
    if spec.name.endswith("_description"):
        parent = next((s for s in structure.fields(step) if s.name == spec.name.removesuffix("_description")), None)
        if parent is not None:
            return _("%(label)s: short description") % {"label": parent.label}
    if step == "plan" and spec.name.startswith("followup.") and spec.name.endswith(".status"):
        return _("Last year's action: %(what)s") % {"what": spec.label}
    return str(spec.label)


def sections(structure: ReportStructure, answers: dict[str, dict], report=None) -> list[dict]:
    result = []
    for number, slug in enumerate(STEP_SLUGS, start=1):
        if slug == "granska":
            continue
        data = answers.get(slug, {})
        rows = []
        for spec in structure.fields(slug):
            value = data.get(spec.name)
            required = spec.required or (
                spec.required_if is not None and data.get(spec.required_if[0]) == spec.required_if[1]
            )
            rows.append(
                {
                    "name": spec.name,
                    "field": field_name(spec.name),
                    "label": field_label(structure, slug, spec),
                    "value": display_value(spec, value),
                    "missing": required and is_blank(value),
                }
            )
        section = {"slug": slug, "number": number, "title": STEP_TITLES[slug], "rows": rows}
        if slug == "plan":
            section["actions"] = data.get("actions", [])
        if report is not None and slug in ("a", "b"):
            section["attachments"] = [a for a in report.attachments.all() if a.step == slug]
        result.append(section)
    return result
