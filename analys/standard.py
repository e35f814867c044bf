"""The standard 2023 question set (DOMAIN.md), for surveys created by an import of history.

The enkat app seeds the same rows; existing rows are used as they are and only
missing ones are created, so the two never disagree about a code.
"""

from __future__ import annotations

from enkat.models import Area, AreaText, Question, QuestionText

STANDARD_AREAS = [
    ("NKI", 1, "NKI"),
    ("Mål", 2, "Mål"),
    ("Arbetsplats", 3, "Arbetsplats"),
    ("Utveckling", 4, "Utveckling"),
]
STANDARD_QUESTIONS = [
    ("q1", "NKI", "Har stödet du fått av din jobbexpert/jobbcoach varit meningsfullt för dig?"),
    (
        "q2",
        "NKI",
        "Rekommenderar du din jobbexpert/jobbcoach till andra som behöver stöd i att söka arbete eller studier?",
    ),
    ("q3", "NKI", "Har det stöd du fått gett dig ökade möjligheter till arbete och fortsatta studier?"),
    ("q4", "Mål", "Har du haft tydliga mål för vad du ska uppnå med stöd av din jobbexpert/jobbcoach?"),
    ("q5", "Mål", "Har du varit delaktig i de mål som du och din jobbexpert/jobbcoach kommit fram till?"),
    (
        "q6",
        "Mål",
        "Har du med stöd av din jobbexpert/jobbcoach tagit tydliga steg framåt för att uppnå dina mål "
        "och börja arbeta eller studera?",
    ),
    ("q7", "Arbetsplats", "Har du haft nytta av erfarenheten från din arbetsplats?"),
    ("q8", "Arbetsplats", "Har du fått stöd av din jobbexpert/jobbcoach när du har varit på din arbetsplats?"),
    ("q9", "Utveckling", "Har du med stöd av din jobbexpert/jobbcoach ökat din kunskap om arbetsmarknaden?"),
    ("q10", "Utveckling", "Har du med stöd av din jobbexpert/jobbcoach blivit bättre på att söka arbete?"),
    ("q11", "Utveckling", "Har stödet från din jobbexpert/jobbcoach haft betydelse för din utveckling?"),
]
STANDARD_CODES = [code for code, _area, _text in STANDARD_QUESTIONS]


def standard_question_set() -> list[Question]:
    """q1–q11 in order: the existing rows, with any missing ones created."""
    existing = {q.code: q for q in Question.objects.filter(code__in=STANDARD_CODES)}
    areas: dict[str, Area] = {}
    questions = []
    for code, area_code, text in STANDARD_QUESTIONS:
        question = existing.get(code)
        if question is None:
            if area_code not in areas:
                position = next(p for a, p, _name in STANDARD_AREAS if a == area_code)
                areas[area_code], created = Area.objects.get_or_create(code=area_code, defaults={"position": position})
                if created:
                    AreaText.objects.create(area=areas[area_code], language="sv", name=area_code)
            question = Question.objects.create(code=code, area=areas[area_code], allows_dont_know=code in ("q7", "q8"))
            QuestionText.objects.create(question=question, language="sv", text=text)
        questions.append(question)
    return questions
