import io
import re
from collections import Counter

import pytest

from enkat import demo
from enkat.models import Invitation, Response, Survey
from enkat.tokens import hash_token
from register import demo as register_demo
from register.dimensions import SNAPSHOT_FIELDS
from tests.factories import customer_state

pytestmark = pytest.mark.django_db


def run() -> str:
    out = io.StringIO()
    register_demo.seed(io.StringIO())
    demo.seed(out)
    return out.getvalue()


def test_the_demo_has_a_closed_2023_survey_with_about_70_responses_in_several_languages():
    run()
    closed = Survey.objects.get(slug=demo.CLOSED_SLUG)
    assert closed.state == "closed"
    responses = Response.objects.filter(survey=closed)
    assert 65 <= responses.count() <= 75
    # Closing generalised the rare group combinations: every stored one is shared by min_n responses.
    # Gender goes last, so every response keeps it and the report's women and men figures stay:
    # q1 4.4 for women and 4.0 for men, as published for 2023.
    combinations = Counter(responses.values_list(*SNAPSHOT_FIELDS))
    assert min(combinations.values()) >= closed.min_n
    assert set(responses.values_list("gender", flat=True)) == {"kvinna", "man"}
    for gender, published in (("kvinna", 4.4), ("man", 4.0)):
        q1_of = [r.answers["q1"] for r in responses if r.gender == gender and r.answers["q1"]]
        assert round(sum(q1_of) / len(q1_of), 1) == published, gender
    q7 = [r.answers["q7"] for r in responses]
    assert None in q7 and 4.0 <= sum(v for v in q7 if v) / len([v for v in q7 if v]) <= 4.8
    q1 = [r.answers["q1"] for r in responses if r.answers["q1"]]
    assert 3.9 <= sum(q1) / len(q1) <= 4.5


def test_the_demo_prints_three_working_unanswered_links_and_a_second_run_changes_nothing():
    first = run()
    counts = (Survey.objects.count(), Invitation.objects.count(), Response.objects.count())
    second = run()
    assert (Survey.objects.count(), Invitation.objects.count(), Response.objects.count()) == counts
    links = re.findall(r"^link: (\w+): (http://127\.0\.0\.1:8000/s/([\w-]+)/)$", first, re.M)
    assert [language for language, _, _ in links] == ["sv", "en", "ar"]
    assert re.findall(r"^link: .*$", first, re.M) == re.findall(r"^link: .*$", second, re.M)
    for language, _, token in links:
        invitation = Invitation.objects.get(token_hash=hash_token(token))
        assert invitation.language == language
        assert invitation.survey.slug == demo.OPEN_SLUG and not customer_state(invitation).answered


def test_the_demo_open_survey_shows_the_corrected_texts_and_the_2023_survey_what_its_customers_saw():
    from enkat.question_texts import survey_question_texts

    run()
    open_survey = Survey.objects.get(slug=demo.OPEN_SLUG)
    closed = Survey.objects.get(slug=demo.CLOSED_SLUG)
    assert "ذا معنى" in survey_question_texts(open_survey, "ar")["q1"]  # "meaningful", corrected
    assert "значущою" in survey_question_texts(open_survey, "uk")["q1"]
    assert "مفيدًا" in survey_question_texts(closed, "ar")["q1"]  # 2023's customers read version 1
