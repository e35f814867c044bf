import io

from django.core.management import call_command

from register.demo import history_insatser
from register.models import Insats, Provider


def dump() -> list:
    return list(
        Insats.objects.order_by("customer_id", "start_date").values_list(
            "customer_id", "programme_type__code", "provider__name", "start_date", "end_date", "exit_reason", "gender"
        )
    )


def test_seed_demo_builds_the_demo_year_prints_logins_and_is_idempotent(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = dump()
    assert Provider.objects.count() == 13
    assert len(first) == 239 + len(history_insatser())
    assert Insats.objects.during_year(2023).count() == 239
    logins = [line for line in out.getvalue().splitlines() if line.startswith("login: ")]
    assert len(logins) == 3
    assert any(line.startswith("login: kvalitetsutvecklare: ") for line in logins)
    call_command("seed_demo", stdout=io.StringIO())
    assert dump() == first


def test_demo_year_matches_the_2023_report_totals(db):
    call_command("seed_demo", stdout=io.StringIO())
    year = Insats.objects.during_year(2023)
    assert year.count() == 239
    assert year.values("customer_id").distinct().count() == 219
    assert year.filter(gender="kvinna").values("customer_id").distinct().count() == 110
    assert year.filter(end_date__isnull=True).count() == 78
    closed = year.filter(end_date__year=2023)
    assert closed.count() == 161
    assert closed.filter(exit_reason__in=["arbete", "studier", "eget_foretag"]).count() == 60
