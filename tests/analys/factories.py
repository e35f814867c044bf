"""Explicit set-ups for the analysis tests: the 2023 question set, a survey, answers."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from analys.standard import STANDARD_AREAS as _STANDARD_AREAS
from analys.standard import STANDARD_QUESTIONS
from enkat.models import Area, Invitation, Question, QuestionText, Response, Survey, SurveyQuestion

# The same rows as the product's standard set, so the tests and the product never disagree.
STANDARD_AREAS = [(code, position) for code, position, _name in _STANDARD_AREAS]
CODES = [code for code, _area, _text in STANDARD_QUESTIONS]
PROGRAMMES = ["Jobbpeng grund", "Förstärkt jobbpeng", "Språk- och arbetsintroduktion (SAI)"]
AGE_GROUPS = ["18-24", "25-39", "40-59", "60+"]


def standard_questions(codes: list[str] | None = None) -> list[Question]:
    areas = {}
    for code, position in STANDARD_AREAS:
        areas[code], _created = Area.objects.get_or_create(code=code, defaults={"position": position})
    questions = []
    for code, area, text in STANDARD_QUESTIONS:
        if codes is not None and code not in codes:
            continue
        question, _created = Question.objects.get_or_create(
            code=code, defaults={"area": areas[area], "allows_dont_know": code in ("q7", "q8")}
        )
        QuestionText.objects.get_or_create(question=question, language="sv", defaults={"text": text})
        questions.append(question)
    return questions


def make_survey(slug: str = "kundenkat-2023", questions: list[Question] | None = None, **fields) -> Survey:
    year = fields.pop("year", 2023)
    survey = Survey.objects.create(
        name=fields.pop("name", f"Kundenkät {year}"),
        slug=slug,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        opens_at=datetime(year + 1, 1, 15, tzinfo=UTC),
        closes_at=datetime(year + 1, 2, 15, tzinfo=UTC),
        languages=["sv", "en"],
        state=fields.pop("state", Survey.State.CLOSED),
        **fields,
    )
    for position, question in enumerate(questions if questions is not None else standard_questions(), start=1):
        SurveyQuestion.objects.create(survey=survey, question=question, position=position)
    return survey


def make_responses(
    survey: Survey,
    n: int = 72,
    seed: int = 2023,
    providers: tuple[str, ...] = ("Anordnare A", "Anordnare B"),
    codes: list[str] | None = None,
    comment_every: int = 6,
) -> list[Response]:
    """n answers with some structure (a latent satisfaction), deterministic for a seed."""
    rng = random.Random(seed)
    codes = codes if codes is not None else [sq.question.code for sq in survey.survey_questions.all()]
    rows = []
    for i in range(n):
        latent = rng.gauss(4.0, 0.7)
        answers: dict[str, int | None] = {}
        for code in codes:
            if rng.random() < 0.07:
                answers[code] = None
                continue
            answers[code] = max(1, min(5, round(latent + rng.gauss(0, 0.6))))
        rows.append(
            Response(
                survey=survey,
                gender="kvinna" if i % 2 == 0 else "man",
                age_group=AGE_GROUPS[i % len(AGE_GROUPS)],
                programme=PROGRAMMES[i % len(PROGRAMMES)],
                provider_name=providers[i % len(providers)],
                status="pagaende" if i % 3 == 0 else "avslutad",
                language="sv" if i % 8 else "en",
                answers=answers,
                comment=f"Kommentar nummer {i}" if comment_every and i % comment_every == 0 else "",
                submitted_on=date(2024, 1, 20),
            )
        )
    return Response.objects.bulk_create(rows)


def make_invitations(survey: Survey, n: int = 219, providers: tuple[str, ...] = ("Anordnare A", "Anordnare B")) -> None:
    rows = []
    for i in range(n):
        rows.append(
            Invitation(
                survey=survey,
                customer_id=f"c{i:04d}",
                token_nonce=f"nonce-{survey.pk}-{i}",
                token_hash=f"hash-{survey.pk}-{i}",
                gender="kvinna" if i % 2 == 0 else "man",
                age_group=AGE_GROUPS[i % len(AGE_GROUPS)],
                programme=PROGRAMMES[i % len(PROGRAMMES)],
                provider_name=providers[i % len(providers)],
                status="pagaende" if i % 3 == 0 else "avslutad",
                language="sv",
                mobile="+46701234567" if i % 4 else "",
                email="" if i % 4 else f"kund{i}@example.se",
                mobile_undeliverable=i % 50 == 1,
            )
        )
    Invitation.objects.bulk_create(rows)
