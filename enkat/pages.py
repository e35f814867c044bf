"""A survey as customers see it: one page per area, and the parsing of a page's POST.

Parsing is strict on purpose. The browser can only send what the page offers, so
anything else (an unknown question, a value outside the scale, a repeated field,
an oversized comment) is a tampered request, and it is rejected as a whole.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from enkat.models import AreaText, QuestionText, Survey, SurveyQuestion, SurveyText

COMMENT_MAX_LENGTH = 2000
SCALE = (1, 2, 3, 4, 5)
DONT_KNOW = "dk"
FIELD_PREFIX = "q-"
COMMENT_FIELD = "comment"
PAGES_CACHE_SECONDS = 60

# Words for the scale, in value order. The stored value is the input's value, never its position.
SCALE_LABELS = {
    1: _("Not at all"),
    2: _("To a small extent"),
    3: _("Partly"),
    4: _("To a large extent"),
    5: _("Completely"),
}
DONT_KNOW_LABEL = _("Don't know / not applicable")

# The smileys are decoration beside the words (aria-hidden), inline so nothing is loaded
# from elsewhere; built once here rather than by a template include per option.
_MOUTHS = {
    1: "M12 30 Q20 20 28 30",
    2: "M13 29 Q20 24 27 29",
    3: "M13 27 L27 27",
    4: "M13 25 Q20 31 27 25",
    5: "M11 23 Q20 35 29 23",
}
SMILEYS = {
    level: mark_safe(  # noqa: S308 - constant markup
        f'<svg class="smiley smiley-{level}" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true" '
        f'focusable="false"><circle class="face" cx="20" cy="20" r="18"/><circle class="eye" cx="14" cy="16" '
        f'r="2.5"/><circle class="eye" cx="26" cy="16" r="2.5"/><path class="mouth" d="{mouth}"/></svg>'
    )
    for level, mouth in _MOUTHS.items()
}


class TamperedPost(Exception):
    """The POST is not something the page could have sent."""


@dataclass
class PageQuestion:
    code: str
    text: str
    allows_dont_know: bool

    @property
    def field_name(self) -> str:
        return FIELD_PREFIX + self.code


@dataclass
class Page:
    number: int  # 1-based
    area_code: str
    area_name: str
    questions: list[PageQuestion] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [q.code for q in self.questions]


def options_for(question: PageQuestion) -> list[dict]:
    options: list[dict] = [{"value": str(v), "label": SCALE_LABELS[v], "smiley": SMILEYS[v]} for v in SCALE]
    if question.allows_dont_know:
        options.append({"value": DONT_KNOW, "label": DONT_KNOW_LABEL, "smiley": ""})
    return options


def _text(texts: dict[tuple[int, str], str], pk: int, language: str) -> str:
    # Opening a survey requires every text, so the Swedish fallback only shows in drafts.
    return texts.get((pk, language)) or texts.get((pk, "sv")) or ""


def _build_pages(survey_id: int, language: str) -> list[Page]:
    rows = list(
        SurveyQuestion.objects.filter(survey_id=survey_id).select_related("question__area").order_by("position")
    )
    question_ids = [row.question_id for row in rows]
    area_ids = {row.question.area_id for row in rows}
    wanted = [language, "sv"]
    question_texts = {
        (t.question_id, t.language): t.text
        for t in QuestionText.objects.filter(question_id__in=question_ids, language__in=wanted)
    }
    area_texts = {
        (t.area_id, t.language): t.name for t in AreaText.objects.filter(area_id__in=area_ids, language__in=wanted)
    }
    pages: list[Page] = []
    by_area: dict[int, Page] = {}
    # Areas appear in the order of their first question in the survey.
    for row in rows:
        question = row.question
        page = by_area.get(question.area_id)
        if page is None:
            page = Page(
                number=len(pages) + 1,
                area_code=question.area.code,
                area_name=_text(area_texts, question.area_id, language),
            )
            by_area[question.area_id] = page
            pages.append(page)
        page.questions.append(
            PageQuestion(question.code, _text(question_texts, question.pk, language), question.allows_dont_know)
        )
    return pages


def survey_pages(survey: Survey, language: str) -> list[Page]:
    """The survey's pages in a language. Cached briefly once the survey is no longer a draft.

    A draft may still change; an open survey's questions cannot (the edit page refuses).
    """
    if survey.state == Survey.State.DRAFT:
        return _build_pages(survey.pk, language)
    key = f"enkat:pages:{survey.pk}:{language}"
    pages = cache.get(key)
    if pages is None:
        pages = _build_pages(survey.pk, language)
        cache.set(key, pages, PAGES_CACHE_SECONDS)
    return pages


def survey_text(survey: Survey, language: str) -> SurveyText | None:
    texts = {t.language: t for t in SurveyText.objects.filter(survey=survey, language__in=[language, "sv"])}
    return texts.get(language) or texts.get("sv")


def parse_page_post(post: QueryDict, page: Page, *, is_last: bool) -> tuple[dict[str, int | str | None], str | None]:
    """Return ({code: 1..5, "dk" or None}, comment or None) for every question on the page.

    Raises TamperedPost for anything the page could not have sent.
    """
    on_page = {q.field_name: q for q in page.questions}
    for key in post:
        if key.startswith(FIELD_PREFIX) and key not in on_page:
            raise TamperedPost(f"unknown question field {key[:60]!r}")
        if key == COMMENT_FIELD and not is_last:
            raise TamperedPost("comment on a page without a comment")
    answers: dict[str, int | str | None] = {}
    for name, question in on_page.items():
        values = post.getlist(name)
        if len(values) > 1:
            raise TamperedPost(f"several values for {question.code}")
        if not values or values[0] == "":
            answers[question.code] = None  # skipped
            continue
        value = values[0]
        if value == DONT_KNOW and question.allows_dont_know:
            answers[question.code] = DONT_KNOW
        elif value in {str(v) for v in SCALE}:
            answers[question.code] = int(value)
        else:
            raise TamperedPost(f"value outside the scale for {question.code}")
    comment = None
    if is_last:
        comments = post.getlist(COMMENT_FIELD)
        if len(comments) > 1:
            raise TamperedPost("several comments")
        # Browsers count a line break as one character but send two (CRLF).
        comment = (comments[0] if comments else "").replace("\r\n", "\n").strip()
        if len(comment) > COMMENT_MAX_LENGTH:
            raise TamperedPost("comment too long")
    return answers, comment


def response_value(value: int | str | None) -> int | None:
    """A draft value as stored in a Response: 1..5, else None ("don't know" and skipped are no answer)."""
    return value if isinstance(value, int) and value in SCALE else None
