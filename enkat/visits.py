"""The invitation as the survey pages need it: one statement to read it, one to save a page.

The survey pages are the product's hot path: every customer, every page, often from
an old phone. So each request runs as few statements as possible, written once here
(and prepared on PostgreSQL) rather than built by the ORM on every request:

- a page view reads the invitation and its survey in one query;
- a page save merges the answers into the draft inside the database, in one UPDATE
  that only succeeds while the invitation can answer that page (unanswered, page not
  ahead of the draft, survey open); otherwise a read says why;
- the final submit marks the invitation answered only if its draft is still as read,
  and stores the receipt and the response with it, atomically; if the draft changed
  meanwhile (another tab), the locking path submits instead.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from enkat import services
from enkat.models import SNAPSHOT_FIELDS, Invitation, Response, Submission, Survey, random_id
from enkat.pages import response_value, survey_codes
from enkat.tokens import hash_token
from register import prepared

_INVITATION = Invitation._meta.db_table
_SURVEY = Survey._meta.db_table
_SUBMISSION = Submission._meta.db_table
_RESPONSE = Response._meta.db_table
_OPEN = Survey.State.OPEN
_CLOSED = Survey.State.CLOSED


class SurveyRef(NamedTuple):
    """Enough of a survey for enkat.pages' per-process caches (pk, created, state) and the language choice."""

    pk: int
    created: str  # as text: it also travels in the survey's session cookie
    state: str
    languages: list[str]


@dataclass
class Visit:
    invitation_id: int
    language: str
    answered: bool
    first_open: bool
    draft_answers: dict
    draft_comment: str
    draft_page: int
    survey: SurveyRef
    accepting: bool
    closed: bool
    provider_name: str = ""  # the provider the customer is asked about, as in the snapshot
    # The draft exactly as read, so a save can check that nothing changed in between.
    raw_draft_answers: Any = None

    def load_survey(self) -> Survey:
        """The whole survey row, for the rare pages that show more of it."""
        return Survey.objects.get(pk=self.survey.pk)


_SELECT = (
    "SELECT i.id, i.language, i.answered_at IS NOT NULL, i.first_opened_at IS NULL, "  # noqa: S608 - model tables
    "i.draft_answers, i.draft_comment, i.draft_page, "
    "s.id, s.created, s.state, s.languages, "
    "s.state = %s AND s.opens_at <= %s AND s.closes_at > %s, "
    "s.state = %s OR s.closes_at <= %s, i.provider_name "
    f"FROM {_INVITATION} i JOIN {_SURVEY} s ON s.id = i.survey_id WHERE i.{{column}} = %s"
)
_SELECT_BY_ID = _SELECT.format(column="id")
_SELECT_BY_TOKEN = _SELECT.format(column="token_hash")


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _now_param() -> tuple[Any, Any]:
    now = timezone.now()
    return now, connection.ops.adapt_datetimefield_value(now)


def _read(sql: str, key: object) -> Visit | None:
    _, now = _now_param()
    with prepared.cursor() as cursor:
        prepared.execute(cursor, sql, [_OPEN, now, now, _CLOSED, now, key])
        row = cursor.fetchone()
    if row is None:
        return None
    return Visit(
        invitation_id=row[0],
        language=row[1],
        answered=bool(row[2]),
        first_open=bool(row[3]),
        draft_answers=_json(row[4]) or {},
        draft_comment=row[5],
        draft_page=row[6],
        survey=SurveyRef(row[7], str(row[8]), row[9], _json(row[10]) or []),
        accepting=bool(row[11]),
        closed=bool(row[12]),
        provider_name=row[13] or "",
        raw_draft_answers=row[4],
    )


def visit_for_session(invitation_id: object) -> Visit | None:
    if not isinstance(invitation_id, int):
        return None
    return _read(_SELECT_BY_ID, invitation_id)


def visit_for_token(token: str) -> Visit | None:
    if not token or len(token) > 100:
        return None
    return _read(_SELECT_BY_TOKEN, hash_token(token))


_RECORD_OPEN = f"UPDATE {_INVITATION} SET first_opened_at = %s WHERE id = %s AND first_opened_at IS NULL"  # noqa: S608


