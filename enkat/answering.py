"""The customer's answering actions, with their SQL: save a page, submit, opt out, language, discard.

Nothing here writes the invitation row: what the customer does is kept in rows keyed by the
invitation's key hash (enkat.receipts), the Draft and the Receipt, so that a reader of the
database without the key cannot tie it, or the response, to the invitation (issue 11).

The survey pages are the product's hot path, so the page save and the submit are
statements written once here (and prepared on PostgreSQL) rather than built by the ORM:

- a page save merges the answers into the keyed draft inside the database, in one upsert
  that only succeeds while the invitation can answer that page (no receipt, page not
  ahead of the draft, survey accepting answers); otherwise a read says why;
- the final submit inserts the receipt only if the draft is still as read, and deletes the
  draft and stores the response with it, atomically; if the draft changed meanwhile
  (another tab), it reads the invitation again and tries again.

Opting out of reminders on the web page is kept in the keyed draft; an SMS answered with
STOP (which knows only the number) sets the invitations' opted_out_at.
"""

import json
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from common import prepared
from enkat import receipts, visits
from enkat.models import (
    SNAPSHOT_FIELDS,
    Draft,
    Invitation,
    Receipt,
    Response,
    Survey,
    accepting_params,
    accepting_sql,
    random_id,
)
from enkat.pages import response_value, survey_codes
from enkat.visits import Visit, now_params

_INVITATION = Invitation._meta.db_table
_SURVEY = Survey._meta.db_table
_RECEIPT = Receipt._meta.db_table
_DRAFT = Draft._meta.db_table
_RESPONSE = Response._meta.db_table


class AlreadyAnswered(Exception):
    pass


class NotAccepting(Exception):
    """The survey is not open for answers (not yet opened, or closed)."""


class PageOutOfOrder(Exception):
    pass


def _survey_is_open(postgres: bool, column: str = "%s") -> str:
    # On PostgreSQL the survey row is read FOR SHARE: closing the survey (an UPDATE of that
    # row) waits for a save in progress, and a save that starts after a close finds it closed.
    # SQLite runs one writer at a time, so it needs no lock. (Only the survey row is locked:
    # a lock on the invitation row would write the submit's transaction id into it.)
    lock = " FOR SHARE" if postgres else ""
    return f"{column} IN (SELECT id FROM {_SURVEY} WHERE id = %s AND {accepting_sql()}{lock})"  # noqa: S608 - model tables


@lru_cache(maxsize=64)
def _merge_sql(postgres: bool, pairs: int) -> str:
    """The page save: the page's answers merged into the keyed draft inside the database, in one statement.

    An upsert: the first page may create the draft; a later page only updates a draft that has
    reached the page before it. Nothing is written once the invitation's receipt exists.
    """
    if postgres:
        new = "CAST(%s AS jsonb)"
        merged = f"{_DRAFT}.answers || EXCLUDED.answers"
        page = f"GREATEST({_DRAFT}.page, EXCLUDED.page)"
        started, false = "TRUE", "FALSE"
    else:  # json_set keeps a skipped question's null, where json_patch would drop the key
        new = "json_set('{}'" + ", %s, json(%s)" * pairs + ")" if pairs else "'{}'"
        merged = f"json_set({_DRAFT}.answers" + ", %s, json(%s)" * pairs + ")" if pairs else f"{_DRAFT}.answers"
        page = f"MAX({_DRAFT}.page, excluded.page)"
        started, false = "1", "0"
    return (
        f"INSERT INTO {_DRAFT} (key_hash, survey_id, answers, comment, page, language, started, opted_out) "  # noqa: S608
        f"SELECT %s, %s, {new}, COALESCE(%s, ''), %s, '', {started}, {false} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {_RECEIPT} WHERE key_hash = %s) AND {_survey_is_open(postgres)} "
        f"AND (%s = 1 OR EXISTS (SELECT 1 FROM {_DRAFT} WHERE key_hash = %s)) "
        f"ON CONFLICT (key_hash) DO UPDATE SET answers = {merged}, page = {page}, "
        f"comment = COALESCE(%s, {_DRAFT}.comment), started = {started} "
        f"WHERE {_DRAFT}.page >= %s AND {_DRAFT}.survey_id = excluded.survey_id"
    )


def key_of(invitation: int | str) -> str:
    """An invitation's key hash: given (the session keeps it), or computed from its id (one read)."""
    if isinstance(invitation, str):
        return invitation
    token_hash = Invitation.all_objects.filter(pk=invitation).values_list("token_hash", flat=True).first()
    return receipts.key_hash(token_hash) if token_hash is not None else ""


