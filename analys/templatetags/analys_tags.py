from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from analys.core.result import Figure, QuestionResult

register = template.Library()


@register.filter
def mean(figure: Figure | QuestionResult | float | None, digits: int = 1) -> str:
    """A figure's mean with `digits` decimals, or "Too few answers" when it is suppressed."""
    value = figure.mean if isinstance(figure, Figure | QuestionResult) else figure
    if value is None:
        return _("Too few answers")
    return floatformat(value, digits)


@register.filter
def interval(pair: list[float] | None, digits: int = 2) -> str:
    if not pair:
        return "–"
    return f"{floatformat(pair[0], digits)} – {floatformat(pair[1], digits)}"


@register.filter
def percent(share: float | None) -> str:
    if share is None:
        return "–"
    return f"{floatformat(share * 100, 0)} %"


@register.filter
def get(mapping: dict, key: str):
    return mapping.get(key) if isinstance(mapping, dict) else None
