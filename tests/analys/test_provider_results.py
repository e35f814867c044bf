"""A provider's results: compared with all providers, the matrix only from 30 NKI respondents, styled errors."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import analysed_survey, make_invitations, make_responses

pytestmark = pytest.mark.django_db


def _survey(n: int):
    survey = analysed_survey()
    make_responses(survey, n)
    make_invitations(survey, 219)
    return survey


def _page(client, user, survey, query="?bootstrap=0"):
    client.force_login(user)
    return client.get(reverse("analys:survey", args=[survey.slug]) + query)


def test_a_provider_sees_its_figures_beside_all_providers_with_n(client, actors):
    survey = _survey(72)

    response = _page(client, actors.member_a, survey, "?bootstrap=200")

    html = response.content.decode()
    assert 'id="compare-heading"' in html
    areas = response.context["compared_areas"]
    nki = next(row for row in areas if row.label == "NKI")
    assert nki.own.n <= 36 < nki.everyone.n <= 72
    questions = response.context["compared_questions"]
    assert len(questions) == 11
    assert questions[0].label.startswith("q1 Har stödet")
    assert all(row.own_ci and row.everyone_ci for row in questions if row.own.mean is not None)
    # All providers' figures never come at a smaller group size than the provider's own.
    everyone_q1 = questions[0].everyone
    assert everyone_q1.n > questions[0].own.n


def test_the_quality_developer_gets_no_comparison(client, actors):
    survey = _survey(72)

    response = _page(client, actors.quality_developer, survey)

    assert response.context["compared_areas"] == []
    assert 'id="compare-heading"' not in response.content.decode()


def test_a_provider_with_fewer_than_30_nki_respondents_sees_means_with_intervals_and_why(client, actors):
    survey = _survey(40)  # 20 for each provider

    response = _page(client, actors.member_a, survey)

    html = response.content.decode()
    assert response.context["matrix_withheld"] is True
    assert response.context["chart"] is None
    assert 'class="chart matrix-chart"' not in html
    assert 'id="matrix-withheld"' in html and 'class="means-table"' in html
    assert "30" in html
    chart = client.get(reverse("analys:chart", args=[survey.slug, "matrix", "png"]) + "?bootstrap=0")
    assert chart.status_code == 404


def test_a_provider_with_30_nki_respondents_sees_the_matrix(client, actors):
    survey = _survey(72)

    response = _page(client, actors.member_a, survey)

    assert response.context["nki_respondents"] >= 30
    assert response.context["matrix_withheld"] is False
    assert 'class="chart matrix-chart"' in response.content.decode()


def test_the_quality_developer_always_sees_the_matrix(client, actors):
    survey = _survey(40)

    response = _page(client, actors.quality_developer, survey)

    assert response.context["matrix_withheld"] is False


@pytest.mark.parametrize("language, text", [("sv", "Du har inte tillgång"), ("en", "You do not have access")])
def test_a_refused_page_is_styled_and_in_the_users_language(client, actors, language, text):
    client.force_login(actors.member_a)
    client.cookies["django_language"] = language

    with translation.override(language):
        response = client.get(reverse("analys:exports"))

    assert response.status_code == 403
    html = response.content.decode()
    assert text in html and 'class="site-header"' in html and "403 Forbidden" not in html


def test_a_missing_page_is_styled(client, actors):
    client.force_login(actors.member_a)
    client.cookies["django_language"] = "sv"

    response = client.get("/analys/no-such-survey/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Sidan hittades inte" in html and 'class="site-header"' in html


def test_while_a_survey_is_open_a_provider_sees_its_own_response_rate(client, actors):
    from datetime import UTC, datetime

    import time_machine

    from enkat.models import Invitation, Response, Survey

    survey = analysed_survey(slug="kundenkat-2025", year=2025, state=Survey.State.OPEN)
    make_responses(survey, 20)
    make_invitations(survey, 60)
    own_invited = Invitation.objects.filter(survey=survey, provider_name="Anordnare A").count()
    own_answered = Response.objects.filter(survey=survey, provider_name="Anordnare A").count()
    with time_machine.travel(datetime(2026, 2, 1, tzinfo=UTC)):
        client.force_login(actors.member_a)
        html = client.get(reverse("analys:index")).content.decode()
        rates = client.get(reverse("analys:index")).context["open_rates"]

    assert [(r.survey, r.invited, r.responded) for r in rates] == [(survey, own_invited, own_answered)]
    assert 0 < own_answered < 20 and own_invited < 60
    assert 'id="open-heading"' in html
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=UTC)):
        client.force_login(actors.member_a)  # a month later the session has run out
        assert client.get(reverse("analys:index")).context["open_rates"] == []
