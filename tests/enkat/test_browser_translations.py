"""Every customer language as a person meets it (issue 16): the survey's pages with each question's
text and the scale, the "not open yet" page with its date, and the SMS, each checked with axe.

Each question's text on the page is compared with the version the survey shows, which carries a
back-translation (the reviewed version); the scale with the catalog's words and their back-translations.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation

from enkat.dates import customer_date
from enkat.glossary import forbidden_words
from enkat.models import QuestionText
from enkat.pages import DONT_KNOW_LABEL, SCALE_LABELS
from tests.axe import axe_script, serious_violations
from tests.conftest import PASSWORD
from tests.factories import ALL_LANGUAGES, make_invitation, make_survey
from utskick.preview import build_preview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("SCREENSHOT_DIR")


def _reviewed_texts(survey, language: str) -> list[str]:
    """The question texts the survey shows in `language`, in page order; each must have its back-translation."""
    texts = []
    for row in survey.survey_questions.select_related("question").order_by("position"):
        text = QuestionText.objects.get(question=row.question, version=row.shown_version, language=language)
        assert language == "sv" or text.back_translation.strip(), (row.question.code, language)
        texts.append(" ".join(text.text.split()))
    return texts


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-375.png", full_page=True)


def test_every_language_asks_its_reviewed_questions_on_its_own_scale(axe_page, live_server):
    axe_script()
    page = axe_page
    page.set_default_timeout(30_000)
    survey = make_survey("alla-sprak", languages=ALL_LANGUAGES)
    later = make_survey(
        "inte-oppen",
        languages=ALL_LANGUAGES,
        opens_at=timezone.now() + timedelta(days=40),
        closes_at=timezone.now() + timedelta(days=80),
        codes=["q1"],
    )
    found: dict[str, list[str]] = {}
    for number, language in enumerate(ALL_LANGUAGES):
        _, token = make_invitation(survey, customer_id=f"K{number}", language=language)
        _, later_token = make_invitation(later, customer_id=f"L{number}", language=language)
        expected = _reviewed_texts(survey, language)
        with translation.override(language):
            scale = [str(label) for label in SCALE_LABELS.values()]
            dont_know = str(DONT_KNOW_LABEL)
        shown: list[str] = []
        page.goto(f"{live_server.url}/s/{token}/")
        for step in range(1, 5):
            assert page.locator("html").get_attribute("lang") == language
            shown += [" ".join(t.split()) for t in page.locator("fieldset.question legend").all_inner_texts()]
            options = page.locator("fieldset.question").first.inner_text()
            for word in scale:
                assert word in options, (language, word)
            found[f"{language} step {step}"] = serious_violations(page)
            if step == 1:
                _shot(page, f"first-{language}")
            if step == 3:  # the workplace page: "don't know" is offered
                assert dont_know in page.locator("main").inner_text()
            if step < 4:
                page.locator('button.primary[value="next"]').click()
                page.wait_for_url(f"**/s/steg/{step + 1}/")
        assert shown == expected, language
        # The survey not open yet: the date in the customer's own month names.
        page.goto(f"{live_server.url}/s/{later_token}/")
        main = page.locator("main").inner_text()
        assert customer_date(later.opens_at, language) in main, language
        found[f"{language} not open"] = serious_violations(page)
        _shot(page, f"not-open-{language}")
    assert {name: v for name, v in found.items() if v} == {}


def test_every_sms_reads_as_rendered_and_uses_the_glossary(axe_page, live_server, actors):
    axe_script()
    page = axe_page
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", actors.quality_developer.username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    page.goto(f"{live_server.url}/utskick/preview/")
    assert serious_violations(page) == []
    expected = build_preview().rows  # the texts the worker sends, as the page's view builds them
    for language in ALL_LANGUAGES:
        texts = [" ".join(c.inner_text().split()) for c in page.locator(f'td[lang="{language}"]').all()]
        assert texts == [" ".join(row.text.split()) for row in expected if row.language == language], language
        for text in texts:
            assert [word for word in forbidden_words(language) if word in text] == [], (language, text)
    _shot(page, "sms-preview")


def test_the_staff_translation_pages_pass_axe_and_fit_a_phone(axe_page, live_server, actors):
    """The question editor (original | translation | back-translation), a language's page and the
    opening warning: no serious axe finding, no sideways scrolling at 375 px."""
    axe_script()
    page = axe_page
    make_survey("utkast", state="draft", languages=ALL_LANGUAGES, codes=["q1"])
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", actors.quality_developer.username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    found = {}
    for name, path in [
        ("question-edit", "/enkat/fragor/q1/"),
        ("language-ti", "/enkat/fragor/sprak/ti/"),
        ("questions", "/enkat/fragor/"),
        ("open-warning", "/enkat/utkast/"),
    ]:
        page.goto(live_server.url + path)
        found[name] = serious_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
        _shot(page, name)
        if SHOTS:
            page.set_viewport_size({"width": 1280, "height": 900})
            page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
            page.set_viewport_size({"width": 375, "height": 812})
    assert "دری" in page.locator("#unreviewed-warning").inner_text()
    assert {name: v for name, v in found.items() if v} == {}
