import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from enkat.models import Receipt, Response, Survey
from tests.factories import answer_page, customer_state, make_invitation, make_survey, open_link

pytestmark = pytest.mark.django_db

PAGE_1 = {"q1": "5", "q2": "4", "q3": "3"}
PAGE_2 = {"q4": "4", "q5": "5", "q6": "2"}
PAGE_3 = {"q7": "dk", "q8": "1"}
PAGE_4 = {"q9": "3", "q10": "4", "q11": "5"}


def started(language="sv", **survey_kwargs):
    survey = make_survey(**survey_kwargs)
    invitation, token = make_invitation(survey, language=language)
    client = Client()
    open_link(client, token)
    return survey, invitation, client


def html_of(response) -> str:
    return response.content.decode()


def test_the_page_opens_in_the_invitations_language_with_lang_and_dir():
    _, _, client = started(language="ar")
    html = html_of(client.get("/s/steg/1/"))
    assert '<html lang="ar" dir="rtl">' in html
    assert "الدعم بشكل عام" in html  # the area name in Arabic
    assert "هل كان الدعم" in html  # q1 in Arabic
    assert "الخطوة 1 من 4" in html  # the page's own words come from the Arabic catalog
    assert "لا على الإطلاق" in html  # the lowest step is a degree ("not at all"), not "No, never"


def test_dari_is_right_to_left_and_swedish_left_to_right():
    _, _, client = started(language="fa-af", languages=["sv", "fa-af"])
    assert '<html lang="fa-af" dir="rtl">' in html_of(client.get("/s/steg/1/"))
    _, _, client = started(language="sv", slug="other")
    assert '<html lang="sv" dir="ltr">' in html_of(client.get("/s/steg/1/"))


def test_an_invitation_language_not_offered_falls_back_to_swedish():
    _, _, client = started(language="so", languages=["sv", "en"])
    assert '<html lang="sv" dir="ltr">' in html_of(client.get("/s/steg/1/"))


def test_the_language_switcher_offers_only_the_surveys_languages_and_switches():
    _, invitation, client = started(languages=["sv", "en", "ar"])
    html = html_of(client.get("/s/steg/1/"))
    offered = set(re.findall(r'name="language" value="([^"]+)"', html))
    assert offered == {"en", "ar"}  # Swedish is the current one
    response = client.post("/s/sprak/", {"language": "en", "next": "/s/steg/1/"})
    assert response["Location"] == "/s/steg/1/"
    assert '<html lang="en" dir="ltr">' in html_of(client.get("/s/steg/1/"))
    invitation.refresh_from_db()
    assert customer_state(invitation).language == "en"


def test_a_language_not_offered_cannot_be_chosen():
    _, invitation, client = started(languages=["sv", "en"])
    client.post("/s/sprak/", {"language": "uk", "next": "https://evil.example/"})
    assert '<html lang="sv"' in html_of(client.get("/s/steg/1/"))
    invitation.refresh_from_db()
    assert customer_state(invitation).language == "sv"


def test_one_area_per_page_with_a_progress_indicator():
    _, _, client = started()
    html = html_of(client.get("/s/steg/1/"))
    assert "Steg 1 av 4" in html
    assert set(re.findall(r'name="q-(q\d+)"', html)) == {"q1", "q2", "q3"}


def test_each_answer_is_a_native_radio_in_a_fieldset_with_a_legend_and_a_text_label():
    _, _, client = started()
    html = html_of(client.get("/s/steg/1/"))
    assert html.count('<fieldset class="question">') == 3
    assert html.count("<legend>") >= 3
    radios = re.findall(r'<input type="radio" id="([^"]+)" name="q-q1" value="([^"]+)"', html)
    assert [value for _, value in radios] == ["1", "2", "3", "4", "5"]
    for input_id, _ in radios:
        label = re.search(rf'<label for="{input_id}">(.*?)</label>', html, re.S).group(1)
        assert re.search(r'<span class="option-text">\w[^<]*</span>', label)
        assert 'aria-hidden="true"' in label  # the smiley is decoration


def test_dont_know_is_offered_only_where_the_question_allows_it():
    _, _, client = started()
    answer_page(client, 1, PAGE_1)
    answer_page(client, 2, PAGE_2)
    html = html_of(client.get("/s/steg/3/"))
    assert 'name="q-q7" value="dk"' in html and 'name="q-q8" value="dk"' in html
    assert "Vet ej / ej aktuellt" in html
    assert 'value="dk"' not in html_of(client.get("/s/steg/1/"))