def merge_page(
    invitation: int | str, survey_id: int, step: int, answers: dict[str, int | str | None], comment: str | None = None
) -> bool:
    """Save one page's answers on the invitation's keyed draft, if it can answer that page now.

    `invitation` is its key hash (as the session keeps it), or its id. False if it cannot
    (answered, survey not open, a page skipped, wrong survey); save_page says which.
    """
    key_hash = key_of(invitation)
    postgres = connection.vendor == "postgresql"
    if postgres:
        new: list[Any] = [json.dumps(answers)]
        merged: list[Any] = []
    else:
        new = [item for code, value in answers.items() for item in (f'$."{code}"', json.dumps(value))]
        merged = new
    _, now_db = now_params()
    params = [
        key_hash,
        survey_id,
        *new,
        comment,
        step,
        key_hash,
        survey_id,
        survey_id,
        *accepting_params(now_db),
        step,
        key_hash,
        *merged,
        comment,
        step - 1,
    ]
    with prepared.cursor() as cursor:
        prepared.execute(cursor, _merge_sql(postgres, len(answers)), params)
        return cursor.rowcount == 1


def save_page(
    visit: Visit | int, survey_id: int, step: int, answers: dict[str, int | str | None], comment: str | None = None
) -> None:
    """merge_page, or the reason it could not: AlreadyAnswered, NotAccepting or PageOutOfOrder.

    `visit` is the invitation as read, or its id.
    """
    if isinstance(visit, int):
        invitation_id, key_hash = visit, key_of(visit)
    else:
        invitation_id, key_hash = visit.invitation_id, visit.key_hash
    if not merge_page(key_hash, survey_id, step, answers, comment):
        raise _why_not(invitation_id, key_hash, step)


def _why_not(invitation_id: int, key_hash: str, step: int) -> Exception:
    visit = visits.visit_for_session(invitation_id, key_hash)
    if visit is not None and visit.answered:
        return AlreadyAnswered()
    if visit is None or not visit.accepting:
        return NotAccepting()
    if step < 1 or step > visit.draft_page + 1:
        return PageOutOfOrder()
    return NotAccepting()  # an invitation of another survey


# The group snapshot and the test-link flag go from the invitation to its response; the
# language is the customer's (the draft's, or the invitation's).
_COPIED = tuple(name for name in (*SNAPSHOT_FIELDS, "is_test") if name != "language")
_INSERT_RESPONSE = f"INSERT INTO {_RESPONSE} (id, survey_id, {', '.join(_COPIED)}, language, answers, comment) "  # noqa: S608


@lru_cache(maxsize=2)
def _submit_sql(postgres: bool) -> tuple[str, str, str]:
    """The submit's three writes: the receipt, the draft's removal, the response.

    The receipt is inserted only while the survey is open and the draft is as the visit read it
    (no draft row counts as an empty one); its unique key hash is the database's guarantee of
    exactly one response. None of the three names the invitation: the receipt and the draft are
    keyed by the key hash, the response holds only the snapshot, read from the invitation.
    """
    json_param = "CAST(%s AS jsonb)" if postgres else "%s"
    receipt = (
        f"INSERT INTO {_RECEIPT} (id, survey_id, key_hash) "  # noqa: S608 - model tables
        f"SELECT %s, i.survey_id, %s FROM {_INVITATION} i "
        f"WHERE i.id = %s AND {_survey_is_open(postgres, 'i.survey_id')} "
        f"AND COALESCE((SELECT d.page = %s AND d.answers = {json_param} AND d.comment = %s "
        f"FROM {_DRAFT} d WHERE d.key_hash = %s), %s)"
    )
    clear = f"DELETE FROM {_DRAFT} WHERE key_hash = %s"  # noqa: S608 - model tables
    response = (
        f"{_INSERT_RESPONSE}SELECT %s, i.survey_id, {', '.join('i.' + name for name in _COPIED)}, "  # noqa: S608
        f"%s, {json_param}, %s FROM {_INVITATION} i WHERE i.id = %s"
    )
    return receipt, clear, response


# On PostgreSQL the whole submit is one statement. A second receipt for the invitation breaks the
# unique constraint and the statement, so nothing of it is stored.
_RECEIPT_SQL, _CLEAR_SQL, _RESPONSE_SQL = _submit_sql(True)
_SUBMIT_POSTGRES = (
    f"WITH receipt AS ({_RECEIPT_SQL} RETURNING survey_id), "  # noqa: S608 - model tables
    f"cleared AS ({_CLEAR_SQL} AND EXISTS (SELECT 1 FROM receipt)) "
    f"{_RESPONSE_SQL} AND EXISTS (SELECT 1 FROM receipt) RETURNING 1"
)


def _unchanged_params(visit: Visit) -> list[Any]:
    raw = visit.raw_draft_answers
    if raw is None:
        raw = "{}"
    elif not isinstance(raw, str):
        raw = json.dumps(visit.draft_answers)
    empty = visit.raw_draft_answers is None or (
        not visit.draft_answers and not visit.draft_comment and not visit.draft_page
    )
    return [visit.draft_page, raw, visit.draft_comment, visit.key_hash, empty]


_ATTEMPTS = 10


