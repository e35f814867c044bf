"""The customer's answering actions, with their SQL: save a page, submit, opt out, language, discard.

The survey pages are the product's hot path, so the page save and the submit are
statements written once here (and prepared on PostgreSQL) rather than built by the ORM:

- a page save merges the answers into the draft inside the database, in one UPDATE
  that only succeeds while the invitation can answer that page (unanswered, page not
  ahead of the draft, survey accepting answers); otherwise a read says why;
- the final submit marks the invitation answered only if its draft is still as read,
  and stores the receipt and the response with it, atomically; if the draft changed
  meanwhile (another tab), it reads the invitation again and tries again.

Opting out of reminders is the same service whether the customer asks on the web page
or answers an SMS with STOP.
"""

import json
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from common import prepared
from enkat import visits
from enkat.models import (
    SNAPSHOT_FIELDS,
    Invitation,
    Response,
    Submission,
    Survey,
    accepting_params,
    accepting_sql,
    random_id,
)
from enkat.pages import response_value, survey_codes
from enkat.visits import Visit, now_params

_INVITATION = Invitation._meta.db_table
_SURVEY = Survey._meta.db_table
_SUBMISSION = Submission._meta.db_table
_RESPONSE = Response._meta.db_table


class AlreadyAnswered(Exception):
    pass


class NotAccepting(Exception):
    """The survey is not open for answers (not yet opened, or closed)."""


class PageOutOfOrder(Exception):
    pass


def _survey_is_open(postgres: bool) -> str:
    # On PostgreSQL the survey row is read FOR SHARE: closing the survey (an UPDATE of that
    # row) waits for a save in progress, and a save that starts after a close finds it closed.
    # SQLite runs one writer at a time, so it needs no lock.
    lock = " FOR SHARE" if postgres else ""
    return f"survey_id IN (SELECT id FROM {_SURVEY} WHERE id = %s AND {accepting_sql()}{lock})"  # noqa: S608 - model tables


@lru_cache(maxsize=64)
def _merge_sql(postgres: bool, pairs: int) -> str:
    """The page save: the page's answers merged into the draft inside the database, in one statement."""
    if postgres:
        merged = "draft_answers || CAST(%s AS jsonb)"
        page = "GREATEST(draft_page, %s)"
    else:  # json_set keeps a skipped question's null, where json_patch would drop the key
        merged = "json_set(draft_answers" + ", %s, json(%s)" * pairs + ")" if pairs else "draft_answers"
        page = "MAX(draft_page, %s)"
    return (
        f"UPDATE {_INVITATION} SET draft_answers = {merged}, draft_page = {page}, "  # noqa: S608 - model tables
        "draft_comment = COALESCE(%s, draft_comment), started_at = COALESCE(started_at, %s) "
        f"WHERE id = %s AND answered_at IS NULL AND draft_page >= %s AND {_survey_is_open(postgres)}"
    )


def merge_page(
    invitation_id: int, survey_id: int, step: int, answers: dict[str, int | str | None], comment: str | None = None
) -> bool:
    """Save one page's answers on the invitation's draft, if it can answer that page now.

    False if it cannot (answered, survey not open, a page skipped, wrong survey);
    save_page says which.
    """
    postgres = connection.vendor == "postgresql"
    if postgres:
        merged: list[Any] = [json.dumps(answers)]
    else:
        merged = [item for code, value in answers.items() for item in (f'$."{code}"', json.dumps(value))]
    _, now_db = now_params()
    params = [*merged, step, comment, now_db, invitation_id, step - 1, survey_id, *accepting_params(now_db)]
    with prepared.cursor() as cursor:
        prepared.execute(cursor, _merge_sql(postgres, len(answers)), params)
        return cursor.rowcount == 1


def save_page(
    invitation_id: int, survey_id: int, step: int, answers: dict[str, int | str | None], comment: str | None = None
) -> None:
    """merge_page, or the reason it could not: AlreadyAnswered, NotAccepting or PageOutOfOrder."""
    if not merge_page(invitation_id, survey_id, step, answers, comment):
        raise _why_not(invitation_id, step)


