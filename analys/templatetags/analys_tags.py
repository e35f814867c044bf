from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def mean(figure: dict | float | None, digits: int = 1) -> str:
    """A figure's mean with `digits` decimals, or "Too few answers" when it is suppressed."""
    value = figure.get("mean") if isinstance(figure, dict) else figure
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
