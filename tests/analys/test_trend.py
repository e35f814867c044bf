"""The trend page: indices across surveys over the questions they share, with a warning where sets differ."""

import pytest
from django.urls import reverse

from tests.factories import analysed_survey, make_responses, standard_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveys(actors):
    full = analysed_survey("kundenkat-2023", standard_questions(), year=2023)
    make_responses(full, 40, seed=1)
    older = analysed_survey("kundenkat-2022", standard_questions(["q1", "q2", "q4", "q5", "q6"]), year=2022)
    make_responses(older, 30, seed=2)
    return older, full


def test_the_trend_compares_only_questions_with_the_same_code_and_warns(client, actors, surveys):
    older, full = surveys
    client.force_login(actors.quality_developer)

    response = client.get(reverse("analys:trend"))

    assert response.status_code == 200
    context = response.context
    assert context["common_codes"] == ["q1", "q2", "q4", "q5", "q6"]
    assert context["differs"] is True
    assert context["differences"] == [{"survey": full, "codes": ["q3", "q7", "q8", "q9", "q10", "q11"]}]
    assert [row["survey"] for row in context["rows"]] == [older, full]
    assert context["areas"] == ["NKI", "Mål"]
    html = response.content.decode()
    assert "q3, q7, q8, q9, q10, q11" in html
    assert 'class="trend-warning"' in html
    assert '<title id="trend-title">' in html


def test_the_trend_nki_is_computed_from_the_shared_questions_only(client, actors, surveys):
    _older, full = surveys
    client.force_login(actors.quality_developer)

    row = next(r for r in client.get(reverse("analys:trend")).context["rows"] if r["survey"] == full)

    scores = []
    for answers in full.responses.values_list("answers", flat=True):
        valid = [answers[c] for c in ("q1", "q2") if answers.get(c) is not None]
        if len(valid) >= 1:  # half of two questions, rounded up
            scores.append(sum(valid) / len(valid))
    assert row["areas"]["NKI"].n == len(scores)
    assert row["areas"]["NKI"].mean == pytest.approx(sum(scores) / len(scores), abs=1e-12)


def test_identical_question_sets_give_no_warning(client, actors):
    for year in (2022, 2023):
        survey = analysed_survey(f"kundenkat-{year}", standard_questions(), year=year)
        make_responses(survey, 20, seed=year)
    client.force_login(actors.quality_developer)

    response = client.get(reverse("analys:trend"))

    assert response.context["differs"] is False
    assert 'class="trend-warning"' not in response.content.decode()
    assert len(response.context["rows"]) == 2


def test_a_provider_sees_the_trend_of_its_own_customers_only(client, actors, surveys):
    client.force_login(actors.member_a)

    rows = client.get(reverse("analys:trend")).context["rows"]

    assert [row["n_responses"] for row in rows] == [15, 20]


def test_an_outsider_cannot_see_the_trend(client, actors, surveys):
    client.force_login(actors.outsider)

    assert client.get(reverse("analys:trend")).status_code == 403
