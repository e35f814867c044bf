"""The one glossary of the customer-facing texts: one term per concept and language.

Questions, survey pages, SMS and e-mail use these words and no other for the same thing, so
a customer never wonders whether "the link" on the page is the "link" in the SMS. Each entry
gives the term as it is written, the stems a text must contain where the Swedish original
uses the concept (so inflected forms count: Somali "linkiga", "linkigaaga"), and the variants
that must not be used (another word for the same thing, or a spelling we settled against).
tests/enkat/test_glossary.py checks the question texts and the customer-facing catalogs
against it; docs/translations.md says how to change it.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    term: str  # as written in running text, in its base form
    stems: tuple[str, ...] = ()  # what a text about the concept contains; empty: not checked positively
    forbidden: tuple[str, ...] = ()  # variants that must not appear in customer-facing text
    note: str = ""


@dataclass(frozen=True)
class Concept:
    swedish: str  # the Swedish term, as the originals use it
    swedish_stems: tuple[str, ...]  # what marks a Swedish original as being about it
    terms: dict[str, Term] = field(default_factory=dict)  # language -> term


GLOSSARY: dict[str, Concept] = {
    "jobbexpert": Concept(
        swedish="jobbexpert/jobbcoach",
        swedish_stems=("jobbexpert",),
        terms={
            "en": Term("job expert/job coach", ("job expert/job coach",)),
            "ar": Term("خبير العمل أو مدرب العمل", ("خبير العمل أو مدرب العمل",)),
            "fa-af": Term("متخصص کار/مربی کار", ("متخصص کار/مربی کار",)),
            "so": Term(
                "khabiirka shaqada/tababaraha shaqada",
                ("khabiirka", "tababaraha"),
                note="with the possessive: khabiirkaaga shaqada/tababarahaaga shaqada",
            ),
            "ti": Term("ክኢላ ስራሕ/ኣሰልጣኒ ስራሕ", ("ክኢላ ስራሕ", "ኣሰልጣኒ ስራሕ")),
            "uk": Term("фахівець з працевлаштування/коуч", ("фахів", "працевлаштування/коуч")),
        },
    ),
    "stöd": Concept(
        swedish="stöd",
        swedish_stems=("stöd",),
        terms={
            "en": Term("support", ("support",)),
            "ar": Term("دعم", ("دعم",)),
            "fa-af": Term("کمک", ("کمک",), forbidden=("حمایت",), note="one word in questions, pages, SMS and e-mail"),
            "so": Term("taageero", ("taageer",)),
            "ti": Term("ሓገዝ", ("ሓገዝ",), forbidden=("ደገፍ",), note="one word in questions, pages, SMS and e-mail"),
            "uk": Term("підтримка", ("підтрим",)),
        },
    ),
    "insats": Concept(
        swedish="insats",
        swedish_stems=("insats",),
        terms={
            "en": Term("programme"),
            "ar": Term("برنامج"),
            "fa-af": Term("برنامه"),
            "so": Term("barnaamij"),
            "ti": Term("መደብ"),
            "uk": Term("програма"),
        },
    ),
    "anordnare": Concept(
        swedish="anordnare",
        swedish_stems=("anordnare",),
        terms={
            "en": Term("provider"),
            "ar": Term("الجهة المقدِّمة للخدمة"),
            "fa-af": Term("ارائه‌دهنده"),
            "so": Term("bixiyaha"),
            "ti": Term("ሃቢ ኣገልግሎት"),
            "uk": Term("постачальник послуг"),
        },
    ),
    "länk": Concept(
        swedish="länk",
        swedish_stems=("länk",),
        terms={
            "en": Term("link", ("link",)),
            "ar": Term("رابط", ("رابط",)),
            "fa-af": Term("لینک", ("لینک",)),
            "so": Term(
                "linki",
                ("linki",),
                forbidden=("xiriirka", "xiriirkaaga", "xiriirkan", "laynk"),
                note="xiriir means contact; linkiga, linkigaaga, linkigan",
            ),
            "ti": Term("ሊንክ", ("ሊንክ",)),
            "uk": Term("посилання", ("посилання",)),
        },
    ),
    "påminnelse": Concept(
        swedish="påminnelse",
        swedish_stems=("påminnelse",),
        terms={
            "en": Term("reminder", ("reminder",)),
            "ar": Term("تذكير", ("تذكير",)),
            "fa-af": Term("یادآوری", ("یادآوری",)),
            "so": Term("xusuusin", ("xusuusin",), forbidden=("xasuusin",), note="spelled with u, as in xusuus"),
            "ti": Term("መዘኻኸሪ", ("መዘኻኸሪ",)),
            "uk": Term("нагадування", ("нагадуван",)),
        },
    ),
    "sms": Concept(
        swedish="sms",
        swedish_stems=("sms",),
        terms={
            "en": Term("text message"),
            "ar": Term("رسالة نصية"),
            "fa-af": Term("پیام کوتاه", forbidden=("پیامک",), note="پیامک is Iranian Persian"),
            "so": Term("fariin qoraal ah (SMS)"),
            "ti": Term("ኤስኤምኤስ"),
            "uk": Term("SMS"),
        },
    ),
}

# Iranian Persian words with a different Afghan Dari word: never in Dari customer text.
DARI_NOT_IRANIAN = {"مرورگر": "براوزر", "پیامک": "پیام کوتاه"}


def forbidden_words(language: str) -> dict[str, str]:
    """{forbidden variant: the term to use instead} for one language."""
    found = {}
    for concept in GLOSSARY.values():
        term = concept.terms.get(language)
        if term is not None:
            for word in term.forbidden:
                found[word] = term.term
    if language == "fa-af":
        found.update(DARI_NOT_IRANIAN)
    return found


def required_stems(swedish: str, language: str) -> list[tuple[str, tuple[str, ...]]]:
    """[(Swedish term, stems)] a translation of the Swedish text must contain, one stem per concept at least."""
    lowered = swedish.lower()
    result = []
    for concept in GLOSSARY.values():
        term = concept.terms.get(language)
        if term and term.stems and any(stem in lowered for stem in concept.swedish_stems):
            result.append((concept.swedish, term.stems))
    return result
