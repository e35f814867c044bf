"""Every staff page a quality developer and a provider user reach: 0 serious or critical axe
findings, and no sideways scrolling on a 375 px phone, in Swedish and Arabic."""

import pytest
from django.urls import reverse

from tests.axe import axe_script, serious_violations
from tests.factories import analysed_survey, make_responses, make_survey, standard_questions
from tests.register.test_browser_accessibility import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_every_staff_page_is_accessible_and_fits_a_phone(axe_page, live_server, actors, language):
    axe_script()
    questions = standard_questions()
    closed = analysed_survey("kundenkat-2023", questions)
    make_responses(closed, n=72)
    draft = make_survey("kundenkat-2026", state="draft", questions=questions, opens_in_days=10, closes_in_days=40)
    open_survey = make_survey("kundenkat-2025", questions=questions)
    page = axe_page
    log_in(page, live_server.url, "qd", language)
    paths = [
        "/",
        reverse("register:list") + "?year=2023",
        reverse("register:import"),
        reverse("register:organisation"),
        reverse("enkat:survey_list"),
        reverse("enkat:survey_create"),
        reverse("enkat:survey_detail", args=[draft.slug]),
        reverse("enkat:survey_edit", args=[draft.slug]),
        reverse("enkat:survey_detail", args=[open_survey.slug]),
        reverse("enkat:survey_detail", args=[closed.slug]),
        reverse("enkat:contacts_import", args=[open_survey.slug]),
        reverse("enkat:survey_test_link", args=[open_survey.slug]),
        reverse("enkat:question_new"),
        reverse("utskick:survey", args=[open_survey.slug]),
        reverse("utskick:preview"),
        reverse("analys:index"),
        reverse("analys:survey", args=[closed.slug]),
        reverse("analys:trend"),
        reverse("analys:exports"),
    ]
    found, wide = {}, {}
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status < 400, path
        found[path] = serious_violations(page)
        wide[path] = _overflow(page)
    problems = {path: v for path, v in found.items() if v}
    problems.update({path: [f"{w} px sideways"] for path, w in wide.items() if w > 0})
    assert not problems, "\n".join(f"{path}: {v}" for path, v in problems.items())
