"""One word per concept: the question texts and the customer-facing catalogs against enkat/glossary.py."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from enkat.glossary import GLOSSARY, forbidden_words, required_stems
from enkat.models import Question, QuestionText

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Every file whose strings a customer reads: the survey pages, the scale, SMS and e-mail.
CUSTOMER_FILES = [
    *sorted((ROOT / "enkat/templates/enkat/public").rglob("*.html")),
    *sorted((ROOT / "utskick/templates/utskick/sms").glob("*.txt")),
    *sorted((ROOT / "utskick/templates/utskick/email").glob("*")),
    ROOT / "templates/includes/language_switcher.html",
    ROOT / "enkat/pages.py",
    ROOT / "enkat/public_info.py",
    ROOT / "enkat/public_views.py",
]
TRANSLATIONS = [code for code, _name in settings.LANGUAGES if code not in ("sv",)]


def _normalised(text: str) -> str:
    text = re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", text)  # blocktranslate's variables as msgids write them
    return " ".join(text.split())


def customer_msgids() -> set[str]:
    """The msgids used in the customer-facing files (found by their text, as blocktranslate trims it)."""
    corpus = " ".join(_normalised(path.read_text(encoding="utf-8")) for path in CUSTOMER_FILES)
    found = set()
    catalogs = [*ROOT.glob("*/locale/sv/LC_MESSAGES/django.po"), ROOT / "locales/sv/LC_MESSAGES/django.po"]
    for path in catalogs:
        with path.open("rb") as handle:
            for message in read_po(handle):
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                if msgid and len(msgid) > 3 and _normalised(msgid) in corpus:
                    found.add(msgid)
    return found


def customer_strings(language: str) -> dict[str, str]:
    """{msgid: translation} of the customer-facing msgids in every catalog of `language`."""
    directory = language.replace("-af", "_AF")
    wanted = customer_msgids()
    strings: dict[str, str] = {}
    catalogs = [
        *ROOT.glob(f"*/locale/{directory}/LC_MESSAGES/django.po"),
        ROOT / f"locales/{directory}/LC_MESSAGES/django.po",
    ]
    for path in catalogs:
        with path.open("rb") as handle:
            for message in read_po(handle):
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                if msgid in wanted and message.string:
                    text = message.string if isinstance(message.string, str) else " ".join(message.string)
                    strings[f"{path.relative_to(ROOT)}: {msgid}"] = text
    return strings


def test_the_customer_facing_msgids_are_found():
    found = customer_msgids()
    assert {"Stop reminders", "Open your personal link", "Not at all", "The link does not work"} <= found
    assert len(found) >= 51  # every customer-path string of issue 16's count, and the bad-link help


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_customer_catalogs_use_no_forbidden_variant(language):
    forbidden = forbidden_words(language)
    found = [
        (where, word, instead)
        for where, text in customer_strings(language).items()
        for word, instead in forbidden.items()
        if word in text
    ]
    assert found == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_customer_catalogs_use_the_glossary_term_where_the_swedish_text_does(language):
    swedish = customer_strings("sv")
    strings = customer_strings(language)
    missing = []
    for where, text in strings.items():
        original = swedish.get(where.replace(f"/{language.replace('-af', '_AF')}/", "/sv/"), "")
        for concept, stems in required_stems(original, language):
            if not all(stem.lower() in text.lower() for stem in stems):
                missing.append((where, concept, stems))
    assert missing == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_current_question_text_follows_the_glossary(language):
    problems = []
    forbidden = forbidden_words(language)
    for question in Question.objects.all():
        texts = {
            t.language: t.text for t in QuestionText.objects.filter(question=question, version=question.current_version)
        }
        text = texts.get(language, "")
        assert text, (question.code, language)
        for concept, stems in required_stems(texts["sv"], language):
            if not all(stem.lower() in text.lower() for stem in stems):
                problems.append((question.code, concept, stems))
        problems += [(question.code, word) for word in forbidden if word in text]
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_the_privacy_notice_follows_the_glossary(language):
    from register.privacy_notices import DEFAULT_NOTICES

    notice = DEFAULT_NOTICES[language]
    assert [word for word in forbidden_words(language) if word in notice] == []
    for concept, stems in required_stems(DEFAULT_NOTICES["sv"], language):
        if concept in ("stöd", "länk", "påminnelse"):
            assert all(stem.lower() in notice.lower() for stem in stems), concept


def test_the_glossary_names_the_seven_terms_in_every_translation():
    assert set(GLOSSARY) == {"jobbexpert", "stöd", "insats", "anordnare", "länk", "påminnelse", "sms"}
    for concept in GLOSSARY.values():
        assert set(concept.terms) == set(TRANSLATIONS), concept.swedish


def test_a_forbidden_variant_would_be_found():
    assert (
        "xasuusin" in forbidden_words("so") and "ደገፍ" in forbidden_words("ti") and "پیامک" in forbidden_words("fa-af")
    )
    assert ("stöd", ("ሓገዝ",)) in required_stems("Berätta om stödet", "ti")


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_the_demo_surveys_intro_and_thanks_follow_the_glossary(language):
    from enkat.demo import TEXTS

    for swedish, text in zip(TEXTS["sv"], TEXTS[language], strict=True):
        assert [word for word in forbidden_words(language) if word in text] == []
        for concept, stems in required_stems(swedish, language):
            assert all(stem.lower() in text.lower() for stem in stems), concept
