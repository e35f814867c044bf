"""Erasing the invitations keeps the response-rate figures: every table reads the same before and after."""

import random
from dataclasses import asdict
from datetime import timedelta

import pytest

from analys.loading import AnalysisOptions, run_analysis
from enkat import receipts
from enkat.models import Draft, Invitation, Receipt, Response
from enkat.overview import survey_overview
from register.models import Provider
from tests.factories import analysed_survey, make_invitations, make_responses, mark_answered
from utskick import purge, stats, tallies
from utskick.models import Channel, GroupTally, Message, MessageStatus, WaveTally

pytestmark = pytest.mark.django_db

FIELDS = ["channel", "gender", "age_group", "programme", "provider_name", "status", "language"]
OPTIONS = AnalysisOptions(
    dims=("gender", "age_group", "programme", "provider", "status", "language", "provider*gender"),
    bootstrap=0,
    weighted=True,
)


def _sent_survey():
    """A closed survey: 219 invited, messages in waves on both channels, 72 answered after various waves."""
    survey = analysed_survey("raknad", min_n=3)
    make_invitations(survey, n=219)
    make_responses(survey, n=72)
    rng = random.Random(11)
    invitations = list(Invitation.objects.filter(survey=survey).order_by("customer_id"))
    messages = []
    for invitation in invitations:
        channel = Channel.SMS if invitation.mobile else Channel.EMAIL
        sent_steps = rng.randint(1, 3)
        for step in range(3):
            sent = step < sent_steps
            at = survey.opens_at + timedelta(days=3 * step)
            messages.append(
                Message(
                    invitation=invitation,
                    survey=survey,
                    step=step,
                    channel=channel if step != 2 else Channel.EMAIL,
                    day_offset=3 * step,
                    due_at=at,
                    sent_at=at if sent else None,
                    status=rng.choice([MessageStatus.DELIVERED, MessageStatus.SENT, MessageStatus.FAILED])
                    if sent
                    else MessageStatus.SKIPPED,
                )
            )
    Message.objects.bulk_create(messages)
    # No answer time is stored: an answer follows the last wave sent to its invitation.
    mark_answered(*rng.sample(invitations, 72))
    for invitation in rng.sample(invitations, 40):
        # Opened (and half of them started) on the survey's page: the keyed draft, as the visits write it.
        key = receipts.key_hash(invitation.token_hash)
        Draft.objects.create(key_hash=key, survey=survey, started=rng.random() < 0.5)
    for invitation in rng.sample(invitations, 9):
        Invitation.objects.filter(pk=invitation.pk).update(opted_out_at=survey.opens_at + timedelta(days=4))
    return survey


def _figures(survey):
    providers = [Provider.objects.get_or_create(name=name)[0] for name in ("Anordnare A", "Anordnare B")]
    return {
        "steps": [asdict(row) for row in stats.step_rows(survey)],
        "groups": {field: [asdict(row) for row in stats.group_rows(survey, field)] for field in FIELDS},
        "overview": survey_overview(survey),
        "analysis": run_analysis(survey, OPTIONS, use_cache=False).to_dict(),
        "providers": [run_analysis(survey, OPTIONS, p, use_cache=False).to_dict() for p in providers],
    }


def test_the_figures_read_the_same_before_and_after_the_invitations_are_erased():
    survey = _sent_survey()
    before = _figures(survey)
    assert before["overview"]["total"].answered == 72 and sum(r["answered"] for r in before["steps"]) == 72
    assert before["analysis"]["response_rates"]["groups"]["provider*gender"]  # the two-way table is there

    count, _contacts = purge.erase_invitations(survey)

    assert count == 219 and tallies.erased(survey)
    assert not Invitation.all_objects.filter(survey=survey).exists()
    assert not Message.objects.filter(survey=survey).exists()
    assert not Receipt.objects.filter(survey=survey).exists() and not Draft.objects.filter(survey=survey).exists()
    assert Response.objects.filter(survey=survey).count() == 72
    after = _figures(survey)
    # Once the invitations are erased, every contact detail is erased on purpose: the page says so.
    assert (after["overview"]["counts"].pop("contacts_erased"), after["overview"]["counts"].pop("no_contact")) == (
        219,
        0,
    )
    before["overview"]["counts"].pop("contacts_erased"), before["overview"]["counts"].pop("no_contact")
    for key in before:
        assert after[key] == before[key], key


def test_the_tallies_hold_counts_per_group_only():
    survey = _sent_survey()
    purge.erase_invitations(survey)
    dimensions = set(GroupTally.objects.filter(survey=survey).values_list("dimension", flat=True))
    assert dimensions == {"total", "channel", "contact", *FIELDS[1:]}
    # Per provider only one dimension at a time: no row names two groups besides the provider.
    for row in GroupTally.objects.filter(survey=survey, per_provider=False):
        assert row.dimension in dimensions and row.invited >= 1
    assert sum(t.answered for t in WaveTally.objects.filter(survey=survey)) == 72
    assert sum(t.invited for t in tallies.tallies(survey, "gender")) == 219
