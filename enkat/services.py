"""State changes for surveys: links, drafts, the final submit, opt-out, sample and contacts.

Each function that changes state runs in one transaction and locks the invitation
it changes, so double-clicks and concurrent requests are serialised.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from enkat.models import Invitation, Response, Submission, Survey
from enkat.pages import response_value
from enkat.tokens import hash_token, token_for_nonce


class AlreadyAnswered(Exception):
    pass


class NotAccepting(Exception):
    """The survey is not open for answers (not yet opened, or closed)."""


class PageOutOfOrder(Exception):
    pass


def survey_link(invitation: Invitation) -> str:
    """The invitation's personal link, as an absolute URL (SITE_URL + /s/<token>/).

    The token is derived again from the stored nonce with the key kept outside the
    database, so sending a reminder never needs the token to be stored.
    """
    token = token_for_nonce(invitation.token_nonce)
    return settings.SITE_URL + reverse("survey:open", kwargs={"token": token})


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return Invitation.objects.filter(token_hash=hash_token(token)).first()


def record_open(invitation: Invitation) -> None:
    """Note the first opening. Opening never uses the link up: scanners open links too."""
    if invitation.first_opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, first_opened_at__isnull=True).update(first_opened_at=timezone.now())


def is_answered(invitation: Invitation) -> bool:
    return invitation.answered_at is not None or Submission.objects.filter(invitation_id=invitation.pk).exists()


def _locked(invitation_id: int) -> Invitation:
    return Invitation.objects.select_for_update().select_related("survey").get(pk=invitation_id)


def _check_can_answer(invitation: Invitation) -> None:
    if is_answered(invitation):
        raise AlreadyAnswered
    if not invitation.survey.is_accepting(timezone.now()):
        raise NotAccepting


@transaction.atomic
def save_page(
    invitation_id: int,
    step: int,
    answers: dict[str, int | str | None],
    comment: str | None = None,
) -> Invitation:
    """Save one page's answers on the invitation (the draft). Pages are saved in order."""
    invitation = _locked(invitation_id)
    _check_can_answer(invitation)
    if step < 1 or step > invitation.draft_page + 1:
        raise PageOutOfOrder
    invitation.draft_answers = {**invitation.draft_answers, **answers}
    invitation.draft_page = max(invitation.draft_page, step)
    if comment is not None:
        invitation.draft_comment = comment
    if invitation.started_at is None:
        invitation.started_at = timezone.now()
    invitation.save(update_fields=["draft_answers", "draft_page", "draft_comment", "started_at"])
    return invitation


@transaction.atomic
def submit_response(
    invitation_id: int,
    step: int,
    answers: dict[str, int | str | None],
    comment: str,
) -> Response:
    """Save the last page and store the one anonymous Response, in one transaction.

    The Submission row (unique per invitation) is the database's guarantee of exactly
    one response: a second insert fails and rolls back everything with it. The
    Response gets only the survey, the group snapshot, the values, the comment and the
    day; the drafts on the invitation are cleared.
    """
    invitation = save_page(invitation_id, step, answers, comment)
    codes = list(invitation.survey.survey_questions.order_by("position").values_list("question__code", flat=True))
    values = {code: response_value(invitation.draft_answers.get(code)) for code in codes}
    try:
        with transaction.atomic():
            Submission.objects.create(invitation=invitation)
    except IntegrityError:
        raise AlreadyAnswered from None
    response = Response.objects.create(
        survey=invitation.survey,
        gender=invitation.gender,
        age_group=invitation.age_group,
        programme=invitation.programme,
        provider_name=invitation.provider_name,
        status=invitation.status,
        language=invitation.language,
        answers=values,
        comment=invitation.draft_comment,
        submitted_on=timezone.localdate(),
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        draft_answers={}, draft_comment="", draft_page=0, answered_at=timezone.now()
    )
    return response


def discard_draft(invitation: Invitation) -> None:
    """After the survey closes, unsubmitted answers are thrown away: they are not responses."""
    if invitation.draft_answers or invitation.draft_comment or invitation.draft_page:
        Invitation.objects.filter(pk=invitation.pk).update(draft_answers={}, draft_comment="", draft_page=0)
        invitation.draft_answers, invitation.draft_comment, invitation.draft_page = {}, "", 0


def discard_drafts(survey: Survey) -> int:
    return (
        Invitation.objects.filter(survey=survey, answered_at__isnull=True)
        .exclude(draft_answers={}, draft_comment="", draft_page=0)
        .update(draft_answers={}, draft_comment="", draft_page=0)
    )


@transaction.atomic
def close_survey(survey: Survey) -> int:
    """Close a survey now and discard the drafts; returns how many drafts were discarded."""
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.CLOSED)
    survey.state = Survey.State.CLOSED
    return discard_drafts(survey)


def opt_out(invitation: Invitation) -> None:
    """Stop further reminders (alphanumeric SMS senders cannot receive a STOP reply)."""
    Invitation.objects.filter(pk=invitation.pk, opted_out_at__isnull=True).update(opted_out_at=timezone.now())


def set_language(invitation: Invitation, language: str) -> None:
    """The customer's chosen language: used for the pages, the reminders and the snapshot."""
    if language in invitation.survey.languages and invitation.language != language:
        Invitation.objects.filter(pk=invitation.pk).update(language=language)
        invitation.language = language
