"""The one set of test set-ups: surveys, invitations and answers, built explicitly (no shared mutable fixtures).

make_survey and make_invitation build every survey and invitation; sending_survey,
sending_invitation and analysed_survey are the same with the defaults the sending and
the analysis tests share.
"""

from __future__ import annotations

import importlib
import itertools
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from analys.standard import STANDARD_AREAS as _STANDARD_AREAS
from analys.standard import STANDARD_QUESTIONS
from enkat import receipts
from enkat.models import Area, Draft, Invitation, Question, QuestionText, Response, Survey, SurveyQuestion, SurveyText
from enkat.tokens import new_token_pair

ALL_LANGUAGES = ["sv", "en", "ar", "fa-af", "so", "ti", "uk"]
STANDARD_CODES = [f"q{i}" for i in range(1, 12)]
# The same rows as the product's standard set, so the tests and the product never disagree.
STANDARD_AREAS = [(code, position) for code, position, _name in _STANDARD_AREAS]
CODES = [code for code, _area, _text in STANDARD_QUESTIONS]
PROGRAMMES = ["Jobbpeng grund", "Förstärkt jobbpeng", "Språk- och arbetsintroduktion (SAI)"]
AGE_GROUPS = ["18-24", "25-39", "40-59", "60+"]
# A Tuesday, 10:00 in Stockholm (CET): inside the default sending window.
TUESDAY_10 = datetime(2026, 2, 3, 9, 0, tzinfo=UTC)

_numbers = itertools.count(1)


def ensure_question_bank() -> None:
    """Transactional tests flush the database, migration data included: seed the bank again."""
    if not Question.objects.filter(code="q11").exists():
        # In one transaction, as a migration runs (the roll-out locks each question it versions).
        with transaction.atomic():
            importlib.import_module("enkat.migrations.0003_seed_question_bank").seed(apps, None)
            # The corrected translations and the shipped language reviews, as the migrations leave them.
            importlib.import_module("enkat.migrations.0011_corrected_translations").roll_out(apps, None)
            importlib.import_module("enkat.migrations.0012_language_review").seed(apps, None)


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
        QuestionText.objects.get_or_create(
            question=question, version=question.current_version, language="sv", defaults={"text": text}
        )
        questions.append(question)
    return questions


def make_survey(
    slug: str = "enkat-2023",
    *,
    languages: list[str] | None = None,
    state: str = Survey.State.OPEN,
    codes: list[str] | None = None,
    questions: list[Question] | None = None,
    opens_in_days: int = -1,
    closes_in_days: int = 30,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    year: int = 2023,
    with_texts: bool = True,
    **fields,
) -> Survey:
    """A survey of the period `year`, open from yesterday for a month unless told otherwise.

    Its questions: `questions`, else the bank's `codes` (default all eleven); texts in every language.
    """
    now = timezone.now()
    survey = Survey.objects.create(
        name=fields.pop("name", f"Kundenkät {slug}"),
        slug=slug,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        opens_at=opens_at or now + timedelta(days=opens_in_days),
        closes_at=closes_at or now + timedelta(days=closes_in_days),
        languages=languages or ["sv", "en", "ar"],
        state=state,
        **fields,
    )
    if questions is None:
        ensure_question_bank()
        questions = [Question.objects.get(code=code) for code in (STANDARD_CODES if codes is None else codes)]
    for position, question in enumerate(questions, start=1):
        SurveyQuestion.objects.create(survey=survey, question=question, position=position)
    if with_texts:
        for language in survey.languages:
            SurveyText.objects.create(
                survey=survey, language=language, intro=f"Intro {language}", thanks=f"Tack-text {language}"
            )
    return survey


def sending_survey(slug: str = "enkat-2026", opens_at: datetime = TUESDAY_10, days: int = 30, **fields) -> Survey:
    """An open survey of 2025 as the sending tests use it: Swedish and English, no questions needed."""
    return make_survey(
        slug,
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=days),
        year=2025,
        languages=["sv", "en"],
        questions=[],
        with_texts=False,
        **fields,
    )


def analysed_survey(slug: str = "kundenkat-2023", questions: list[Question] | None = None, **fields) -> Survey:
    """A closed survey of `year` (default 2023), answered in January of the year after, with the standard questions."""
    year = fields.pop("year", 2023)
    return make_survey(
        slug,
        name=fields.pop("name", f"Kundenkät {year}"),
        year=year,
        opens_at=datetime(year + 1, 1, 15, tzinfo=UTC),
        closes_at=datetime(year + 1, 2, 15, tzinfo=UTC),
        languages=["sv", "en"],
        state=fields.pop("state", Survey.State.CLOSED),
        questions=questions if questions is not None else standard_questions(),
        with_texts=False,
        **fields,
    )


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


def mark_answered(*invitations: Invitation) -> None:
    """Answered as the survey page's submit records it: a receipt under the invitation's key hash."""
    receipts.record_receipts(invitations)


def stop_reminders_on_page(invitation: Invitation) -> None:
    """Reminders stopped on the survey's page, as answering.opt_out keeps it: the keyed draft's flag."""
    key = receipts.key_hash(invitation.token_hash)
    Draft.objects.update_or_create(key_hash=key, defaults={"survey_id": invitation.survey_id, "opted_out": True})


def draft_of(invitation: Invitation) -> Draft | None:
    """The customer's keyed draft (answers, page, language...), if their visits wrote one."""
    return Draft.objects.filter(key_hash=receipts.key_hash(invitation.token_hash)).first()


@dataclass(frozen=True)
class CustomerState:
    """What the customer's visits wrote for one invitation, read with the key (enkat.receipts)."""

    draft_answers: dict
    draft_page: int
    draft_comment: str
    language: str  # chosen on the page, else the invitation's
    opened: bool
    started: bool
    answered: bool
    opted_out_on_page: bool = False


def customer_state(invitation: Invitation) -> CustomerState:
    draft = draft_of(invitation)
    answered = receipts.is_answered(invitation)
    if draft is None:
        return CustomerState({}, 0, "", invitation.language, answered, answered, answered)
    language = draft.language or invitation.language
    started = draft.started or answered
    return CustomerState(draft.answers, draft.page, draft.comment, language, True, started, answered, draft.opted_out)


def sending_invitation(survey: Survey, mobile: str | None = None, email: str = "", **fields) -> Invitation:
    """An invitation with a mobile number of its own (unless given), as the sending tests use it."""
    number = next(_numbers)
    fields.setdefault("provider_name", "Arbetsbron AB")
    fields.setdefault("gender", "")
    fields.setdefault("age_group", "")
    fields.setdefault("programme", "")
    fields.setdefault("status", "")
    invitation, _token = make_invitation(
        survey, f"kund-{number}", mobile=f"+4670{number:07d}" if mobile is None else mobile, email=email, **fields
    )
    return invitation


def open_link(client, token: str):
    """Open the personal link the way a browser does; returns the redirect response."""
    return client.get(f"/s/{token}/")


def answer_page(client, step: int, answers: dict[str, str], **extra):
    data = {f"q-{code}": value for code, value in answers.items()}
    data.update(extra)
    return client.post(f"/s/steg/{step}/", data)


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
