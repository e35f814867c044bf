"""Display names for dimensions, group values and the matrix fields, shared by pages and exports."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DIM_LABELS = {
    "gender": _("Gender"),
    "age_group": _("Age group"),
    "programme": _("Programme type"),
    "provider": _("Provider"),
    "status": _("Ongoing or closed"),
    "language": _("Language"),
}
VALUE_LABELS = {
    "gender": {"kvinna": _("Woman"), "man": _("Man"), "annat": _("Other")},
    "status": {"pagaende": _("Ongoing"), "avslutad": _("Closed")},
}
UNKNOWN_VALUE = "okänd"
QUADRANT_LABELS = {
    "green": _("Green"),
    "blue": _("Blue"),
    "yellow": _("Yellow"),
    "orange": _("Orange"),
}
QUADRANT_MEANINGS = {
    "green": _("High satisfaction, high effect: keep at a good level, or develop further."),
    "blue": _("High satisfaction, low effect: keep at a good level; not top priority."),
    "yellow": _("Low satisfaction, low effect: improve; not top priority."),
    "orange": _("Low satisfaction, high effect: highest priority in the coming improvement work."),
}
# Strong colours for points, pale ones for the fields behind them.
QUADRANT_COLOURS = {"green": "2E7D32", "blue": "1565C0", "yellow": "B58900", "orange": "E65100"}
FIELD_COLOURS = {"green": "D5ECD4", "blue": "D6E6F5", "yellow": "FBF1C7", "orange": "FBDCC8"}
METHOD_LABELS = {
    "correlation": _("Corrected item–total correlation with NKI (Pearson)"),
    "regression": _("Standardised regression weights"),
    "lmg": _("Relative importance (LMG / Shapley)"),
}
# Age groups of DOMAIN.md, in their natural order; other values sort after them.
AGE_GROUP_ORDER = ["under 18", "-17", "0-17", "<18", "18-24", "19-24", "25-39", "40-59", "60+", "60-65", "60-"]


def dim_label(dim: str) -> str:
    return " × ".join(str(DIM_LABELS.get(part, part)) for part in dim.split("*"))


def value_label(dim: str, value: str) -> str:
    """A group value for people: known codes translated, anything else as imported."""
    parts = dim.split("*")
    values = value.split("*") if len(parts) > 1 else [value]
    if len(values) != len(parts):
        return value
    shown = []
    for part, item in zip(parts, values, strict=True):
        if item == UNKNOWN_VALUE:
            shown.append(str(_("Unknown")))
        else:
            shown.append(str(VALUE_LABELS.get(part, {}).get(item, item)))
    return " × ".join(shown)


def age_sort_key(value: str) -> tuple[int, str]:
    normalised = value.replace("–", "-").replace(" ", "").lower()
    order = [v.replace(" ", "") for v in AGE_GROUP_ORDER]
    if value == UNKNOWN_VALUE:
        return (len(order) + 1, value)
    return (order.index(normalised), value) if normalised in order else (len(order), value)
