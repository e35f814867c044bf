"""axe-core (from npm, pinned in tests/enkat/axe/package-lock.json) on every survey page, in Swedish and Arabic."""

import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from enkat.models import Survey
from tests.enkat.browser import answer_page, press_button
from tests.enkat.factories import make_invitation, make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE_DIR = Path(__file__).parent / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


def axe_script() -> Path:
    """axe.min.js, installed with `npm ci` from the lock file when missing."""
    if AXE_JS.exists():
        return AXE_JS
    in_ci = os.environ.get("CI", "").lower() == "true"
    npm = shutil.which("npm")
    if npm:
        result = subprocess.run(  # noqa: S603 - fixed command, our own directory
            [npm, "ci", "--no-audit", "--no-fund"], cwd=AXE_DIR, capture_output=True, text=True, timeout=300
        )
        if result.returncode == 0 and AXE_JS.exists():
            return AXE_JS
        message = f"`npm ci` in {AXE_DIR} failed: {result.stderr[-500:]}"
    else:
        message = f"axe-core is missing and npm is not installed: run `npm ci` in {AXE_DIR}."
    if in_ci:
        pytest.fail(message)
    pytest.skip(message)


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                targets: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
        }"""
    )
    return [f"{v['id']} ({v['impact']}): {v['targets']}" for v in result if v["impact"] in SERIOUS]


@pytest.fixture
def axe_page(chromium, live_server):
    # Playwright injects axe as an inline script, which the strict CSP blocks: bypass it here only.
    context = chromium.new_context(viewport={"width": 375, "height": 812}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


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
