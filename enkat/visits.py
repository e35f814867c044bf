"""The invitation as the survey pages need it: read in one statement.

The survey pages are the product's hot path: every customer, every page, often from
an old phone. A page view reads the invitation, its survey, and the customer's keyed
receipt and draft (enkat.receipts) in one query, written once here (and prepared on
PostgreSQL) rather than built by the ORM on every request. The invitation is only read.
What the customer does with it (save a page, submit, opt out...) is in enkat.answering.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connection
from django.utils import timezone

from common import prepared
from enkat.models import (
    Draft,
    Invitation,
    Receipt,
    Survey,
    accepting_params,
    accepting_sql,
    closed_params,
    closed_sql,
)
from enkat.receipts import key_hash
from enkat.tokens import hash_token

_INVITATION = Invitation._meta.db_table
_SURVEY = Survey._meta.db_table
_DRAFT = Draft._meta.db_table
_RECEIPT = Receipt._meta.db_table


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
    # The draft exactly as read (None: no draft row), so a save can check that nothing changed in between.
    raw_draft_answers: Any = None
    # The key of the invitation's receipt and draft (enkat.receipts): computed, never stored with it.
    key_hash: str = ""

    def load_survey(self) -> Survey:
        """The whole survey row, for the rare pages that show more of it."""
        return Survey.objects.get(pk=self.survey.pk)


# One statement: the invitation (read only: the customer's path never writes it), its survey, its
# receipt and its draft, both found by the key hash computed before the statement.
_SELECT = (
    f"SELECT i.id, COALESCE(NULLIF(d.language, ''), i.language), "  # noqa: S608 - model tables
    f"EXISTS (SELECT 1 FROM {_RECEIPT} r WHERE r.key_hash = %s), d.key_hash IS NULL, "
    "d.answers, d.comment, d.page, "
    "s.id, s.created, s.state, s.languages, "
    f"{accepting_sql('s')}, {closed_sql('s')}, i.provider_name "
    f"FROM {_INVITATION} i JOIN {_SURVEY} s ON s.id = i.survey_id "
    f"LEFT JOIN {_DRAFT} d ON d.key_hash = %s WHERE i.{{column}} = %s"
)
_SELECT_BY_ID = _SELECT.format(column="id")
_SELECT_BY_TOKEN = _SELECT.format(column="token_hash")
_TOKEN_HASH = f"SELECT token_hash FROM {_INVITATION} WHERE id = %s"  # noqa: S608 - model tables


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def now_params() -> tuple[Any, Any]:
    now = timezone.now()
    return now, connection.ops.adapt_datetimefield_value(now)


def _read(sql: str, key: str, lookup: object) -> Visit | None:
    _, now = now_params()
    with prepared.cursor() as cursor:
        prepared.execute(cursor, sql, [key, *accepting_params(now), *closed_params(now), key, lookup])
        row = cursor.fetchone()
    if row is None:
        return None
    return Visit(
        invitation_id=row[0],
        language=row[1],
        answered=bool(row[2]),
        first_open=bool(row[3]),
        draft_answers=_json(row[4]) or {},
        draft_comment=row[5] or "",
        draft_page=row[6] or 0,
        survey=SurveyRef(row[7], str(row[8]), row[9], _json(row[10]) or []),
        accepting=bool(row[11]),
        closed=bool(row[12]),
        provider_name=row[13] or "",
        raw_draft_answers=row[4],
        key_hash=key,
    )


def _is_key(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64


def visit_for_session(invitation_id: object, key: object = None) -> Visit | None:
    """The session's invitation; `key` is its key hash as the (signed) session keeps it.

    A session without one (written before the key hash was kept there) costs one more read.
    """
    if not isinstance(invitation_id, int):
        return None
    if not _is_key(key):
        with prepared.cursor() as cursor:
            prepared.execute(cursor, _TOKEN_HASH, [invitation_id])
            row = cursor.fetchone()
        if row is None:
            return None
        key = key_hash(row[0])
    return _read(_SELECT_BY_ID, str(key), invitation_id)


def visit_for_token(token: str) -> Visit | None:
    if not token or len(token) > 100:
        return None
    token_hash = hash_token(token)
    return _read(_SELECT_BY_TOKEN, key_hash(token_hash), token_hash)


@lru_cache(maxsize=2)
def _record_open_sql(postgres: bool) -> str:
    false = "FALSE" if postgres else "0"
    return (
        f"INSERT INTO {_DRAFT} (key_hash, survey_id, answers, comment, page, language, started, opted_out) "  # noqa: S608
        f"VALUES (%s, %s, %s, '', 0, '', {false}, {false}) ON CONFLICT (key_hash) DO NOTHING"
    )


def record_open(visit: Visit) -> None:
    """Note the first opening, in the keyed draft row. Opening never uses the link up: scanners open links too."""
    if visit.first_open and not visit.answered:
        postgres = connection.vendor == "postgresql"
        with prepared.cursor() as cursor:
            prepared.execute(cursor, _record_open_sql(postgres), [visit.key_hash, visit.survey.pk, "{}"])
