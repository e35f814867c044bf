"""Benchmark of the providers' quality reports for a round of 300 providers.

Run: .venv/bin/python benchmarks/bench_quality_reports.py [--providers 300] [--database-url postgres://...]

Set-up: a throw-away database (SQLite in a temporary directory by default; with
--database-url, that PostgreSQL database, which must be empty and is left with the
data), 300 providers with 3 programmes each in 2023, a round with two focus
questions; a third of the reports approved with every answer given, a third
drafts with half the steps, a third not started. Everything is written through the
services, so the history is as large as real use makes it.

Timed through Django's test client, in process (no network), DEBUG off:
  overview   the quality developer's overview of the round (GET)
  xlsx       the download of every report as Excel (GET, builds the workbook)
  step save  a provider saving step C of its report (POST, version check, history, redirect)
Each case runs three times; the median is checked against its target. Beside each
run, in the same process, a bare Django view rendering a static template
(benchmarks/survey_app) is timed the same way, so a slow machine shows in both.
Writes benchmarks/results/quality_reports.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results" / "quality_reports.md"
RUNS = 3
TARGETS = {"overview": 0.300, "xlsx": 10.0, "step save": 0.100}


def configure(database_url: str | None) -> None:
    tmp = tempfile.mkdtemp(prefix="bench-quality-")
    os.environ["VAR_DIR"] = tmp
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DEBUG"] = "false"
    os.environ["STATIC_MANIFEST"] = "false"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.survey_app.settings"
    import django

    django.setup()


def build(n_providers: int):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from kvalitetsrapport import services
    from kvalitetsrapport.models import QualityReport
    from register.models import Insats, ProgrammeType, Provider, ProviderMembership
    from tests.conftest import make_actors
    from tests.kvalitetsrapport.factories import complete, complete_step_data

    actors = make_actors()
    programmes = list(ProgrammeType.objects.order_by("code"))
    providers = [Provider.objects.create(name=f"Anordnare {i:03d} AB") for i in range(n_providers)]
    Insats.objects.bulk_create(
        Insats(
            customer_id=f"K{i:03d}-{j}",
            programme_type=programmes[(i + j) % len(programmes)],
            provider=provider,
            start_date=dt.date(2023, 1 + j, 1),
        )
        for i, provider in enumerate(providers)
        for j in range(3)
    )
    ProviderMembership.objects.filter(user=actors.member_a).update(provider=providers[0])
    report_round = services.create_round(
        2023, dt.date(2024, 1, 15), dt.date(2024, 3, 31), user=actors.quality_developer
    )
    services.add_focus_question(report_round, "Hur arbetar ni med studievägledning?", True)
    services.add_focus_question(report_round, "Hur arbetar ni med tolk?", False)
    services.open_round(report_round, user=actors.quality_developer)
    reports = list(QualityReport.objects.filter(round=report_round).select_related("round", "provider"))
    for index, report in enumerate(reports):
        if index % 3 == 0:
            complete(report)
            services.submit_report(report)
            services.approve_report(report, user=actors.quality_developer)
        elif index % 3 == 1:
            for step, data in list(complete_step_data(report).items())[:4]:
                services.save_step(report, step, data, 0)
    return actors, report_round, reports


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--providers", type=int, default=300)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    configure(args.database_url)

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from kvalitetsrapport.models import QualityReport, StepAnswer

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    started = time.perf_counter()
    actors, report_round, reports = build(args.providers)
    build_seconds = time.perf_counter() - started

    qd, provider = Client(), Client()
    qd.force_login(actors.quality_developer)
    provider.force_login(actors.member_a)
    own = QualityReport.objects.get(round=report_round, provider__memberships__user=actors.member_a)
    step_url = f"/kvalitetsrapport/rapport/{own.pk}/steg/c/"
    provider.get(step_url)  # warm the templates

    def bare() -> None:
        assert qd.get("/bench/bare/").status_code == 200

    def overview() -> None:
        response = qd.get(f"/kvalitetsrapport/omgang/{report_round.year}/")
        assert response.status_code == 200 and response.content.count(b'class="status ') == len(reports)

    def xlsx() -> None:
        response = qd.get(f"/kvalitetsrapport/omgang/{report_round.year}/export.xlsx")
        assert response.status_code == 200 and len(response.content) > 10_000

    counter = iter(range(1_000_000))

    def step_save() -> None:
        current = StepAnswer.objects.filter(report=own, step="c").values_list("version", flat=True).first() or 0
        n = next(counter)
        data = {"c-version": str(current), "c-working_method": f"Metod, version {n}", "c-employer_contacts": str(n)}
        start = time.perf_counter()
        response = provider.post(step_url, {**data, "action": "save"})
        elapsed = time.perf_counter() - start
        assert response.status_code == 302, response.status_code
        step_save.last = elapsed  # type: ignore[attr-defined]

    cases = {"overview": overview, "xlsx": xlsx, "step save": step_save}
    for fn in [bare, *cases.values()]:  # one warm-up each
        fn()
    rows = []
    for name, fn in cases.items():
        times, bares = [], []
        for _ in range(RUNS):
            bares.append(timed(bare))
            if fn is step_save:
                step_save()
                times.append(step_save.last)  # type: ignore[attr-defined]
            else:
                times.append(timed(fn))
        rows.append((name, statistics.median(times), times, statistics.median(bares)))

    vendor = connection.vendor
    n_history = sum(r.history.count() for r in reports[:30]) * len(reports) // 30
    lines = [
        f"# Quality-report benchmark ({args.providers} providers)",
        "",
        f"Generated by `benchmarks/bench_quality_reports.py` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        f"Machine: nproc {os.cpu_count()}, {platform.machine()}, Python {platform.python_version()}; "
        f"database: {vendor}; DEBUG off; Django test client in process (no network). "
        f"A round of {len(reports)} providers: a third approved (every answer), a third drafts (4 of 7 steps), "
        f"a third not started; about {n_history} history rows. Set-up took {build_seconds:.0f} s.",
        "",
        f"Each case runs {RUNS} times; the median is checked against the target. Before each run the bare view "
        "(a static template, benchmarks/survey_app) is timed in the same process.",
        "",
        "| case | median (s) | runs (s) | target | result | bare view, median (s) | case / bare |",
        "|---|---:|---|---|---|---:|---:|",
    ]
    for name, median, times, bare_median in rows:
        target = TARGETS[name]
        result = "met" if median < target else "NOT met"
        runs = ", ".join(f"{t:.3f}" for t in times)
        ratio = median / bare_median
        lines.append(
            f"| {name} | {median:.3f} | {runs} | < {target:g} s | {result} | {bare_median:.4f} | {ratio:.0f}× |"
        )
    lines += [
        "",
        "- overview: the quality developer's page for the round, with status, last activity and the number of "
        "missing required answers of every report (each report's structure built from a handful of queries "
        "for the whole round).",
        "- xlsx: the download of all reports: overview, one sheet per section, development plans and the "
        "summary per programme type.",
        "- step save: one POST of step C by a provider user: version check, the changed fields into the "
        "history, and the redirect.",
    ]
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