def test_each_page_is_saved_when_submitted():
    _, invitation, client = started()
    response = answer_page(client, 1, PAGE_1)
    assert response["Location"] == "/s/steg/2/"
    invitation.refresh_from_db()
    assert customer_state(invitation).draft_answers == {"q1": 5, "q2": 4, "q3": 3}
    assert customer_state(invitation).draft_page == 1
    assert customer_state(invitation).started
    assert not Response.objects.exists()


def test_coming_back_continues_on_the_first_unanswered_page_with_earlier_answers_filled_in():
    survey = make_survey()
    invitation, token = make_invitation(survey)
    first_visit = Client()
    open_link(first_visit, token)
    answer_page(first_visit, 1, PAGE_1)
    answer_page(first_visit, 2, PAGE_2)
    later = Client()  # the phone was closed; the session is gone
    open_link(later, token)
    assert later.get("/s/")["Location"] == "/s/steg/3/"
    html = html_of(later.get("/s/steg/1/"))
    assert re.search(r'name="q-q1" value="5" checked', html)
    assert re.search(r'name="q-q3" value="3" checked', html)


def test_every_question_may_be_skipped_and_counts_as_no_answer():
    survey, _, client = started()
    for step in (1, 2, 3):
        assert answer_page(client, step, {})["Location"] == f"/s/steg/{step + 1}/"
    assert answer_page(client, 4, {})["Location"] == "/s/tack/"
    response = Response.objects.get(survey=survey)
    assert response.answers == {f"q{i}": None for i in range(1, 12)}


def test_the_final_submit_stores_one_response_and_then_the_link_says_already_answered():
    survey, invitation, client = started()
    answer_page(client, 1, PAGE_1)
    answer_page(client, 2, PAGE_2)
    answer_page(client, 3, PAGE_3)
    response = answer_page(client, 4, PAGE_4, comment="Bra stöd!\r\nTack.")
    assert response["Location"] == "/s/tack/"
    thanks = html_of(client.get("/s/tack/"))
    assert "Tack-text sv" in thanks
    stored = Response.objects.get(survey=survey)
    assert stored.answers == {
        "q1": 5, "q2": 4, "q3": 3, "q4": 4, "q5": 5, "q6": 2,
        "q7": None, "q8": 1, "q9": 3, "q10": 4, "q11": 5,
    }  # fmt: skip
    assert stored.comment == "Bra stöd!\nTack."
    invitation.refresh_from_db()
    assert customer_state(invitation).answered
    assert customer_state(invitation).draft_answers == {} and customer_state(invitation).draft_comment == ""
    assert "Tack, du har redan svarat" in html_of(client.get("/s/"))


def test_a_back_button_resubmit_after_the_final_submit_changes_nothing():
    survey, _, client = started()
    for step, answers in enumerate([PAGE_1, PAGE_2, PAGE_3, PAGE_4], start=1):
        answer_page(client, step, answers)
    resubmit = answer_page(client, 4, {"q9": "1", "q10": "1", "q11": "1"}, comment="changed")
    assert resubmit.status_code == 302
    earlier_page = answer_page(client, 1, {"q1": "1"})
    assert earlier_page.status_code == 302
    assert Response.objects.filter(survey=survey).count() == 1
    assert Response.objects.get().answers["q9"] == 3
    assert Response.objects.get().comment == ""
    assert Receipt.objects.count() == 1


def test_going_back_saves_the_page_and_shows_the_previous_one():
    _, invitation, client = started()
    answer_page(client, 1, PAGE_1)
    response = answer_page(client, 2, {"q4": "2"}, direction="back")
    assert response["Location"] == "/s/steg/1/"
    invitation.refresh_from_db()
    assert customer_state(invitation).draft_answers["q4"] == 2


def test_a_page_ahead_of_the_customer_redirects_back_to_where_they_are():
    _, _, client = started()
    assert client.get("/s/steg/3/")["Location"] == "/s/"
    assert client.get("/s/steg/9/")["Location"] == "/s/"


@pytest.mark.parametrize(
    ("step", "data"),
    [
        (1, {"q-q1": "6"}),
        (1, {"q-q1": "0"}),
        (1, {"q-q1": "dk"}),  # not offered for q1
        (1, {"q-q1": "4.5"}),
        (1, {"q-q99": "3"}),  # unknown code
        (1, {"q-q4": "3"}),  # a question from another page
        (1, {"q-q1": ["3", "4"]}),  # two values for one question
        (1, {"q-q1": "3", "comment": "not here"}),  # no comment on this page
        (3, {"q-q7": "3"}),  # a page out of order
    ],
)
def test_a_tampered_post_is_rejected_and_nothing_is_stored(step, data):
    _, invitation, client = started()
    response = client.post(f"/s/steg/{step}/", {"q-q2": "4", **data})
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert customer_state(invitation).draft_answers == {}
    assert customer_state(invitation).draft_page == 0
    assert not customer_state(invitation).started