def record_open(visit: Visit) -> None:
    """Note the first opening. Opening never uses the link up: scanners open links too."""
    if visit.first_open:
        _, now_db = _now_param()
        with prepared.cursor() as cursor:
            prepared.execute(cursor, _RECORD_OPEN, [now_db, visit.invitation_id])


def _survey_is_open(postgres: bool) -> str:
    # On PostgreSQL the survey row is read FOR SHARE: closing the survey (an UPDATE of that
    # row) waits for a save in progress, and a save that starts after a close finds it closed.
    # SQLite runs one writer at a time, so it needs no lock.
    lock = " FOR SHARE" if postgres else ""
    return (
        f"survey_id IN (SELECT id FROM {_SURVEY} WHERE id = %s AND state = %s "  # noqa: S608 - model tables
        f"AND opens_at <= %s AND closes_at > %s{lock})"
    )


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
    _, now_db = _now_param()
    params = [*merged, step, comment, now_db, invitation_id, step - 1, survey_id, _OPEN, now_db, now_db]
    with prepared.cursor() as cursor:
        prepared.execute(cursor, _merge_sql(postgres, len(answers)), params)
        return cursor.rowcount == 1


def save_page(
    invitation_id: int, survey_id: int, step: int, answers: dict[str, int | str | None], comment: str | None = None
) -> None:
    """merge_page, or the reason it could not: services.AlreadyAnswered, NotAccepting or PageOutOfOrder."""
    if not merge_page(invitation_id, survey_id, step, answers, comment):
        raise _why_not(invitation_id, step)


def _why_not(invitation_id: int, step: int) -> Exception:
    visit = visit_for_session(invitation_id)
    if visit is not None and visit.answered:
        return services.AlreadyAnswered()
    if visit is None or not visit.accepting:
        return services.NotAccepting()
    if step < 1 or step > visit.draft_page + 1:
        return services.PageOutOfOrder()
    return services.NotAccepting()  # an invitation of another survey


_SNAPSHOT = ", ".join(SNAPSHOT_FIELDS)
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
    f"{_INSERT_RESPONSE}SELECT %s, done.survey_id, {', '.join('done.' + name for name in SNAPSHOT_FIELDS)}, "
    "CAST(%s AS jsonb), %s, %s FROM done JOIN receipt ON receipt.invitation_id = done.id RETURNING 1"
)


def _unchanged_params(visit: Visit) -> list[Any]:
    raw = visit.raw_draft_answers
    if not isinstance(raw, str):
        raw = json.dumps(visit.draft_answers)
    return [visit.invitation_id, visit.draft_page, raw, visit.draft_comment]


def submit_response(visit: Visit, step: int, answers: dict[str, int | str | None], comment: str) -> None:
    """Save the last page and store the one anonymous Response, atomically.

    The conditional UPDATE marks the invitation answered and clears its draft; the
    Submission row (unique per invitation) stays the database's guarantee of exactly one
    response. Raises like services.submit_response.
    """
    if visit.answered:
        raise services.AlreadyAnswered
    if step < 1 or step > visit.draft_page + 1:
        raise services.PageOutOfOrder
    draft = {**visit.draft_answers, **answers}
    values = {code: response_value(draft.get(code)) for code in survey_codes(visit.survey)}
    now, now_db = _now_param()
    mark = ["{}", now_db, now_db, *_unchanged_params(visit), visit.survey.pk, _OPEN, now_db, now_db]
    # Random ids (enkat.models.random_id): the order of writing must not link receipt and response.
    ids = [random_id(), random_id()]
    response = [json.dumps(values), comment, connection.ops.adapt_datefield_value(timezone.localdate(now))]
    try:
        if connection.vendor == "postgresql":
            with prepared.cursor() as cursor:
                prepared.execute(cursor, _SUBMIT_POSTGRES, mark + ids + response)
                stored = cursor.fetchone() is not None
        else:
            stored = _submit_in_a_transaction(mark, ids, response)
    except IntegrityError:
        raise services.AlreadyAnswered from None
    if not stored:  # something changed since the read: let the locking path decide
        services.submit_response(visit.invitation_id, step, answers, comment)


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
