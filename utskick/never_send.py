"""The never-send rules: when a planned message must not go out, in Python and in SQL, defined once.

Each rule names its skip reason, the test in Python (for the message that could not be
attempted, to say why) and the SQL condition that holds while the rule allows sending (for the
attempt statement in utskick.hot_sql, which checks every rule in the UPDATE that records the
attempt). The rules are checked in order: the first that applies is the reason.

"Answered" is a receipt, and "opted out" on the survey's page a draft's flag, under the
invitation's key hash (enkat.receipts), which takes the key outside the database to compute:
the worker computes it for each message and passes it to the statement as a parameter, so the
rules are still checked in the statement that records the attempt, and the database never
holds the link.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from enkat import receipts
from enkat.models import Draft, Invitation, Receipt, Survey, closed_params, closed_sql
from utskick.models import Channel, SkipReason


def contact_field(channel: str) -> str:
    return "mobile" if channel == Channel.SMS else "email"


def undeliverable_field(channel: str) -> str:
    return "mobile_undeliverable" if channel == Channel.SMS else "email_undeliverable"


@dataclass(frozen=True)
class Rule:
    reason: SkipReason
    applies: Callable[[Invitation, str, datetime], bool]
    # The SQL that holds while sending is allowed, on {invitation} and {survey} (table names), for a channel.
    sendable_sql: Callable[[str, str, str], str]
    params: Callable[[Any, str], list]  # its parameters, given `now` as the database adapts it, and the key hash


def _opted_out(invitation: Invitation) -> bool:
    return invitation.opted_out_at is not None or receipts.opted_out_on_page(invitation)


_RECEIPT = Receipt._meta.db_table
_DRAFT = Draft._meta.db_table

RULES = (
    Rule(
        SkipReason.ANSWERED,
        lambda invitation, channel, now: receipts.is_answered(invitation),
        lambda invitation, survey, channel: f"NOT EXISTS (SELECT 1 FROM {_RECEIPT} WHERE key_hash = %s)",  # noqa: S608
        lambda now, key_hash: [key_hash],
    ),
    Rule(
        SkipReason.OPTED_OUT,
        lambda invitation, channel, now: _opted_out(invitation),
        lambda invitation, survey, channel: (
            f"{invitation}.opted_out_at IS NULL "  # noqa: S608 - model tables
            f"AND NOT EXISTS (SELECT 1 FROM {_DRAFT} WHERE key_hash = %s AND opted_out = %s)"
        ),
        lambda now, key_hash: [key_hash, True],
    ),
    Rule(
        SkipReason.CLOSED,
        lambda invitation, channel, now: invitation.survey.is_closed(now),
        lambda invitation, survey, channel: f"NOT {closed_sql(survey)}",
        lambda now, key_hash: closed_params(now),
    ),
    Rule(
        SkipReason.UNDELIVERABLE,
        lambda invitation, channel, now: getattr(invitation, undeliverable_field(channel)),
        lambda invitation, survey, channel: f"{invitation}.{undeliverable_field(channel)} = %s",
        lambda now, key_hash: [False],
    ),
    Rule(
        SkipReason.NO_CONTACT,
        lambda invitation, channel, now: not getattr(invitation, contact_field(channel)),
        lambda invitation, survey, channel: f"NOT ({invitation}.{contact_field(channel)} = %s)",
        lambda now, key_hash: [""],
    ),
)


def never_send_reason(invitation: Invitation, channel: str, now: datetime) -> str:
    """The first rule that forbids sending on `channel` now, or "" if none does."""
    for rule in RULES:
        if rule.applies(invitation, channel, now):
            return rule.reason
    return ""


def sendable_sql(channel: str, invitation: str = Invitation._meta.db_table, survey: str = Survey._meta.db_table) -> str:
    """Every rule as SQL: true while a message on `channel` may be sent (parameters: sendable_params)."""
    return "\n      AND ".join(rule.sendable_sql(invitation, survey, channel) for rule in RULES)


def sendable_params(now: Any, key_hash: str) -> list:
    """The parameters of sendable_sql: `now` as the database adapts it, the invitation's key hash."""
    return [param for rule in RULES for param in rule.params(now, key_hash)]
