"""A survey as customers see it: one page per area, and the parsing of a page's POST.

Parsing is strict on purpose. The browser can only send what the page offers, so
anything else (an unknown question, a value outside the scale, a repeated field,
an oversized comment) is a tampered request, and it is rejected as a whole.
"""

import re
import threading
import time
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from enkat.models import AreaText, QuestionText, Survey, SurveyQuestion, SurveyText

COMMENT_MAX_LENGTH = 2000
_COMMENT_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
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


_SCALE_OPTIONS = tuple({"value": str(v), "label": SCALE_LABELS[v], "smiley": SMILEYS[v]} for v in SCALE)
_DONT_KNOW_OPTION = {"value": DONT_KNOW, "label": DONT_KNOW_LABEL, "smiley": ""}
_SCALE_VALUES = frozenset(str(v) for v in SCALE)


def options_for(question: PageQuestion) -> list[dict]:
    options: list[dict] = list(_SCALE_OPTIONS)
    if question.allows_dont_know:
        options.append(_DONT_KNOW_OPTION)
    return options


# The radio buttons of one question, as page.html's option loop rendered them (byte for byte),
# built once per process for each language, question and checked value: rendering them
# with the template language was half the cost of a page view.
_OPTIONS_HTML: dict[tuple[str | None, str, bool, str], SafeString] = {}
_OPTION_HTML = (
    '\n      <div class="option{dk_class}">\n'
    '        <input type="radio" id="{field}-{value}" name="{field}" value="{value}"{checked}>\n'
    '        <label for="{field}-{value}">{smiley}<span class="option-text">{label}</span></label>\n'
    "      </div>\n      "
)


def options_html(question: PageQuestion, value: str) -> SafeString:
    """The question's options in the active language, with `value` ("" for none) checked."""
    key = (get_language(), question.field_name, question.allows_dont_know, value)
    html = _OPTIONS_HTML.get(key)
    if html is None:
        field_name = conditional_escape(question.field_name)
        html = mark_safe(  # noqa: S308 - every part is escaped or constant markup
            "".join(
                _OPTION_HTML.format(
                    dk_class=" option-dk" if option["value"] == DONT_KNOW else "",
                    field=field_name,
                    value=conditional_escape(option["value"]),
                    checked=" checked" if option["value"] == value else "",
                    smiley=conditional_escape(option["smiley"]),
                    label=conditional_escape(str(option["label"])),
                )
                for option in options_for(question)
            )
        )
        _OPTIONS_HTML[key] = html
    return html


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


# Per process, keyed by the survey's id and creation time (ids can be reused after a rollback),
# and kept PAGES_CACHE_SECONDS: a plain dict, so a hit costs no query and no unpickling.
_CACHE: dict[tuple, tuple[float, object]] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_MAX_ENTRIES = 2000


def cached(survey: Survey, what: str, language: str, build):
    """build() for a draft (it may still change); else its cached result, built at most once a minute.

    A draft may still change; an open survey's questions and texts cannot (the edit page refuses).
    `survey` is a Survey or anything with its pk, created and state (enkat.visits.SurveyRef).
    """
    if survey.state == Survey.State.DRAFT:
        return build()
    key = (survey.pk, survey.created, what, language)
    now = time.monotonic()
    hit = _CACHE.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = build()
    with _CACHE_LOCK:
        if len(_CACHE) >= _CACHE_MAX_ENTRIES:
            _CACHE.clear()
        _CACHE[key] = (now + PAGES_CACHE_SECONDS, value)
    return value


def peek(survey: Survey, what: str, language: str):
    """The cached value, or None if it is not cached (or expired) in this process."""
    hit = _CACHE.get((survey.pk, survey.created, what, language))
    return hit[1] if hit is not None and hit[0] > time.monotonic() else None


def clear_cache() -> None:
    _CACHE.clear()


def survey_pages(survey: Survey, language: str) -> list[Page]:
    """The survey's pages in a language. Cached briefly once the survey is no longer a draft."""
    return cached(survey, "pages", language, lambda: _build_pages(survey.pk, language))


def _survey_text(survey: Survey, language: str) -> SurveyText | None:
    texts = {t.language: t for t in SurveyText.objects.filter(survey_id=survey.pk, language__in=[language, "sv"])}
    return texts.get(language) or texts.get("sv")


def cached_survey_pages(survey: Survey, language: str) -> list[Page] | None:
    """survey_pages, if this process has them at hand (never for a draft, which is not cached)."""
    return peek(survey, "pages", language)


def survey_text(survey: Survey, language: str) -> SurveyText | None:
    """The survey's intro and thank-you texts in a language (Swedish as fallback). Cached like the pages."""
    return cached(survey, "text", language, lambda: _survey_text(survey, language))


def survey_codes(survey: Survey) -> list[str]:
    """The survey's question codes in position order. Cached like the pages."""
    return cached(
        survey,
        "codes",
        "",
        lambda: list(
            SurveyQuestion.objects.filter(survey_id=survey.pk)
            .order_by("position")
            .values_list("question__code", flat=True)
        ),
    )


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
        elif value in _SCALE_VALUES:
            answers[question.code] = int(value)
        else:
            raise TamperedPost(f"value outside the scale for {question.code}")
    comment = None
    if is_last:
        comments = post.getlist(COMMENT_FIELD)
        if len(comments) > 1:
            raise TamperedPost("several comments")
        # Browsers count a line break as one character but send two (CRLF).
        comment = (comments[0] if comments else "").replace("\r\n", "\n")
        # NUL and other control characters (a database refuses NUL in text): dropped, TAB and LF kept.
        comment = _COMMENT_CONTROL.sub("", comment).strip()
        if len(comment) > COMMENT_MAX_LENGTH:
            raise TamperedPost("comment too long")
    return answers, comment


def response_value(value: int | str | None) -> int | None:
    """A draft value as stored in a Response: 1..5, else None ("don't know" and skipped are no answer)."""
    return value if isinstance(value, int) and value in SCALE else None
