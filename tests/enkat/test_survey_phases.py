"""The survey's phases: the same cases through the model, the queryset and the SQL fragments."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection

from enkat.models import Survey, accepting_params, accepting_sql, closed_params, closed_sql

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 2, 3, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
Phase = Survey.Phase


@pytest.mark.parametrize(
    ("state", "opens", "closes", "phase"),
    [
        (Survey.State.DRAFT, -HOUR, HOUR, Phase.DRAFT),
        (Survey.State.DRAFT, HOUR, 2 * HOUR, Phase.DRAFT),
        (Survey.State.DRAFT, -2 * HOUR, -HOUR, Phase.CLOSED),
        (Survey.State.OPEN, HOUR, 2 * HOUR, Phase.NOT_YET_OPEN),
        (Survey.State.OPEN, timedelta(0), HOUR, Phase.ACCEPTING),  # opens at this very moment
        (Survey.State.OPEN, -HOUR, HOUR, Phase.ACCEPTING),
        (Survey.State.OPEN, -HOUR, timedelta(0), Phase.CLOSED),  # closes at this very moment
        (Survey.State.OPEN, -2 * HOUR, -HOUR, Phase.CLOSED),
        (Survey.State.CLOSED, -HOUR, HOUR, Phase.CLOSED),
        (Survey.State.CLOSED, HOUR, 2 * HOUR, Phase.CLOSED),
    ],
)
def test_every_form_of_the_phase_rule_agrees(state, opens, closes, phase):
    survey = Survey.objects.create(
        name="Kundenkät",
        slug="kundenkat",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        opens_at=NOW + opens,
        closes_at=NOW + closes,
        state=state,
    )
    accepting, closed = phase == Phase.ACCEPTING, phase == Phase.CLOSED

    assert survey.phase(NOW) == phase
    assert (survey.is_accepting(NOW), survey.is_closed(NOW)) == (accepting, closed)

    assert Survey.objects.accepting(NOW).filter(pk=survey.pk).exists() == accepting
    assert Survey.objects.closed(NOW).filter(pk=survey.pk).exists() == closed
    assert Survey.objects.due_to_close(NOW).filter(pk=survey.pk).exists() == (closed and state == Survey.State.OPEN)
    assert Survey.objects.closed_for_good().filter(pk=survey.pk).exists() == (state == Survey.State.CLOSED)

    now_db = connection.ops.adapt_datetimefield_value(NOW)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {accepting_sql('s')}, {closed_sql('s')} FROM {Survey._meta.db_table} s WHERE s.id = %s",  # noqa: S608
            [*accepting_params(now_db), *closed_params(now_db), survey.pk],
        )
        in_sql = tuple(bool(value) for value in cursor.fetchone())
    assert in_sql == (accepting, closed)