def _why_not(invitation_id: int, step: int) -> Exception:
    visit = visits.visit_for_session(invitation_id)
    if visit is not None and visit.answered:
        return AlreadyAnswered()
    if visit is None or not visit.accepting:
        return NotAccepting()
    if step < 1 or step > visit.draft_page + 1:
        return PageOutOfOrder()
    return NotAccepting()  # an invitation of another survey


# The group snapshot and the test-link flag go from the invitation to its response.
_COPIED = (*SNAPSHOT_FIELDS, "is_test")
_SNAPSHOT = ", ".join(_COPIED)
_INSERT_RESPONSE = f"INSERT INTO {_RESPONSE} (id, survey_id, {_SNAPSHOT}, answers, comment, submitted_on) "  # noqa: S608
_INSERT_SUBMISSION = f"INSERT INTO {_SUBMISSION} (id, invitation_id) "  # noqa: S608 - model tables


@lru_cache(maxsize=2)
def _mark_answered_sql(postgres: bool) -> str:
    """The last page: mark answered and clear the draft, only if nothing changed since it was read."""
    json_param = "CAST(%s AS jsonb)" if postgres else "%s"
    return (
        f"UPDATE {_INVITATION} SET draft_answers = {json_param}, draft_page = 0, draft_comment = '', "  # noqa: S608 - model tables
        "started_at = COALESCE(started_at, %s), answered_at = %s "
        f"WHERE id = %s AND answered_at IS NULL AND draft_page = %s AND draft_answers = {json_param} "
        f"AND draft_comment = %s AND {_survey_is_open(postgres)} "
        f"RETURNING id, survey_id, {_SNAPSHOT}"
    )


# On PostgreSQL the whole submit is one statement: mark answered, insert the receipt, insert
# the response. A second receipt for the invitation breaks the unique constraint and the
# statement, so nothing of it is stored.
_SUBMIT_POSTGRES = (
    f"WITH done AS ({_mark_answered_sql(True)}), "  # noqa: S608 - model tables
    f"receipt AS ({_INSERT_SUBMISSION}SELECT %s, id FROM done RETURNING invitation_id) "
    f"{_INSERT_RESPONSE}SELECT %s, done.survey_id, {', '.join('done.' + name for name in _COPIED)}, "
    "CAST(%s AS jsonb), %s, %s FROM done JOIN receipt ON receipt.invitation_id = done.id RETURNING 1"
)


def _unchanged_params(visit: Visit) -> list[Any]:
    raw = visit.raw_draft_answers
    if not isinstance(raw, str):
        raw = json.dumps(visit.draft_answers)
    return [visit.invitation_id, visit.draft_page, raw, visit.draft_comment]


_ATTEMPTS = 10


def submit_response(visit: Visit | int, step: int, answers: dict[str, int | str | None], comment: str) -> None:
    """The final submit, the only one: save the last page and store the one anonymous Response, atomically.

    `visit` is the invitation as read (or its id, to read it now). One conditional UPDATE marks
    the invitation answered and clears its draft, only if the draft is still as read and the
    survey open; the Submission row (unique per invitation) and the Response go with it, in one
    statement on PostgreSQL and one transaction elsewhere. The Submission row is the database's
    guarantee of exactly one response. If the draft changed meanwhile (another tab), the
    invitation is read again and the submit tried again.
    Raises AlreadyAnswered, NotAccepting or PageOutOfOrder.
    """
    if isinstance(visit, int):
        visit = _read_again(visit)
    for _attempt in range(_ATTEMPTS):
        _check_can_submit(visit, step)
        if _store(visit, step, answers, comment):
            return
        visit = _read_again(visit.invitation_id)
    raise NotAccepting  # the draft kept changing under the submit: let the customer try again


def _read_again(invitation_id: int) -> Visit:
    visit = visits.visit_for_session(invitation_id)
    if visit is None:
        raise NotAccepting
    return visit


