"""The survey pages' reads (enkat.visits) and their writes (enkat.answering): one statement each."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from enkat import answering, receipts, services, visits
from enkat.models import Draft, Invitation, Receipt, Response, Survey
from tests.enkat.concurrency import run_together
from tests.factories import draft_of, make_invitation, make_survey, mark_answered

LAST_PAGE = {"q9": 4, "q10": 5, "q11": None}


def draft_state(invitation: Invitation) -> tuple[dict, int, str]:
    draft = draft_of(invitation)
    return (draft.answers, draft.page, draft.comment) if draft is not None else ({}, 0, "")


def at_last_page(survey: Survey, **fields) -> Invitation:
    invitation, _ = make_invitation(survey, **fields)
    assert answering.merge_page(invitation.pk, survey.pk, 1, {"q1": 5, "q2": 4, "q3": 3})
    assert answering.merge_page(invitation.pk, survey.pk, 2, {"q4": 4, "q5": None, "q6": 2})
    assert answering.merge_page(invitation.pk, survey.pk, 3, {"q7": "dk", "q8": 1})
    return invitation


@pytest.mark.django_db
def test_the_visit_reads_draft_state_and_survey_flags():
    survey = make_survey(languages=["sv", "ar"])
    invitation, token = make_invitation(survey, language="ar")
    visit = visits.visit_for_token(token)
    assert visit is not None and visit.invitation_id == invitation.pk
    assert visit.language == "ar" and visit.survey.languages == ["sv", "ar"]
    assert visit.accepting and not visit.closed and not visit.answered and visit.first_open
    assert (visit.draft_answers, visit.draft_page, visit.draft_comment) == ({}, 0, "")
    assert visits.visit_for_token("x" * 43) is None
    assert visits.visit_for_session(invitation.pk + 1000) is None
    assert visits.visit_for_session(str(invitation.pk)) is None  # only the signed cookie's int


@pytest.mark.django_db
def test_a_page_merges_into_the_draft_keeping_earlier_answers_and_skipped_questions():
    survey = make_survey()
    invitation, _ = make_invitation(survey)
    assert answering.merge_page(invitation.pk, survey.pk, 1, {"q1": 5, "q2": None, "q3": "dk"})
    assert answering.merge_page(invitation.pk, survey.pk, 2, {"q4": 1, "q5": 2, "q6": 3})
    assert answering.merge_page(invitation.pk, survey.pk, 1, {"q1": 4, "q2": None, "q3": 2})  # back to page 1
    draft = draft_of(invitation)
    assert draft.answers == {"q1": 4, "q2": None, "q3": 2, "q4": 1, "q5": 2, "q6": 3}
    assert draft.page == 2  # going back does not lose the furthest page
    assert draft.started and draft.survey_id == survey.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    "situation",
    ["answered", "closed", "closed by time", "not yet open", "draft survey", "page ahead", "other survey"],
)
def test_a_page_that_cannot_be_saved_now_changes_nothing(situation):
    survey = make_survey()
    other = make_survey("annan")
    invitation, _ = make_invitation(survey)
    assert answering.merge_page(invitation.pk, survey.pk, 1, {"q1": 5})
    step, survey_id = 2, survey.pk
    if situation == "answered":
        mark_answered(invitation)
    elif situation == "closed":
        Survey.objects.filter(pk=survey.pk).update(state=Survey.State.CLOSED)
    elif situation == "closed by time":
        Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    elif situation == "not yet open":
        Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now() + timedelta(hours=1))
    elif situation == "draft survey":
        Survey.objects.filter(pk=survey.pk).update(state=Survey.State.DRAFT)
    elif situation == "page ahead":
        step = 3
    elif situation == "other survey":
        survey_id = other.pk
    before = draft_state(invitation)
    assert before == ({"q1": 5}, 1, "")
    assert not answering.merge_page(invitation.pk, survey_id, step, {"q4": 1}, "kommentar")
    assert draft_state(invitation) == before


@pytest.mark.django_db
def test_save_page_says_why_a_page_cannot_be_saved():
    survey = make_survey()
    invitation, _ = make_invitation(survey)
    with pytest.raises(answering.PageOutOfOrder):
        answering.save_page(invitation.pk, survey.pk, 2, {"q4": 1})
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.CLOSED)
    with pytest.raises(answering.NotAccepting):
        answering.save_page(invitation.pk, survey.pk, 1, {"q1": 1})


@pytest.mark.django_db
def test_the_submit_stores_one_anonymous_response_and_clears_the_draft():
    survey = make_survey()
    invitation = at_last_page(survey, gender="man", language="ar")
    visit = visits.visit_for_session(invitation.pk)
    answering.submit_response(visit, 4, LAST_PAGE, "Bra stöd")
    response = Response.objects.get(survey=survey)
    assert response.answers == {
        "q1": 5, "q2": 4, "q3": 3, "q4": 4, "q5": None, "q6": 2, "q7": None, "q8": 1, "q9": 4, "q10": 5, "q11": None,
    }  # fmt: skip
    assert (response.gender, response.language, response.comment) == ("man", "ar", "Bra stöd")
    assert {f.name for f in Response._meta.concrete_fields}.isdisjoint({"submitted_on", "created", "answered_at"})
    assert receipts.is_answered(invitation)
    assert draft_of(invitation) is None  # the submit deleted the draft
    with pytest.raises(answering.AlreadyAnswered):
        answering.submit_response(visit, 4, LAST_PAGE, "igen")  # a stale visit: read again, it is answered
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_unique_receipt_stops_a_second_response_even_if_the_invitation_looks_unanswered():
    survey = make_survey()
    invitation = at_last_page(survey)
    visit = visits.visit_for_session(invitation.pk)
    assert not visit.answered
    mark_answered(invitation)  # the receipt appears after the read, as from another tab's submit
    with pytest.raises(answering.AlreadyAnswered):
        answering.submit_response(visit, 4, LAST_PAGE, "")
    assert not Response.objects.exists() and Receipt.objects.count() == 1
    assert draft_state(invitation)[1] == 3  # the whole submit was undone: the draft is kept


@pytest.mark.django_db
def test_a_submit_from_a_stale_read_uses_the_latest_draft():
    survey = make_survey()
    invitation = at_last_page(survey)
    visit = visits.visit_for_session(invitation.pk)
    assert answering.merge_page(invitation.pk, survey.pk, 2, {"q4": 1, "q5": 1, "q6": 1})  # another tab, meanwhile
    answering.submit_response(visit, 4, LAST_PAGE, "")
    assert Response.objects.get(survey=survey).answers["q4"] == 1


@pytest.mark.django_db
def test_a_submit_after_the_survey_closed_stores_nothing():
    survey = make_survey()
    invitation = at_last_page(survey)
    visit = visits.visit_for_session(invitation.pk)
    services.close_survey(survey)
    with pytest.raises(answering.NotAccepting):
        answering.submit_response(visit, 4, LAST_PAGE, "")
    assert not Response.objects.exists() and not Receipt.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_page_saves_of_one_invitation_lose_no_answer():
    survey = make_survey()
    invitation, _ = make_invitation(survey)

    def save(i: int) -> str:
        return str(answering.merge_page(invitation.pk, survey.pk, 1, {f"q{i + 1}": 1 + i % 5}))

    outcomes = run_together(8, save)
    assert outcomes == ["True"] * 8
    assert draft_of(invitation).answers == {f"q{i + 1}": 1 + i % 5 for i in range(8)}


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_the_page_read_is_prepared_once_per_connection():
    survey = make_survey()
    invitation, _ = make_invitation(survey)
    for _ in range(3):
        assert visits.visit_for_session(invitation.pk) is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%LEFT JOIN%d.key_hash%"]
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_receipts_and_responses_do_not_record_the_order_in_which_answers_came_in():
    survey = make_survey()
    for i in range(20):
        invitation = at_last_page(survey, customer_id=f"K{i}")
        answering.submit_response(visits.visit_for_session(invitation.pk), 4, LAST_PAGE, f"svar {i}")
    # With the key (as only the application can): each receipt's customer, in the receipts' stored order.
    customer_of = {receipts.key_hash(t): c for t, c in Invitation.objects.values_list("token_hash", "customer_id")}
    receipt_order = [customer_of[k] for k in Receipt.objects.order_by("pk").values_list("key_hash", flat=True)]
    assert sorted(receipt_order) == sorted(f"K{i}" for i in range(20))
    comments = list(Response.objects.order_by("pk").values_list("comment", flat=True))
    assert sorted(receipt_order) != receipt_order or sorted(comments) != comments  # 1 in 20! to fail by chance
    assert receipt_order != [f"K{i}" for i in range(20)] and comments != [f"svar {i}" for i in range(20)]
    assert not Draft.objects.exists()  # every draft went with its submit
