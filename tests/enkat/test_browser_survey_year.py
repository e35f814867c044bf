"""The quality developer's survey year in a real browser: copy last year's survey, fix a translation,
preview it in Arabic, answer a test link, open the survey, move its close time and close it (confirming).
Every new page is checked with axe and for sideways scrolling at 375 px."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from enkat.models import Question, Response, Survey
from enkat.question_texts import current_texts
from tests.axe import axe_script, serious_violations
from tests.conftest import PASSWORD
from tests.factories import ALL_LANGUAGES, make_survey
from utskick import plans

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("SCREENSHOT_DIR")


def _log_in(page, live_server) -> None:
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "qd")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")


@pytest.fixture
def staff_page(chromium, live_server):
    # Swedish, as the quality developer's browser; axe is injected inline, so the CSP is bypassed here only.
    context = chromium.new_context(viewport={"width": 375, "height": 812}, locale="sv-SE", bypass_csp=True)
    yield context.new_page()
    context.close()


def test_copy_fix_preview_test_open_move_and_close(staff_page, live_server, actors):
    axe_script()
    page = staff_page
    page.set_default_timeout(30_000)  # a long walk on a shared machine
    now = timezone.now()
    last_year = make_survey(
        "kundenkat-2025",
        name="Kundenkät 2025",
        state=Survey.State.CLOSED,
        languages=ALL_LANGUAGES,
        codes=["q1"],
        year=2025,
        opens_at=now - timedelta(days=366),
        closes_at=now - timedelta(days=335),
    )
    plan = plans.plan_for(last_year)
    plan.sms_reminder_days = [2, 6]
    plan.save()
    found: dict[str, list[str]] = {}

    def check(name: str) -> None:
        found[name] = serious_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-375.png", full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
            page.set_viewport_size({"width": 375, "height": 812})

    _log_in(page, live_server)

    # Copy last year's survey: only the dates are new (proposed a year later).
    page.goto(f"{live_server.url}/enkat/{last_year.slug}/")
    page.get_by_role("link", name="Kopiera till en ny enkät").click()
    check("copy")
    assert page.input_value("#id_slug") == "kundenkat-2026"
    page.get_by_role("button", name="Skapa kopian").click()
    page.wait_for_url(f"{live_server.url}/enkat/kundenkat-2026/")
    survey = Survey.objects.get(slug="kundenkat-2026")
    assert survey.languages == ALL_LANGUAGES

    # Fix the Arabic translation of q1: a new text version.
    page.goto(f"{live_server.url}/enkat/fragor/")
    check("questions")
    page.get_by_role("link", name="q1", exact=True).click()
    check("question-edit")
    fixed = "إلى أي مدى شعرت أنك تلقيت المساعدة التي تحتاجها؟"
    page.fill("#id_text_ar", fixed)
    page.fill("#id_back_ar", "I vilken mån kände du att du fick den hjälp du behövde?")
    page.get_by_role("button", name="Spara som ny textversion").click()
    assert page.locator(".messages, [role=status], .message").first.is_visible()
    assert current_texts(Question.objects.get(code="q1"))["ar"] == fixed

    # Preview it in Arabic, as a customer sees it.
    page.goto(f"{live_server.url}/enkat/{survey.slug}/")
    page.get_by_role("link", name="Förhandsvisa som kund").click()
    page.get_by_role("link", name="العربية").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert fixed in page.locator("main").inner_text()
    check("preview-ar")

    # Open the survey; the sending plan shows the waves.
    page.goto(f"{live_server.url}/enkat/{survey.slug}/")
    assert "العربية" in page.locator("#unreviewed-warning").inner_text()  # the warning names them
    page.check("#confirm-unreviewed")
    page.get_by_role("button", name="Öppna enkäten").click()
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.OPEN
    page.goto(f"{live_server.url}/utskick/{survey.slug}/plan/")
    check("plan")
    assert page.input_value("#id_sms_reminder_days") == "2, 6"

    # A test link, answered like a customer would: nothing counts.
    page.goto(f"{live_server.url}/enkat/{survey.slug}/testlank/")
    page.select_option("#test-language", "ar")
    page.get_by_role("button", name="Skapa en testlänk").click()
    check("test-link")
    link = page.locator("#test-link").inner_text()
    customer = page.context.browser.new_context(viewport={"width": 375, "height": 812})
    answering = customer.new_page()
    answering.goto(link.replace(re.sub(r"/s/.*", "", link), live_server.url))
    assert fixed in answering.locator("main").inner_text()  # the open survey shows the fixed version
    answering.check('input[name="q-q1"][value="4"]')
    answering.locator('button.primary[value="next"]').click()
    answering.wait_for_url(re.compile(r".*/s/tack/?$"))
    customer.close()
    assert Response.objects.filter(survey=survey).count() == 0
    assert Response.all_objects.filter(survey=survey, is_test=True).count() == 1

    # Move the close time later.
    page.goto(f"{live_server.url}/enkat/{survey.slug}/")
    check("detail-open")
    later = timezone.localtime(now + timedelta(days=45)).replace(second=0, microsecond=0)
    page.fill("#id_closes_at", later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Flytta stängningstiden").click()
    assert Survey.objects.get(pk=survey.pk).closes_at == later

    # Close it, confirming; the page said what would follow.
    page.get_by_role("link", name="Stäng enkäten nu …").click()
    check("close-confirm")
    assert "0 kunder är mitt i enkäten" in page.locator("main").inner_text()
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.OPEN
    page.get_by_role("button", name="Ja, stäng enkäten nu").click()
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.CLOSED
    assert {name: v for name, v in found.items() if v} == {}