def _check_can_submit(visit: Visit, step: int) -> None:
    # answered is set in the same transaction as the Submission row, whose unique constraint
    # is what finally guarantees one response.
    if visit.answered:
        raise AlreadyAnswered
    if not visit.accepting:
        raise NotAccepting
    if step < 1 or step > visit.draft_page + 1:
        raise PageOutOfOrder


def _store(visit: Visit, step: int, answers: dict[str, int | str | None], comment: str) -> bool:
    """The submit's statements; False if the invitation changed since it was read."""
    draft = {**visit.draft_answers, **answers}
    values = {code: response_value(draft.get(code)) for code in survey_codes(visit.survey)}
    now, now_db = now_params()
    mark = ["{}", now_db, now_db, *_unchanged_params(visit), visit.survey.pk, *accepting_params(now_db)]
    # Random ids (enkat.models.random_id): the order of writing must not link receipt and response.
    ids = [random_id(), random_id()]
    response = [json.dumps(values), comment, connection.ops.adapt_datefield_value(timezone.localdate(now))]
    try:
        if connection.vendor == "postgresql":
            with prepared.cursor() as cursor:
                prepared.execute(cursor, _SUBMIT_POSTGRES, mark + ids + response)
                return cursor.fetchone() is not None
        return _submit_in_a_transaction(mark, ids, response)
    except IntegrityError:
        raise AlreadyAnswered from None


def _submit_in_a_transaction(mark: list[Any], ids: list[int], response: list[Any]) -> bool:
    with transaction.atomic(), prepared.cursor() as cursor:
        prepared.execute(cursor, _mark_answered_sql(False), mark)
        row = cursor.fetchone()
        if row is None:
            return False
        invitation_id, survey_id, *snapshot = row
        prepared.execute(cursor, _INSERT_SUBMISSION + "VALUES (%s, %s)", [ids[0], invitation_id])
        values = [ids[1], survey_id, *snapshot, *response]
        prepared.execute(cursor, _INSERT_RESPONSE + "VALUES (" + ", ".join(["%s"] * len(values)) + ")", values)
    return True


# --- Opting out, the language, discarding drafts ---------------------------------------------


def _opt_out(invitations: QuerySet) -> int:
    return invitations.filter(opted_out_at__isnull=True).update(opted_out_at=timezone.now())


def opt_out(invitation_id: int) -> None:
    """Stop further reminders, from the survey's web page (alphanumeric SMS senders cannot receive a STOP reply)."""
    _opt_out(Invitation.all_objects.filter(pk=invitation_id))


def opt_out_by_mobile(mobile: str) -> tuple[int, str]:
    """Stop further reminders to a number that answered an SMS with STOP.

    Every invitation to that number whose contact details are kept, in a survey not closed for
    good. Returns how many opted out, and the language to answer in.
    """
    invitations = Invitation.all_objects.filter(mobile=mobile, contacts_erased_at__isnull=True).exclude(
        survey__state=Survey.State.CLOSED
    )
    language = invitations.values_list("language", flat=True).first() or ""
    return _opt_out(invitations), language


def is_opted_out(invitation_id: int) -> bool:
    return Invitation.all_objects.filter(pk=invitation_id, opted_out_at__isnull=False).exists()


def set_language(invitation_id: int, language: str) -> None:
    """The customer's chosen language: used for the pages, the reminders and the snapshot."""
    Invitation.all_objects.filter(pk=invitation_id).exclude(language=language).update(language=language)


def discard_draft(invitation_id: int) -> None:
    """After the survey closes, unsubmitted answers are thrown away: they are not responses."""
    Invitation.all_objects.filter(pk=invitation_id, answered_at__isnull=True).update(
        draft_answers={}, draft_comment="", draft_page=0
    )


def discard_drafts(survey: Survey) -> int:
    return (
        Invitation.all_objects.filter(survey=survey, answered_at__isnull=True)
        .exclude(draft_answers={}, draft_comment="", draft_page=0)
        .update(draft_answers={}, draft_comment="", draft_page=0)
    )
