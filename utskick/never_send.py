"""The never-send rules: when a planned message must not go out, in Python and in SQL, defined once.

Each rule names its skip reason, the test in Python (for the message that could not be
attempted, to say why) and the SQL condition that holds while the rule allows sending (for the
attempt statement in utskick.hot_sql, which checks every rule in the UPDATE that records the
attempt). The rules are checked in order: the first that applies is the reason.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from enkat.models import Invitation, Survey, closed_params, closed_sql
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
    params: Callable[[Any], list]  # its parameters, given `now` as the database adapts it


RULES = (
    Rule(
        SkipReason.ANSWERED,
        lambda invitation, channel, now: invitation.answered_at is not None,
        lambda invitation, survey, channel: f"{invitation}.answered_at IS NULL",
        lambda now: [],
    ),
    Rule(
        SkipReason.OPTED_OUT,
        lambda invitation, channel, now: invitation.opted_out_at is not None,
        lambda invitation, survey, channel: f"{invitation}.opted_out_at IS NULL",
        lambda now: [],
    ),
    Rule(
        SkipReason.CLOSED,
        lambda invitation, channel, now: invitation.survey.is_closed(now),
        lambda invitation, survey, channel: f"NOT {closed_sql(survey)}",
        closed_params,
    ),
    Rule(
        SkipReason.UNDELIVERABLE,
        lambda invitation, channel, now: getattr(invitation, undeliverable_field(channel)),
        lambda invitation, survey, channel: f"{invitation}.{undeliverable_field(channel)} = %s",
        lambda now: [False],
    ),
    Rule(
        SkipReason.NO_CONTACT,
        lambda invitation, channel, now: not getattr(invitation, contact_field(channel)),
        lambda invitation, survey, channel: f"NOT ({invitation}.{contact_field(channel)} = %s)",
        lambda now: [""],
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


def sendable_params(now: Any) -> list:
    return [param for rule in RULES for param in rule.params(now)]
