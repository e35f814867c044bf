"""State changes for surveys: links, drafts, the final submit, opt-out, sample and contacts.

Each function that changes state runs in one transaction and locks the invitation
it changes, so double-clicks and concurrent requests are serialised.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.db.models.functions import Least
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext

from enkat.groups import age_group, insats_status
from enkat.models import (
    AreaText,
    Invitation,
    Question,
    QuestionText,
    Response,
    Submission,
    Survey,
    SurveyQuestion,
    SurveyText,
)
from enkat.pages import response_value, survey_codes
from enkat.tokens import hash_token, new_nonce, token_for_nonce
from register.models import Insats


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
    before, after = _link_around_token(settings.SITE_URL, get_script_prefix(), get_urlconf())
    return before + token_for_nonce(invitation.token_nonce) + after


# A token's 32 URL-safe characters: stands for every token while the link's pattern is reversed.
_ANY_TOKEN = "T" * 32
_link_patterns: dict[tuple, tuple[str, str]] = {}


def _link_around_token(site_url: str, script_prefix: str, urlconf) -> tuple[str, str]:
    """The text before and after the token, reversed once per site and URL configuration.

    The sending worker builds 100 000 links: reverse() for each one costs more than the HMAC.
    """
    key = (site_url, script_prefix, urlconf)
    if key not in _link_patterns:
        before, _, after = reverse("survey:open", kwargs={"token": _ANY_TOKEN}).rpartition(_ANY_TOKEN)
        _link_patterns[key] = (site_url + before, after)
    return _link_patterns[key]


def _locked(invitation_id: int) -> Invitation:
    """The invitation, locked for update, with its survey, which cannot change (e.g. close) until commit."""
    if connection.vendor == "postgresql":
        # The survey row only FOR SHARE: customers saving pages at the same time do not queue behind each
        # other on it, while closing the survey (an UPDATE of the row) still waits for them, and a save
        # that starts after a close sees the survey closed. Taken first, so the read below sees it.
        with connection.cursor() as cursor:
            cursor.execute(_LOCK_SURVEY_SQL, [invitation_id])
        return Invitation.objects.select_for_update(of=("self",)).select_related("survey").get(pk=invitation_id)
    return Invitation.objects.select_for_update().select_related("survey").get(pk=invitation_id)


_LOCK_SURVEY_SQL = (
    f"SELECT 1 FROM {Survey._meta.db_table} WHERE id = "  # noqa: S608 - table names from the models
    f"(SELECT survey_id FROM {Invitation._meta.db_table} WHERE id = %s) FOR SHARE"
)


def _save_page_locked(
    invitation_id: int, step: int, answers: dict[str, int | str | None], comment: str | None
) -> Invitation:
    """Lock the invitation and check the page may be saved; return it with the page merged in (not yet written)."""
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
    return invitation


def _check_can_answer(invitation: Invitation) -> None:
    # answered_at is set in the same transaction as the Submission row; the row's
    # unique constraint is what finally guarantees one response.
    if invitation.answered_at is not None:
        raise AlreadyAnswered
    if not invitation.survey.is_accepting(timezone.now()):
        raise NotAccepting


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
    invitation = _save_page_locked(invitation_id, step, answers, comment)
    codes = survey_codes(invitation.survey)
    values = {code: response_value(invitation.draft_answers.get(code)) for code in codes}
    try:
        # No savepoint needed: an IntegrityError leaves this function, and its transaction is rolled back.
        Submission.objects.create(invitation=invitation)
    except IntegrityError:
        raise AlreadyAnswered from None
    response = Response.objects.create(
        survey=invitation.survey,
        **invitation.snapshot(),
        answers=values,
        comment=invitation.draft_comment,
        submitted_on=timezone.localdate(),
    )
    # The last page and the clearing of the draft in one write: the draft is not kept once answered.
    Invitation.objects.filter(pk=invitation.pk).update(
        draft_answers={}, draft_comment="", draft_page=0, started_at=invitation.started_at, answered_at=timezone.now()
    )
    return response


def discard_draft(invitation_id: int) -> None:
    """After the survey closes, unsubmitted answers are thrown away: they are not responses."""
    Invitation.objects.filter(pk=invitation_id, answered_at__isnull=True).update(
        draft_answers={}, draft_comment="", draft_page=0
    )


def discard_drafts(survey: Survey) -> int:
    return (
        Invitation.objects.filter(survey=survey, answered_at__isnull=True)
        .exclude(draft_answers={}, draft_comment="", draft_page=0)
        .update(draft_answers={}, draft_comment="", draft_page=0)
    )


@transaction.atomic
def close_survey(survey: Survey) -> int:
    """Close a survey now and discard the drafts; returns how many drafts were discarded.

    Closing early also moves the close time to now, so everything counted from the
    close (such as erasing contact details) starts from when it really closed.
    """
    now = timezone.now()
    closes_at = min(survey.closes_at, now)
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.CLOSED, closes_at=Least("closes_at", Value(now)))
    survey.state = Survey.State.CLOSED
    survey.closes_at = closes_at
    return discard_drafts(survey)


def opt_out(invitation_id: int) -> None:
    """Stop further reminders (alphanumeric SMS senders cannot receive a STOP reply)."""
    Invitation.objects.filter(pk=invitation_id, opted_out_at__isnull=True).update(opted_out_at=timezone.now())


def is_opted_out(invitation_id: int) -> bool:
    return Invitation.objects.filter(pk=invitation_id, opted_out_at__isnull=False).exists()


def set_language(invitation_id: int, language: str) -> None:
    """The customer's chosen language: used for the pages, the reminders and the snapshot."""
    Invitation.objects.filter(pk=invitation_id).exclude(language=language).update(language=language)


