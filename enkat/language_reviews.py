"""Each customer language's review by a native speaker, and the scale labels' back-translations.

The questions' back-translations are stored beside their texts (QuestionText.back_translation);
the scale labels live in the catalogs (enkat/pages.py SCALE_LABELS), so theirs are kept here,
keyed by msgid and language. Both are shown beside the Swedish original for the quality developer.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import translation

from enkat.models import LanguageReview
from enkat.pages import DONT_KNOW_LABEL, SCALE_LABELS

# {msgid: {language: back-translation into Swedish}} of the scale's words as the catalogs give them.
SCALE_BACK_TRANSLATIONS: dict[str, dict[str, str]] = {
    "Not at all": {
        "en": "Inte alls",
        "ar": "Inte alls (inte i någon mån)",
        "fa-af": "Inte alls",
        "so": "Inte det minsta",
        "ti": "Inte alls (det är det inte)",
        "uk": "Inte alls",
    },
    "To a small extent": {
        "en": "I liten utsträckning",
        "ar": "I liten grad",
        "fa-af": "I liten utsträckning",
        "so": "Lite",
        "ti": "I liten utsträckning",
        "uk": "I obetydlig grad",
    },
    "Partly": {
        "en": "Delvis",
        "ar": "Delvis",
        "fa-af": "Till viss del",
        "so": "Delvis",
        "ti": "Delvis",
        "uk": "Delvis",
    },
    "To a large extent": {
        "en": "I stor utsträckning",
        "ar": "I hög grad",
        "fa-af": "I stor utsträckning",
        "so": "I hög grad",
        "ti": "I stor utsträckning",
        "uk": "I betydande grad",
    },
    "Completely": {
        "en": "Helt",
        "ar": "Helt",
        "fa-af": "Helt",
        "so": "Helt och hållet",
        "ti": "Helt och fullt",
        "uk": "Helt",
    },
    "Don't know / not applicable": {
        "en": "Vet inte / ej tillämpligt",
        "ar": "Vet inte / gäller inte",
        "fa-af": "Vet inte / inte relevant",
        "so": "Vet inte / gäller inte mig",
        "ti": "Vet inte / angår mig inte",
        "uk": "Vet inte / gäller inte",
    },
}


def scale_msgids() -> list[str]:
    """The scale's words and "don't know", as msgids, in the order the page shows them."""
    labels = [*SCALE_LABELS.values(), DONT_KNOW_LABEL]
    with translation.override("en"):
        return [str(label) for label in labels]


def scale_rows(language: str) -> list[dict[str, str]]:
    """Swedish original | translation | back-translation of every scale word, for one language."""
    labels = [*SCALE_LABELS.values(), DONT_KNOW_LABEL]
    rows = []
    for msgid, label in zip(scale_msgids(), labels, strict=True):
        with translation.override("sv"):
            swedish = str(label)
        with translation.override(language):
            translated = str(label)
        back = SCALE_BACK_TRANSLATIONS.get(msgid, {}).get(language, "")
        rows.append({"msgid": msgid, "swedish": swedish, "translation": translated, "back": back})
    return rows


def reviews() -> dict[str, LanguageReview]:
    """{language: its review} for every customer language (unsaved and empty where none is recorded)."""
    found = {r.language: r for r in LanguageReview.objects.all()}
    return {code: found.get(code) or LanguageReview(language=code) for code, _name in settings.LANGUAGES}


def unreviewed(languages: Iterable[str]) -> list[str]:
    """The languages among `languages` not reviewed by a native speaker, in their given order."""
    known = reviews()
    return [code for code in languages if not (code in known and known[code].is_reviewed)]


@transaction.atomic
def record_review(language: str, reviewed_on: date | None, reviewed_by: str, recorded_by: str) -> LanguageReview:
    """Set (or, with no date, clear) the language's review."""
    review, _created = LanguageReview.objects.select_for_update().get_or_create(language=language)
    review.reviewed_on = reviewed_on
    review.reviewed_by = reviewed_by.strip() if reviewed_on else ""
    review.recorded_by = recorded_by
    review.save()
    return review
