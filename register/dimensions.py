"""The group dimensions, once: gender, age group, programme, provider, status, language.

Every place that groups customers (the invitation's snapshot, the survey
overview, the analysis and its exports, the import of earlier years' answers)
reads its names, columns, codes, order and labels from here. Adding a
dimension means one more `Dimension` below (and a snapshot field with its
migration), plus its translations.

A dimension has three names: its `code` (the analysis column and the name in
URLs, exports and the JSON document), its `snapshot_field` on
`enkat.GroupSnapshot` (Invitation and Response) and its `import_column` in a
file of earlier years' answers. Known values are codes shown through their
labels; other values (programme and provider names, languages) are shown as
they are. See docs/definitions.md, "Groups".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from register.models import Gender

# A missing value in the analysis: its own group, sorted last (see analys.core).
UNKNOWN_VALUE = "okänd"

# Age groups (docs/definitions.md, "Age group"), in their natural order.
AGE_GROUPS = ("under 18", "18-24", "25-39", "40-59", "60+")
# Spellings of earlier years' files that sort with them: under 18 first, 60 and over last.
AGE_GROUP_ALIASES = {"under 18": ("-17", "0-17", "<18"), "18-24": ("19-24",), "60+": ("60-65", "60-")}

ONGOING = "pagaende"
CLOSED = "avslutad"


@dataclass(frozen=True)
class Dimension:
    code: str
    snapshot_field: str
    import_column: str
    label: Promise
    # Known codes and their labels, in display order; empty: values are shown as they are.
    values: tuple[tuple[str, Promise], ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _label in self.values)


# The survey's languages by name, for staff (the language switcher names them in their own script).
LANGUAGE_NAMES = (
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa-af", _("Dari")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("uk", _("Ukrainian")),
)

DIMENSIONS = (
    Dimension("gender", "gender", "kon", _("Gender"), tuple((g.value, g.label) for g in Gender)),
    Dimension("age_group", "age_group", "aldersgrupp", _("Age group")),
    Dimension("programme", "programme", "insatstyp", _("Programme type")),
    Dimension("provider", "provider_name", "anordnare", _("Provider")),
    Dimension(
        "status",
        "status",
        "status",
        _("Ongoing or closed"),
        (
            (ONGOING, pgettext_lazy("programme status", "Ongoing")),
            (CLOSED, pgettext_lazy("programme status", "Closed")),
        ),
    ),
    Dimension("language", "language", "sprak", _("Language"), LANGUAGE_NAMES),
)
BY_CODE = {d.code: d for d in DIMENSIONS}
BY_SNAPSHOT_FIELD = {d.snapshot_field: d for d in DIMENSIONS}
# Analysis column names, in order.
DIMENSION_CODES = tuple(d.code for d in DIMENSIONS)
# Fields of enkat.GroupSnapshot, in the same order.
SNAPSHOT_FIELDS = tuple(d.snapshot_field for d in DIMENSIONS)
# Columns of a file of earlier years' answers, in the same order.
IMPORT_COLUMNS = tuple(d.import_column for d in DIMENSIONS)
# The dimensions non-response weighting rakes to.
WEIGHTING_DIMENSIONS = ("gender", "age_group", "programme")


def dim_label(dim: str) -> str:
    """'programme*gender' -> 'Programme type × Gender'; unknown names as they are."""
    return " × ".join(str(BY_CODE[part].label) if part in BY_CODE else part for part in dim.split("*"))


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
            known = dict(BY_CODE[part].values) if part in BY_CODE else {}
            shown.append(str(known.get(item, item)))
    return " × ".join(shown)


def snapshot_value_label(field: str, value: str) -> str:
    """A value of a snapshot field (Invitation, Response) for people; empty reads "Unknown"."""
    dimension = BY_SNAPSHOT_FIELD.get(field)
    if dimension is None:
        return value or str(_("Unknown"))
    return value_label(dimension.code, value or UNKNOWN_VALUE)


def language_name(code: str) -> str:
    """A survey language by name, for staff ("fa-af" -> "Dari"); unknown codes as they are."""
    return str(dict(LANGUAGE_NAMES).get(code, code))


def _age_order() -> list[str]:
    order: list[str] = []
    for group in AGE_GROUPS:
        order.append(group)
        order.extend(AGE_GROUP_ALIASES.get(group, ()))
    return [v.replace(" ", "") for v in order]


def age_sort_key(value: str) -> tuple[int, str]:
    """Age groups in their natural order, other values after them, unknown last."""
    order = _age_order()
    normalised = value.replace("–", "-").replace(" ", "").lower()
    if value == UNKNOWN_VALUE:
        return (len(order) + 1, value)
    return (order.index(normalised), value) if normalised in order else (len(order), value)
