"""Display names for the matrix fields and the effect methods, shared by pages and exports.

The group dimensions and their values are named in `register.dimensions`.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from analys.core.result import WeightingInfo, WeightingReason
from register.dimensions import dim_label, value_label

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
# Dark inks for the field names, the interval whiskers and hollow points: at least 3:1 against
# every field (a whisker can cross into a neighbouring field), 4.5:1 for the text.
QUADRANT_INK = {"green": "1B5E20", "blue": "0D47A1", "yellow": "6B4F00", "orange": "A33A00"}
METHOD_LABELS = {
    "correlation": _("Corrected item–total correlation with NKI (Pearson)"),
    "regression": _("Standardised regression weights"),
    "lmg": _("Relative importance (LMG / Shapley)"),
}


def percent_text(share: float) -> str:
    """0.95 -> "95 %" (Swedish and English pages both write a space before %)."""
    return f"{share * 100:g} %"


def weighting_reason_text(info: WeightingInfo) -> str:
    """Why there are no weighted figures, in the page's language."""
    match info.reason:
        case None:
            return ""
        case WeightingReason.NOT_REQUESTED:
            return gettext("not requested")
        case WeightingReason.NO_INVITED:
            return gettext("no invited sample is known")
        case WeightingReason.NO_RESPONDENTS:
            return gettext("no respondents")
        case WeightingReason.MISSING_DIMENSIONS:
            return gettext("groupings missing from the data: %(dims)s") % {
                "dims": ", ".join(dim_label(d) for d in info.reason_values)
            }
        case WeightingReason.UNINVITED_CATEGORIES:
            dim = info.reason_dim or ""
            return gettext("respondents in groups of %(dim)s in which nobody was invited: %(values)s") % {
                "dim": dim_label(dim),
                "values": ", ".join(value_label(dim, v) for v in info.reason_values),
            }
