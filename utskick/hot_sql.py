"""The two statements of the sending hot path, as SQL written once.

Every message costs two writes: the attempt (committed before the provider is called) and the
outcome. Built through the ORM they cost more CPU than the HTTP request itself, so they are
written out once here, from the models' own table and column names, for SQLite and PostgreSQL
alike. The attempt holds the never-send rules as SQL (utskick.never_send), so one UPDATE both
checks them and records the attempt; tests/utskick cover each rule.
"""

from datetime import datetime

from enkat.models import Invitation, Survey
from enkat.receipts import key_hash
from utskick.models import Message, MessageStatus
from utskick.never_send import sendable_params, sendable_sql

_ATTEMPT_SQL = """
UPDATE {message} SET status = %s, attempted_at = %s
WHERE id = %s AND status = %s AND claimed_by = %s
  AND EXISTS (
    SELECT 1 FROM {invitation} INNER JOIN {survey} ON {survey}.id = {invitation}.survey_id
    WHERE {invitation}.id = {message}.invitation_id
      AND {sendable})"""

# A reminder is superseded by a later step on the same channel that is due too.
_NOT_SUPERSEDED_SQL = """
  AND NOT EXISTS (
    SELECT 1 FROM {message} later
    WHERE later.invitation_id = {message}.invitation_id
      AND later.channel = %s AND later.step > %s AND later.due_at <= %s AND later.status IN (%s, %s))"""

_OUTCOME_SQL = """
UPDATE {message} SET status = %s, provider_id = %s, error_code = %s, segments = %s, sent_at = %s, status_at = %s
WHERE id = %s AND status IN (%s, %s)"""

# Only PostgreSQL: the previous message's outcome written in the next message's attempt statement.
_WITH_OUTCOME_SQL = "WITH outcome AS ({outcome})"

# Only PostgreSQL: set_config(..., true) lasts until the end of the statement's own transaction.
_NO_WAIT_SQL = "WITH no_wait AS (SELECT set_config('synchronous_commit', 'off', true))"
_NO_WAIT_CHECK = " AND EXISTS (SELECT 1 FROM no_wait)"

_sql_cache: dict[tuple, str] = {}


def hot_sql(vendor: str, kind: str, channel: str = "", reminder: bool = False) -> str:
    if kind == "outcome_no_wait" and vendor != "postgresql":
        kind = "outcome"
    key = (kind, channel, reminder)
    if key not in _sql_cache:
        names = {
            "message": Message._meta.db_table,
            "invitation": Invitation._meta.db_table,
            "survey": Survey._meta.db_table,
            "sendable": sendable_sql(channel) if channel else "",
        }
        if kind == "attempt":
            sql = _ATTEMPT_SQL + (_NOT_SUPERSEDED_SQL if reminder else "")
        elif kind == "outcome_and_attempt":
            outcome = _OUTCOME_SQL.strip()
            sql = (
                _WITH_OUTCOME_SQL.replace("{outcome}", outcome)
                + _ATTEMPT_SQL
                + (_NOT_SUPERSEDED_SQL if reminder else "")
            )
        elif kind == "outcome_no_wait":
            sql = _NO_WAIT_SQL + _OUTCOME_SQL + _NO_WAIT_CHECK
        else:
            sql = _OUTCOME_SQL
        # Only our own table and column names go into the text; every value is a parameter.
        _sql_cache[key] = sql.format(**names).strip()
    return _sql_cache[key]


def attempt_params(db, message: Message, now: datetime) -> list:
    at = db.ops.adapt_datetimefield_value(now)
    params = [MessageStatus.ATTEMPTING, at, message.pk, MessageStatus.CLAIMED, message.claimed_by]
    params += sendable_params(at, key_hash(message.invitation.token_hash))
    if message.step > 0:
        params += [message.channel, message.step, at, MessageStatus.PENDING, MessageStatus.CLAIMED]
    return params


def outcome_params(db, message_pk: int, status: str, provider_id: str, error_code: str, segments: int, done) -> list:
    sent = status in (MessageStatus.QUEUED, MessageStatus.SENT)
    at = db.ops.adapt_datetimefield_value(done)
    # The outcome overwrites "uncertain" too, because knowing beats guessing.
    return [status, provider_id, error_code, segments, at if sent else None, at, message_pk] + [
        MessageStatus.ATTEMPTING,
        MessageStatus.UNCERTAIN,
    ]