def submit_response(visit: Visit | int, step: int, answers: dict[str, int | str | None], comment: str) -> None:
    """The final submit, the only one: store the receipt and the one anonymous Response, atomically.

    `visit` is the invitation as read. The Receipt (unique per key hash) is inserted only if the
    draft is still as read and the survey open; the draft is deleted and the Response stored
    with it, in one statement on PostgreSQL and one transaction elsewhere. The invitation row is
    only read. If the draft changed meanwhile (another tab), the invitation is read again and the
    submit tried again. Raises AlreadyAnswered, NotAccepting or PageOutOfOrder.
    """
    if isinstance(visit, int):
        visit = _read_again(visits.visit_for_session(visit))
    for _attempt in range(_ATTEMPTS):
        _check_can_submit(visit, step)
        if _store(visit, step, answers, comment):
            return
        visit = _read_again(visit)
    raise NotAccepting  # the draft kept changing under the submit: let the customer try again


def _read_again(visit: Visit | None) -> Visit:
    again = visits.visit_for_session(visit.invitation_id, visit.key_hash) if visit is not None else None
    if again is None:
        raise NotAccepting
    return again


def _check_can_submit(visit: Visit, step: int) -> None:
    # answered is the receipt, whose unique constraint is what finally guarantees one response.
    if visit.answered:
        raise AlreadyAnswered
    if not visit.accepting:
        raise NotAccepting
    if step < 1 or step > visit.draft_page + 1:
        raise PageOutOfOrder


def _store(visit: Visit, step: int, answers: dict[str, int | str | None], comment: str) -> bool:
    """The submit's statements; False if the draft changed since it was read, or the survey closed."""
    draft = {**visit.draft_answers, **answers}
    values = {code: response_value(draft.get(code)) for code in survey_codes(visit.survey)}
    _, now_db = now_params()
    # Random ids (enkat.models.random_id): the order of writing must not link receipt and response.
    receipt = [
        random_id(),
        visit.key_hash,
        visit.invitation_id,
        visit.survey.pk,
        *accepting_params(now_db),
        *_unchanged_params(visit),
    ]
    clear = [visit.key_hash]
    response = [random_id(), visit.language, json.dumps(values), comment, visit.invitation_id]
    try:
        if connection.vendor == "postgresql":
            with prepared.cursor() as cursor:
                prepared.execute(cursor, _SUBMIT_POSTGRES, receipt + clear + response)
                return cursor.fetchone() is not None
        return _submit_in_a_transaction(receipt, clear, response)
    except IntegrityError:
        raise AlreadyAnswered from None


def _submit_in_a_transaction(receipt: list[Any], clear: list[Any], response: list[Any]) -> bool:
    sql = _submit_sql(False)
    with transaction.atomic(), prepared.cursor() as cursor:
        prepared.execute(cursor, sql[0], receipt)
        if cursor.rowcount != 1:
            return False
        prepared.execute(cursor, sql[1], clear)
        prepared.execute(cursor, sql[2], response)
    return True


# --- Opting out, the language, discarding drafts ---------------------------------------------


def _opt_out(invitations: QuerySet) -> int:
    return invitations.filter(opted_out_at__isnull=True).update(opted_out_at=timezone.now())


def opt_out(visit: Visit) -> None:
    """Stop further reminders, from the survey's web page (alphanumeric SMS senders cannot receive a STOP reply).

    Kept in the keyed draft, with no time: the survey pages never write the invitation.
    """
    Draft.objects.bulk_create(
        [Draft(key_hash=visit.key_hash, survey_id=visit.survey.pk, opted_out=True)],
        update_conflicts=True,
        unique_fields=["key_hash"],
        update_fields=["opted_out"],
    )


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


def is_opted_out(visit: Visit) -> bool:
    """Stopped on the survey's page, or by answering an SMS with STOP."""
    return (
        Draft.objects.filter(pk=visit.key_hash, opted_out=True).exists()
        or Invitation.all_objects.filter(pk=visit.invitation_id, opted_out_at__isnull=False).exists()
    )


def set_language(key_hash: str, survey_id: int, language: str) -> None:
    """The customer's chosen language, in the keyed draft: for the pages, the reminders and the snapshot."""
    Draft.objects.bulk_create(
        [Draft(key_hash=key_hash, survey_id=survey_id, language=language)],
        update_conflicts=True,
        unique_fields=["key_hash"],
        update_fields=["language"],
    )


def discard_draft(key_hash: str) -> None:
    """After the survey closes, unsubmitted answers are thrown away: they are not responses.

    The row stays ("opened", "started"), emptied.
    """
    Draft.objects.filter(pk=key_hash).update(answers={}, comment="", page=0)


def _unsubmitted(survey: Survey) -> QuerySet:
    return Draft.objects.filter(survey=survey).exclude(answers={}, comment="", page=0)


def drafts_in_progress(survey: Survey) -> int:
    """Customers who have saved answers but not sent them (test links left out)."""
    test_links = Invitation.all_objects.filter(survey=survey, is_test=True).values_list("pk", "token_hash")
    return _unsubmitted(survey).exclude(key_hash__in=list(receipts.key_hashes(test_links))).count()


def discard_drafts(survey: Survey) -> int:
    return _unsubmitted(survey).update(answers={}, comment="", page=0)
