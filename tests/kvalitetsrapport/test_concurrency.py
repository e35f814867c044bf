"""Real concurrent saves on PostgreSQL: of two saves from the same version, exactly one wins."""

from datetime import date

import pytest

from kvalitetsrapport import mailing, services
from kvalitetsrapport.models import QualityReport, StepAnswer
from tests.enkat.concurrency import run_together
from tests.kvalitetsrapport.factories import insats, open_round

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def report(actors):
    from register.models import ProgrammeType

    ProgrammeType.objects.get_or_create(code="sai", defaults={"name": "SAI"})
    insats(actors.provider_a, start=date(2023, 3, 1))
    return QualityReport.objects.get(round=open_round(actors.provider_a), provider=actors.provider_a)


@pytest.mark.parametrize("saved_before", [False, True])
def test_two_saves_of_the_same_version_at_once_keep_exactly_one(actors, report, saved_before):
    version = 0
    if saved_before:
        services.save_step(report, "c", {"working_method": "Start"}, 0)
        version = 1

    def save(i: int) -> str:
        services.save_step(QualityReport.objects.get(pk=report.pk), "c", {"working_method": f"Version {i}"}, version)
        return "saved"

    outcomes = run_together(4, save)
    assert sorted(outcomes) == ["VersionConflict"] * 3 + ["saved"]
    answer = StepAnswer.objects.get(report=report, step="c")
    assert answer.version == version + 1 and answer.data["working_method"].startswith("Version ")


def test_two_workers_claiming_at_once_never_take_the_same_email(actors, report, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for i in range(20):
        services.add_contact(actors.provider_a, f"Kontakt {i}", f"k{i}@a.example")
    from django.utils import timezone

    mailing.queue(report, "opened", timezone.now())
    claimed: list[list[int]] = []

    def claim(i: int) -> str:
        rows = mailing.claim(timezone.now())
        claimed.append([row.pk for row in rows])
        return "ok"

    run_together(2, claim)
    first, second = claimed
    assert not set(first) & set(second)
    assert len(first) + len(second) == 20
