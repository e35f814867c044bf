"""A new survey by copying an earlier one: texts, questions in their versions, languages, min_n and plan."""

import pytest
from django.test import Client

from enkat.models import Question, Survey, SurveyText
from enkat.question_texts import new_text_version
from tests.conftest import PASSWORD
from tests.factories import ALL_LANGUAGES, make_survey
from utskick import plans
from utskick.models import SendingPlan

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_copying_keeps_everything_but_the_name_slug_and_dates(actors):
    source = make_survey(
        "kundenkat-2025",
        name="Kundenkät 2025",
        state=Survey.State.CLOSED,
        languages=ALL_LANGUAGES,
        codes=["q1", "q2", "q11"],
        year=2025,
        min_n=7,
    )
    source.survey_questions.update(text_version=1)
    plan = plans.plan_for(source)
    plan.sms_reminder_days, plan.window_timezone = [2, 5], "Europe/Helsinki"
    plan.save()
    new_text_version(Question.objects.get(code="q1"), {"en": "A newer English text?"})
    client = login(actors.quality_developer)

    form = client.get(f"/enkat/{source.slug}/kopiera/").content.decode()
    assert 'value="kundenkat-2026"' in form and 'value="2026-01-01"' in form

    response = client.post(
        f"/enkat/{source.slug}/kopiera/",
        {
            "name": "Kundenkät 2026",
            "slug": "kundenkat-2026",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "opens_at": "2027-01-15T08:00",
            "closes_at": "2027-02-28T23:59",
        },
    )
    assert response.status_code == 302
    copy = Survey.objects.get(slug="kundenkat-2026")
    assert (copy.state, copy.languages, copy.min_n) == (Survey.State.DRAFT, ALL_LANGUAGES, 7)
    assert copy.period_start.year == 2026
    texts = {t.language: (t.intro, t.thanks) for t in SurveyText.objects.filter(survey=copy)}
    assert texts == {t.language: (t.intro, t.thanks) for t in SurveyText.objects.filter(survey=source)}
    rows = [(r.question.code, r.position, r.text_version) for r in copy.survey_questions.select_related("question")]
    assert rows == [("q1", 1, 1), ("q2", 2, 1), ("q11", 3, 1)]  # the versions the source showed
    copied_plan = SendingPlan.objects.get(survey=copy)
    assert (copied_plan.sms_reminder_days, copied_plan.window_timezone) == ([2, 5], "Europe/Helsinki")
    assert SendingPlan.objects.get(survey=source).pk == plan.pk  # the source's own plan is untouched


def test_a_copy_with_a_taken_slug_is_refused(actors):
    source = make_survey("kundenkat-2025", languages=["sv"], year=2025)
    client = login(actors.quality_developer)
    response = client.post(
        f"/enkat/{source.slug}/kopiera/",
        {
            "name": "X",
            "slug": "kundenkat-2025",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "opens_at": "2027-01-15T08:00",
            "closes_at": "2027-02-28T23:59",
        },
    )
    assert response.status_code == 200
    assert Survey.objects.count() == 1
