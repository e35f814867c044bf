"""The standard 2023 question set, for surveys created by an import of history.

Its one home is the migration that seeds it (`enkat/migrations/0003_seed_question_bank.py`,
frozen on purpose): this module reads the areas and questions from there. Existing rows
are used as they are and only missing ones are created, so the two never disagree about a
code. See docs/definitions.md, "The standard question set".
"""

from __future__ import annotations

from importlib import import_module

from enkat.models import Area, AreaText, Question, QuestionText

_SEED = import_module("enkat.migrations.0003_seed_question_bank")

# (code, position, Swedish name), in order.
STANDARD_AREAS: list[tuple[str, int, str]] = [(code, position, names["sv"]) for code, position, names in _SEED.AREAS]
# (code, area code, Swedish text), in order.
STANDARD_QUESTIONS: list[tuple[str, str, str]] = [
    (code, area, texts["sv"]) for code, area, _dk, texts in _SEED.QUESTIONS
]
STANDARD_CODES = [code for code, _area, _text in STANDARD_QUESTIONS]
# Questions that offer "Vet ej / ej aktuellt".
DONT_KNOW_CODES = frozenset(code for code, _area, allows, _texts in _SEED.QUESTIONS if allows)


def standard_question_set() -> list[Question]:
    """q1–q11 in order: the existing rows, with any missing ones created."""
    existing = {q.code: q for q in Question.objects.filter(code__in=STANDARD_CODES)}
    areas: dict[str, Area] = {}
    questions = []
    for code, area_code, text in STANDARD_QUESTIONS:
        question = existing.get(code)
        if question is None:
            if area_code not in areas:
                position, name = next((p, n) for a, p, n in STANDARD_AREAS if a == area_code)
                areas[area_code], created = Area.objects.get_or_create(code=area_code, defaults={"position": position})
                if created:
                    AreaText.objects.create(area=areas[area_code], language="sv", name=name)
            question = Question.objects.create(
                code=code, area=areas[area_code], allows_dont_know=code in DONT_KNOW_CODES
            )
            QuestionText.objects.create(question=question, language="sv", text=text)
        questions.append(question)
    return questions
