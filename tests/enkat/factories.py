"""Explicit set-ups for the survey tests (no shared mutable fixtures)."""

import importlib
from datetime import date, timedelta

from django.apps import apps
from django.utils import timezone

from enkat.models import Invitation, Question, Survey, SurveyQuestion, SurveyText
from enkat.tokens import new_token_pair

ALL_LANGUAGES = ["sv", "en", "ar", "fa-af", "so", "ti", "uk"]
STANDARD_CODES = [f"q{i}" for i in range(1, 12)]


def ensure_question_bank() -> None:
    """Transactional tests flush the database, migration data included: seed the bank again."""
    if not Question.objects.filter(code="q11").exists():
        importlib.import_module("enkat.migrations.0003_seed_question_bank").seed(apps, None)


def make_survey(
    slug: str = "enkat-2023",
    *,
    languages: list[str] | None = None,
    state: str = Survey.State.OPEN,
    codes: list[str] | None = None,
    opens_in_days: int = -1,
    closes_in_days: int = 30,
    with_texts: bool = True,
) -> Survey:
    ensure_question_bank()
    now = timezone.now()
    survey = Survey.objects.create(
        name=f"Kundenkät {slug}",
        slug=slug,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=closes_in_days),
        languages=languages or ["sv", "en", "ar"],
        state=state,
    )
    for position, code in enumerate(codes or STANDARD_CODES, start=1):
        SurveyQuestion.objects.create(survey=survey, question=Question.objects.get(code=code), position=position)
    if with_texts:
        for language in survey.languages:
            SurveyText.objects.create(
                survey=survey, language=language, intro=f"Intro {language}", thanks=f"Tack-text {language}"
            )
    return survey


def make_invitation(survey: Survey, customer_id: str = "K1", **fields) -> tuple[Invitation, str]:
    """An invitation and its token (the token itself is never stored)."""
    nonce, token, token_hash = new_token_pair()
    defaults = {
        "gender": "kvinna",
        "age_group": "25-39",
        "programme": "Jobbpeng grund",
        "provider_name": "Anordnare A",
        "status": "pagaende",
        "language": "sv",
    }
    invitation = Invitation.objects.create(
        survey=survey, customer_id=customer_id, token_nonce=nonce, token_hash=token_hash, **{**defaults, **fields}
    )
    return invitation, token


def open_link(client, token: str):
    """Open the personal link the way a browser does; returns the redirect response."""
    return client.get(f"/s/{token}/")


def answer_page(client, step: int, answers: dict[str, str], **extra):
    data = {f"q-{code}": value for code, value in answers.items()}
    data.update(extra)
    return client.post(f"/s/steg/{step}/", data)
