"""The analysis as JSON, with the keys fixed by issue 5 first (see docs/analysis-json.md)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analys.loading import SurveyAnalysis

FIXED_KEYS = (
    "survey",
    "method",
    "min_n",
    "n_invited",
    "n_responses",
    "response_rate",
    "areas",
    "questions",
    "matrix",
    "groups",
    "weighted",
)
# Kept out of every export: a provider's scope is said, but nothing else internal.
INTERNAL_KEYS = ("survey_name",)


def analysis_document(result: SurveyAnalysis, comments: list[str] | None = None) -> dict[str, Any]:
    """The fixed keys in their documented order, then the extra keys the core gives.

    `comments` (texts alone, in random order, from `analys.loading.comments`) go last
    under "comments" when given.
    """
    data = result.to_dict()
    document = {key: data[key] for key in FIXED_KEYS}
    for key, value in data.items():
        if key not in document and key not in INTERNAL_KEYS:
            document[key] = value
    if comments is not None:
        document["comments"] = list(comments)
    return document


def analysis_json(result: SurveyAnalysis, comments: list[str] | None = None) -> bytes:
    # allow_nan=False: a NaN that slipped through is a bug, never a silent "NaN" in the file.
    text = json.dumps(analysis_document(result, comments), ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")
