"""Migration enkat.0008: the old receipts, drafts and times become keyed rows; the times are gone."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from enkat import receipts
from enkat.models import Draft, Invitation, Receipt, Response

BEFORE = [("enkat", "0007_merge_import_batches_and_text_versions")]
AT = datetime(2024, 3, 1, 10, tzinfo=UTC)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_receipts_and_drafts_move_to_keyed_rows_and_the_times_are_dropped():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    survey = old.get_model("enkat", "Survey").objects.create(
        name="Gammal",
        slug="gammal",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 6, 30),
        opens_at=AT,
        closes_at=datetime(2024, 6, 30, tzinfo=UTC),
        state="open",
    )
    invitations = old.get_model("enkat", "Invitation").objects
    made = {
        name: invitations.create(survey=survey, customer_id=name, token_nonce=f"n-{name}", token_hash=f"h-{name}")
        for name in ("answered", "drafting", "opened", "untouched")
    }
    old.get_model("enkat", "Submission").objects.create(invitation=made["answered"])
    invitations.filter(pk=made["answered"].pk).update(answered_at=AT, first_opened_at=AT, started_at=AT)
    invitations.filter(pk=made["drafting"].pk).update(
        draft_answers={"q1": 4}, draft_comment="hej", draft_page=2, first_opened_at=AT, started_at=AT
    )
    invitations.filter(pk=made["opened"].pk).update(first_opened_at=AT)
    old.get_model("enkat", "Response").objects.create(survey=survey, answers={"q1": 5}, submitted_on=date(2024, 3, 1))

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    def key(name: str) -> str:
        return receipts.key_hash(f"h-{name}")

    assert list(Receipt.objects.values_list("key_hash", flat=True)) == [key("answered")]
    drafts = {d.key_hash: d for d in Draft.objects.all()}
    assert set(drafts) == {key("drafting"), key("opened")}
    drafting = drafts[key("drafting")]
    assert (drafting.answers, drafting.comment, drafting.page, drafting.started) == ({"q1": 4}, "hej", 2, True)
    assert not drafts[key("opened")].started and drafts[key("opened")].answers == {}
    assert receipts.answered_invitation_ids(survey.pk) == {made["answered"].pk}
    assert Invitation.objects.filter(survey_id=survey.pk).count() == 4
    assert Response.objects.get(survey_id=survey.pk).answers == {"q1": 5}
    columns = {c.name for c in connection.introspection.get_table_description(connection.cursor(), "enkat_invitation")}
    assert not columns & {"answered_at", "first_opened_at", "started_at", "draft_answers"}
