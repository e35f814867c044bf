"""axe-core (from npm, pinned in tests/enkat/axe/package-lock.json) on every survey page, in Swedish and Arabic."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enkat.models import Survey
from tests.axe import axe_script, serious_violations
from tests.enkat.browser import answer_page, press_button
from tests.factories import make_invitation, make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_every_survey_page_has_no_serious_or_critical_accessibility_violations(axe_page, live_server, language):
    axe_script()
    page = axe_page
    survey = make_survey(languages=["sv", "en", "ar"])
    _, token = make_invitation(survey, language=language)
    closed_survey = make_survey(slug="closed", languages=["sv", "ar"])
    _, closed_token = make_invitation(closed_survey, customer_id="K2", language=language)
    Survey.objects.filter(pk=closed_survey.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    found: dict[str, list[str]] = {}

    def check(name: str) -> None:
        assert page.locator("html").get_attribute("lang") == language
        found[name] = serious_violations(page)

    page.goto(f"{live_server.url}/s/{token}/")
    answers = [{"q1": "4"}, {"q4": "5"}, {"q7": "dk"}, {"q9": "3"}]
    for step, page_answers in enumerate(answers, start=1):
        check(f"step {step}")
        answer_page(page, page_answers)
        press_button(page, "next")
    check("thanks")
    page.goto(f"{live_server.url}/s/")
    check("already answered")
    page.goto(f"{live_server.url}/s/paminnelser/")
    check("stop reminders")
    page.goto(f"{live_server.url}/s/{closed_token}/")
    check("closed")
    assert {name: v for name, v in found.items() if v} == {}
