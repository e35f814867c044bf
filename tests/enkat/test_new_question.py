"""A new meaning is a new question with a new code: the "New question" page of the question editor."""

import pytest
from django.test import Client

from enkat.models import Area, Question, QuestionText
from tests.conftest import PASSWORD
from tests.factories import ensure_question_bank

pytestmark = pytest.mark.django_db

TEXT = "Har du fått hjälp att  skriva ditt CV?"


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_quality_developer_creates_a_question_with_its_swedish_original(actors):
    ensure_question_bank()
    staff = login(actors.quality_developer)
    assert 'href="/enkat/fragor/ny/"' in staff.get("/enkat/fragor/").content.decode()
    form = staff.get("/enkat/fragor/ny/").content.decode()
    assert ">Stödet som helhet</option>" in form and ">NKI</option>" not in form  # areas by name

    goal = Area.objects.get(code="Mål")
    sent = staff.post(
        "/enkat/fragor/ny/", {"code": "Q12", "area": goal.pk, "text_sv": TEXT, "allows_dont_know": "on"}, follow=True
    )

    question = Question.objects.get(code="q12")
    assert (question.area, question.allows_dont_know, question.current_version) == (goal, True, 1)
    [text] = QuestionText.objects.filter(question=question)
    assert (text.version, text.language, text.text) == (1, "sv", "Har du fått hjälp att skriva ditt CV?")
    assert sent.redirect_chain[-1][0] == "/enkat/fragor/q12/"
    assert "Frågan q12 skapades." in sent.content.decode()


@pytest.mark.parametrize("code", ["q1", "Q1", "ny"])
def test_a_code_in_use_or_reserved_is_refused(actors, code):
    ensure_question_bank()
    before = Question.objects.count()
    area = Area.objects.first()
    page = login(actors.quality_developer).post("/enkat/fragor/ny/", {"code": code, "area": area.pk, "text_sv": TEXT})
    assert page.status_code == 200
    assert 'class="errorlist"' in page.content.decode()
    assert Question.objects.count() == before


def test_a_provider_user_cannot_create_questions(actors):
    ensure_question_bank()
    area = Area.objects.first()
    response = login(actors.member_a).post("/enkat/fragor/ny/", {"code": "q99", "area": area.pk, "text_sv": TEXT})
    assert response.status_code == 403
    assert not Question.objects.filter(code="q99").exists()
