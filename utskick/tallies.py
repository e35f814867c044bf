"""A survey's invitations as counts: written just before the invitations are erased, read after.

When the contact details are erased after a survey (`utskick.purge`), the invitations go
too (customer ids, token hashes, snapshots, their messages), and with them the survey's keyed
drafts and receipts: the tallies are counted from those first, with the key
(`enkat.receipts`), because afterwards nothing can tell which invitation answered. What stays are
the counts the response-rate tables need, and nothing finer:

- per wave and channel (`WaveTally`): the figures of the sending page's step table, with
  the answers counted at the wave they followed;
- per group (`GroupTally`): invited, opened, started, answered, opted out, contact and
  undeliverable counts, for the whole survey and per provider, one dimension at a time.

The pages and the analysis read the same figures from these as they did from the
invitations (tests/utskick/test_invitation_tallies.py compares them).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from enkat.models import Invitation, Survey
from enkat.receipts import survey_progress
from register.dimensions import SNAPSHOT_FIELDS
from utskick.models import GroupTally, Message, WaveTally

# The survey overview's counts (enkat.overview), then the sending tables' own.
OVERVIEW_COUNTS = (
    "invited",
    "opened",
    "started",
    "answered",
    "opted_out",
    "with_mobile",
    "with_email",
    "no_contact",
    "mobile_undeliverable",
    "email_undeliverable",
)
COUNTS = (*OVERVIEW_COUNTS, "unreached", "undeliverable")
DIMENSIONS = (GroupTally.TOTAL, *SNAPSHOT_FIELDS, GroupTally.FIRST_CHANNEL, GroupTally.CONTACT_CHANNEL)


def erased(survey: Survey) -> bool:
    """The survey's invitations have been erased and its figures come from the tallies."""
    return GroupTally.objects.filter(survey=survey, per_provider=False, dimension=GroupTally.TOTAL).exists()


def contact_channel(has_mobile: bool, has_email: bool) -> str | None:
    """The channel the contact details offer: the analysis's "channel"."""
    return "sms" if has_mobile else ("email" if has_email else None)


def undeliverable(has_mobile: bool, has_email: bool, mobile_bad: bool, email_bad: bool) -> bool:
    """Never arrived: some channel bounced and no known channel worked (the analysis's definition)."""
    if not (mobile_bad or email_bad):
        return False
    delivered = (has_mobile and not mobile_bad) or (has_email and not email_bad)
    return not delivered


@transaction.atomic
def write_tallies(survey: Survey) -> None:
    """Count the survey's invitations (test links left out) into its tallies, replacing any."""
    from utskick.stats import live_step_rows

    WaveTally.objects.filter(survey=survey).delete()
    GroupTally.objects.filter(survey=survey).delete()
    WaveTally.objects.bulk_create(
        WaveTally(
            survey=survey,
            channel=row.channel,
            step=row.step,
            day_offset=row.day_offset,
            planned=row.planned,
            sent=row.sent,
            delivered=row.delivered,
            failed=row.failed,
            uncertain=row.uncertain,
            not_sent=row.not_sent,
            opted_out=row.opted_out,
            answered=row.answered,
        )
        for row in live_step_rows(survey)
    )
    progress = survey_progress(survey.pk)
    first_channel = dict(
        Message.objects.filter(survey=survey, step=0).values_list("invitation_id", "channel").order_by()
    )
    reached = set(Message.objects.filter(survey=survey, sent_at__isnull=False).values_list("invitation_id", flat=True))
    counts: dict[tuple[bool, str, str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    invitations = Invitation.objects.filter(survey=survey).values_list(
        "pk",
        *SNAPSHOT_FIELDS,
        "mobile",
        "email",
        "mobile_undeliverable",
        "email_undeliverable",
    )
    width = len(SNAPSHOT_FIELDS)
    for pk, *rest in invitations.iterator():
        snapshot = dict(zip(SNAPSHOT_FIELDS, rest[:width], strict=True))
        mobile, email, mobile_bad, email_bad = rest[width:]
        flags = {
            "invited": True,
            "opened": pk in progress.opened,
            "started": pk in progress.started,
            "answered": pk in progress.answered,
            "opted_out": pk in progress.opted_out,
            "with_mobile": bool(mobile),
            "with_email": bool(email),
            "no_contact": not mobile and not email,
            "mobile_undeliverable": mobile_bad,
            "email_undeliverable": email_bad,
            "unreached": pk not in reached and (mobile_bad or email_bad),
            "undeliverable": undeliverable(bool(mobile), bool(email), mobile_bad, email_bad),
        }
        values = {
            GroupTally.TOTAL: "",
            **snapshot,
            GroupTally.FIRST_CHANNEL: first_channel.get(pk) or "",
            GroupTally.CONTACT_CHANNEL: contact_channel(bool(mobile), bool(email)) or "",
        }
        for per_provider, provider in ((False, ""), (True, snapshot["provider_name"])):
            for dimension in DIMENSIONS:
                bucket = counts[(per_provider, provider, dimension, values[dimension])]
                for name, flag in flags.items():
                    bucket[name] += int(bool(flag))
    GroupTally.objects.bulk_create(
        (
            GroupTally(
                survey=survey, per_provider=per_provider, provider_name=provider, dimension=dimension, value=value, **c
            )
            for (per_provider, provider, dimension, value), c in counts.items()
        ),
        batch_size=500,
    )


def tallies(survey: Survey, dimension: str, provider_name: str | None = None) -> list[GroupTally]:
    """The survey's tallies of one dimension, for the whole survey or one provider's customers."""
    scope = {"per_provider": False} if provider_name is None else {"per_provider": True, "provider_name": provider_name}
    return sorted(GroupTally.objects.filter(survey=survey, dimension=dimension, **scope), key=lambda t: t.value)