def test_an_oversized_comment_is_rejected_and_nothing_of_the_last_page_is_stored():
    _, invitation, client = started()
    for step, answers in enumerate([PAGE_1, PAGE_2, PAGE_3], start=1):
        answer_page(client, step, answers)
    response = answer_page(client, 4, PAGE_4, comment="x" * 2001)
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert "q9" not in customer_state(invitation).draft_answers
    assert not Response.objects.exists()


def test_a_comment_of_2000_characters_with_line_breaks_is_accepted():
    survey, _, client = started()
    for step, answers in enumerate([PAGE_1, PAGE_2, PAGE_3], start=1):
        answer_page(client, step, answers)
    comment = ("y" * 99 + "\r\n") * 20  # 2000 characters as the browser counts them
    assert answer_page(client, 4, PAGE_4, comment=comment)["Location"] == "/s/tack/"
    assert len(Response.objects.get(survey=survey).comment) <= 2000


def test_a_post_without_csrf_token_is_rejected_and_nothing_is_stored():
    survey = make_survey()
    invitation, token = make_invitation(survey)
    client = Client(enforce_csrf_checks=True)
    open_link(client, token)
    response = client.post("/s/steg/1/", {"q-q1": "5"})
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert customer_state(invitation).draft_answers == {}


def test_after_the_survey_closes_the_link_shows_a_closed_page_and_drafts_are_discarded():
    survey, invitation, client = started()
    answer_page(client, 1, PAGE_1)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    html = html_of(client.get("/s/"))
    assert "Enkäten är stängd" in html
    invitation.refresh_from_db()
    assert customer_state(invitation).draft_answers == {} and customer_state(invitation).draft_page == 0
    assert answer_page(client, 2, PAGE_2).status_code == 200  # the closed page again, nothing stored
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert customer_state(invitation).draft_answers == {}


def test_a_survey_not_yet_open_says_so():
    _, _, client = started(opens_in_days=3)
    assert "Enkäten har inte öppnat än" in html_of(client.get("/s/"))


def test_without_a_session_the_pages_ask_for_the_personal_link():
    response = Client().get("/s/steg/1/")
    assert response.status_code == 404
    assert "Öppna din personliga länk" in html_of(response)


def test_every_survey_page_links_to_stop_reminders():
    _, _, client = started()
    assert 'href="/s/paminnelser/"' in html_of(client.get("/s/steg/1/"))


def test_stopping_reminders_is_kept_in_the_keyed_draft_not_on_the_invitation():
    _, invitation, client = started()
    assert "Du får inga fler påminnelser" not in html_of(client.get("/s/paminnelser/"))
    assert client.post("/s/paminnelser/").status_code == 302
    assert customer_state(invitation).opted_out_on_page
    invitation.refresh_from_db()
    assert invitation.opted_out_at is None  # the survey pages never write the invitation
    assert "Du får inga fler påminnelser" in html_of(client.get("/s/paminnelser/"))


def test_a_post_with_origin_null_from_a_no_referrer_page_is_accepted_with_its_csrf_token():
    survey = make_survey()
    invitation, token = make_invitation(survey)
    client = Client(enforce_csrf_checks=True)
    open_link(client, token)
    client.get("/s/steg/1/")
    csrf = client.cookies["csrftoken"].value
    response = client.post("/s/steg/1/", {"q-q1": "5", "csrfmiddlewaretoken": csrf}, HTTP_ORIGIN="null")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert customer_state(invitation).draft_answers["q1"] == 5


def test_a_post_from_another_origin_is_still_refused():
    survey = make_survey()
    invitation, token = make_invitation(survey)
    client = Client(enforce_csrf_checks=True)
    open_link(client, token)
    client.get("/s/steg/1/")
    csrf = client.cookies["csrftoken"].value
    response = client.post("/s/steg/1/", {"q-q1": "5", "csrfmiddlewaretoken": csrf}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert customer_state(invitation).draft_answers == {}


def test_control_characters_in_the_comment_are_dropped_not_a_server_error():
    # PostgreSQL refuses NUL in text: before, the final submit answered 500.
    survey, _, client = started()
    for step, page in enumerate([PAGE_1, PAGE_2, PAGE_3], start=1):
        answer_page(client, step, page)
    response = answer_page(client, 4, PAGE_4, comment="Bra\x00 stöd\x1b\u0085!\tTack\r\n.")
    assert response.status_code == 302
    assert Response.objects.get(survey=survey).comment == "Bra stöd!\tTack\n."
