"""Survey pages rendered once and filled in per request give exactly the template's own output."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.html import escape

from enkat.pages import DONT_KNOW, clear_cache, options_html, survey_pages
from enkat.public_render import render_slotted, slot
from tests.factories import answer_page, make_invitation, make_survey, open_link

pytestmark = pytest.mark.django_db

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _request():
    request = RequestFactory().get("/s/steg/4/")
    request.META["CSRF_COOKIE"] = "a" * 32
    return request


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_the_filled_in_page_is_byte_for_byte_the_rendered_template(language):
    survey = make_survey(languages=["sv", "en", "ar"])
    clear_cache()
    draft = {"q9": "3", "q10": "", "q11": "5"}
    comment = 'Bra & "tydligt" <b>stöd</b>\nRad två \x00slot:csrf\x00'
    with translation.override(language):
        pages = survey_pages(survey, language)
        page = pages[-1]

        def context(options: list, comment_value) -> dict:
            return {
                "invitation": True,
                "language_choices": [("sv", "Svenska", "ltr"), ("ar", "العربية", "rtl")],
                "current_path": "/s/steg/4/",
                "page": page,
                "step": 4,
                "total": 4,
                "questions": [{"question": q, "options_html": o} for q, o in zip(page.questions, options, strict=True)],
                "is_last": True,
                "progress": range(1, 5),
                "dont_know": DONT_KNOW,
                "intro": "",
                "comment": comment_value,
                "comment_max_length": 2000,
            }

        direct = render_to_string(
            "enkat/public/page.html",
            context([options_html(q, draft[q.code]) for q in page.questions], comment),
            request=_request(),
        )
        fill = {f"q{i}": options_html(q, draft[q.code]) for i, q in enumerate(page.questions)}
        fill["comment"] = escape(comment)
        for _ in range(2):  # built once, then served from the per-process cache
            slotted = render_slotted(
                _request(),
                survey,
                language,
                "page-4",
                "enkat/public/page.html",
                lambda: context([slot(f"q{i}") for i in range(len(page.questions))], slot("comment")),
                fill,
            )
            assert CSRF_VALUE.sub("", slotted) == CSRF_VALUE.sub("", direct)
    assert "\x00" not in CSRF_VALUE.sub("", slotted).replace(escape(comment), "")
    assert 'value="3" checked' in slotted and 'value="5" checked' in slotted
    assert "&lt;b&gt;stöd&lt;/b&gt;" in slotted


def test_every_csrf_field_on_a_page_carries_a_token_the_post_accepts():
    survey = make_survey()
    _, token = make_invitation(survey)
    client = Client(enforce_csrf_checks=True)
    open_link(client, token)
    html = client.get("/s/steg/1/").content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert len(tokens) == 2  # the language switcher and the page's form
    for value in tokens:
        response = answer_page(client, 1, {"q1": "4"}, csrfmiddlewaretoken=value, direction="next")
        assert response.status_code == 302
