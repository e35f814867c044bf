"""The invitation as the survey pages need it: read in one statement.

The survey pages are the product's hot path: every customer, every page, often from
an old phone. A page view reads the invitation and its survey in one query, written
once here (and prepared on PostgreSQL) rather than built by the ORM on every request.
What the customer does with it (save a page, submit, opt out...) is in enkat.answering.
"""

import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connection
from django.utils import timezone

from common import prepared
from enkat.models import Invitation, Survey, accepting_params, accepting_sql, closed_params, closed_sql
from enkat.tokens import hash_token

_INVITATION = Invitation._meta.db_table
_SURVEY = Survey._meta.db_table


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
    f"{accepting_sql('s')}, {closed_sql('s')}, i.provider_name "
    f"FROM {_INVITATION} i JOIN {_SURVEY} s ON s.id = i.survey_id WHERE i.{{column}} = %s"
)
_SELECT_BY_ID = _SELECT.format(column="id")
_SELECT_BY_TOKEN = _SELECT.format(column="token_hash")


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def now_params() -> tuple[Any, Any]:
    now = timezone.now()
    return now, connection.ops.adapt_datetimefield_value(now)


def _read(sql: str, key: object) -> Visit | None:
    _, now = now_params()
    with prepared.cursor() as cursor:
        prepared.execute(cursor, sql, [*accepting_params(now), *closed_params(now), key])
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
        _, now_db = now_params()
        with prepared.cursor() as cursor:
            prepared.execute(cursor, _RECORD_OPEN, [now_db, visit.invitation_id])