# --- The quality developer's side: texts, opening, sample, contacts -------------------------------------------


def missing_texts(survey: Survey) -> list[str]:
    """Every text the survey still lacks in an offered language, named so it can be fixed."""
    from django.conf import settings as django_settings

    names = dict(django_settings.LANGUAGES)
    missing: list[str] = []
    rows = list(survey.survey_questions.select_related("question__area").order_by("position"))
    if not rows:
        missing.append(gettext("The survey has no questions."))
    if not survey.languages:
        missing.append(gettext("The survey offers no language."))
    survey_texts = {t.language: t for t in SurveyText.objects.filter(survey=survey)}
    question_texts = {
        (t.question_id, t.language)
        for t in QuestionText.objects.filter(question__in=[r.question for r in rows]).exclude(text="")
    }
    areas = {r.question.area for r in rows}
    area_texts = {(t.area_id, t.language) for t in AreaText.objects.filter(area__in=areas).exclude(name="")}
    for language in survey.languages:
        name = names.get(language, language)
        text = survey_texts.get(language)
        if text is None or not text.intro.strip():
            missing.append(gettext("Intro text in %(language)s.") % {"language": name})
        if text is None or not text.thanks.strip():
            missing.append(gettext("Thank-you text in %(language)s.") % {"language": name})
        for area in sorted(areas, key=lambda a: (a.position, a.code)):
            if (area.pk, language) not in area_texts:
                missing.append(
                    gettext("Name of area %(area)s in %(language)s.") % {"area": area.code, "language": name}
                )
        for row in rows:
            if (row.question_id, language) not in question_texts:
                missing.append(
                    gettext("Question %(code)s in %(language)s.") % {"code": row.question.code, "language": name}
                )
    return missing


@transaction.atomic
def open_survey(survey: Survey) -> list[str]:
    """Open the survey for answers, unless texts are missing: then return what is missing."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    missing = missing_texts(survey)
    if missing:
        return missing
    if survey.state != Survey.State.OPEN:
        survey.state = Survey.State.OPEN
        survey.save(update_fields=["state"])
    return []


def _latest_insats_per_customer(survey: Survey) -> list[Insats]:
    latest: dict[str, Insats] = {}
    insatser = (
        Insats.objects.during(survey.period_start, survey.period_end)
        .select_related("programme_type", "provider")
        .order_by("customer_id", "start_date", "id")
    )
    for insats in insatser:
        latest[insats.customer_id] = insats  # ordered by start: the last one wins
    return list(latest.values())


@dataclass
class SampleResult:
    created: int = 0
    existing: int = 0


@transaction.atomic
def build_sample(survey: Survey, nonce_factory: Callable[[], str] = new_nonce) -> SampleResult:
    """One invitation per customer with an insats active in the period, about the latest such insats.

    Customers already invited keep their invitation (and link) as it is. The group
    snapshot is frozen now: later changes in the register do not move a response
    between groups.
    """
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state == Survey.State.CLOSED:
        raise NotAccepting
    close_year = timezone.localtime(survey.closes_at).year
    already = set(survey.invitations.values_list("customer_id", flat=True))
    result = SampleResult(existing=len(already))
    new: list[Invitation] = []
    for insats in _latest_insats_per_customer(survey):
        if insats.customer_id in already:
            continue
        nonce = nonce_factory()
        new.append(
            Invitation(
                survey=survey,
                customer_id=insats.customer_id,
                provider=insats.provider,
                gender=insats.gender,
                age_group=age_group(insats.birth_year, close_year),
                programme=insats.programme_type.name,
                provider_name=insats.provider.name,
                status=insats_status(insats.end_date, survey.period_end),
                language="sv",
                token_nonce=nonce,
                token_hash=hash_token(token_for_nonce(nonce)),
            )
        )
    Invitation.objects.bulk_create(new, batch_size=500)
    result.created = len(new)
    return result


@transaction.atomic
def save_survey(form) -> Survey:
    """Save a valid SurveyForm: the survey, its texts and its ordered questions."""
    from django.conf import settings as django_settings

    survey = form.save()
    for code, _name in django_settings.LANGUAGES:
        intro = form.cleaned_data.get(f"intro_{code}", "").strip()
        thanks = form.cleaned_data.get(f"thanks_{code}", "").strip()
        if intro or thanks:
            SurveyText.objects.update_or_create(
                survey=survey, language=code, defaults={"intro": intro, "thanks": thanks}
            )
        else:
            SurveyText.objects.filter(survey=survey, language=code).delete()
    survey.survey_questions.all().delete()
    questions = {q.code: q for q in Question.objects.filter(code__in=form.cleaned_data["question_order"])}
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, question=questions[code], position=position)
        for position, code in enumerate(form.cleaned_data["question_order"], start=1)
    )
    return survey
