from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from enkat import answering, receipts, services, visits
from enkat.models import Draft, Invitation, Receipt, Response, Survey
from tests.enkat.concurrency import run_together
from tests.factories import draft_of, make_invitation, make_survey

LAST_PAGE = {"q9": 4, "q10": 5, "q11": None}


def ready_for_last_page(survey: Survey, **fields) -> Invitation:
    invitation, _ = make_invitation(survey, **fields)
    answering.save_page(invitation.pk, survey.pk, 1, {"q1": 5, "q2": 4, "q3": 3})
    answering.save_page(invitation.pk, survey.pk, 2, {"q4": 4, "q5": None, "q6": 2})
    answering.save_page(invitation.pk, survey.pk, 3, {"q7": "dk", "q8": 1})
    return invitation


@pytest.mark.django_db
def test_the_response_holds_only_survey_snapshot_values_and_comment_and_no_date():
    survey = make_survey()
    invitation = ready_for_last_page(
        survey, gender="man", age_group="60+", programme="SAI", provider_name="Anordnare B", status="avslutad"
    )
    answering.submit_response(invitation.pk, 4, LAST_PAGE, "Bra")
    response = Response.objects.get(survey=survey)
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {
        "id", "survey", "gender", "age_group", "programme", "provider_name", "status", "language",
        "answers", "comment", "is_test", "import_batch",
    }  # fmt: skip
    assert response.import_batch_id is None  # only imported files' answers have a batch (a file, never a person)
    assert (response.gender, response.age_group, response.programme, response.provider_name, response.status) == (
        "man",
        "60+",
        "SAI",
        "Anordnare B",
        "avslutad",
    )
    assert response.answers["q7"] is None  # "don't know" is no answer
    assert response.answers["q1"] == 5
    assert response.comment == "Bra"


@pytest.mark.django_db
def test_nothing_links_the_receipt_or_the_draft_to_the_invitation_or_the_response():
    assert {f.name for f in Receipt._meta.get_fields()} == {"id", "survey", "key_hash"}
    assert {f.name for f in Draft._meta.get_fields()} == {
        "key_hash", "survey", "answers", "comment", "page", "language", "started", "opted_out",
    }  # fmt: skip
    invitation_relations = {f.related_model for f in Invitation._meta.get_fields() if f.is_relation}
    assert not invitation_relations & {Response, Receipt, Draft}
    invitation_times = {f.name for f in Invitation._meta.get_fields() if f.get_internal_type() == "DateTimeField"}
    assert invitation_times == {"contacts_erased_at", "opted_out_at"}  # no answer, opening or starting time


@pytest.mark.django_db
def test_the_draft_moves_to_the_response_and_a_keyed_receipt_stays():
    survey = make_survey()
    invitation = ready_for_last_page(survey)
    assert draft_of(invitation).answers["q1"] == 5
    answering.submit_response(invitation.pk, 4, LAST_PAGE, "kommentar")
    assert draft_of(invitation) is None
    receipt = Receipt.objects.get()
    assert receipt.key_hash == receipts.key_hash(invitation.token_hash) != invitation.token_hash
    assert receipt.survey_id == survey.pk


@pytest.mark.django_db
def test_a_second_submit_stores_nothing():
    survey = make_survey()
    invitation = ready_for_last_page(survey)
    answering.submit_response(invitation.pk, 4, LAST_PAGE, "")
    with pytest.raises(answering.AlreadyAnswered):
        answering.submit_response(invitation.pk, 4, {"q9": 1}, "again")
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_submission_for_one_invitation():
    survey = make_survey()
    invitation, _ = make_invitation(survey)
    Receipt.objects.create(survey=survey, key_hash=receipts.key_hash(invitation.token_hash))
    with pytest.raises(IntegrityError), transaction.atomic():
        Receipt.objects.create(survey=survey, key_hash=receipts.key_hash(invitation.token_hash))


@pytest.mark.django_db
def test_submitting_a_last_page_before_the_others_is_refused():
    survey = make_survey()
    invitation, _ = make_invitation(survey)
    with pytest.raises(answering.PageOutOfOrder):
        answering.submit_response(invitation.pk, 4, LAST_PAGE, "")
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_submitting_after_close_is_refused():
    survey = make_survey()
    invitation = ready_for_last_page(survey)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(answering.NotAccepting):
        answering.submit_response(invitation.pk, 4, LAST_PAGE, "")
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_closing_a_survey_discards_unsubmitted_drafts_but_keeps_responses():
    survey = make_survey()
    answered = ready_for_last_page(survey, customer_id="A")
    answering.submit_response(answered.pk, 4, LAST_PAGE, "")
    drafting = ready_for_last_page(survey, customer_id="B")
    assert services.close_survey(survey) == 1
    draft = draft_of(drafting)
    assert (draft.answers, draft.page, draft.comment) == ({}, 0, "")
    assert Response.objects.filter(survey=survey).count() == 1


def _submit_by_id(invitation: Invitation) -> None:
    answering.submit_response(invitation.pk, 4, LAST_PAGE, "samtidigt")


def _submit_as_read_by_the_survey_pages(invitation: Invitation) -> None:
    visit = visits.visit_for_session(invitation.pk)  # each request reads, then submits
    answering.submit_response(visit, 4, LAST_PAGE, "samtidigt")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("submit", [_submit_by_id, _submit_as_read_by_the_survey_pages])
def test_concurrent_submits_of_one_invitation_give_exactly_one_response(submit):
    survey = make_survey()
    invitation = ready_for_last_page(survey)

    def work(_: int) -> str:
        submit(invitation)
        return "stored"

    outcomes = run_together(8, work)
    assert sorted(outcomes) == ["AlreadyAnswered"] * 7 + ["stored"]
    assert Response.objects.filter(survey=survey).count() == 1
    assert Receipt.objects.filter(key_hash=receipts.key_hash(invitation.token_hash)).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_inserts_without_the_lock_are_still_stopped_by_the_constraint():
    survey = make_survey()
    invitation, _ = make_invitation(survey)

    def insert(_: int) -> str:
        with transaction.atomic():
            Receipt.objects.create(survey=survey, key_hash=receipts.key_hash(invitation.token_hash))
            Response.objects.create(survey=survey, answers={})
        return "stored"

    outcomes = run_together(4, insert)
    assert sorted(outcomes) == ["IntegrityError"] * 3 + ["stored"]
    assert Response.objects.filter(survey=survey).count() == 1
