"""Benchmark of the register statistics at national scale, against a bare pandas baseline.

Run: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_register_stats \
         .venv/bin/python benchmarks/bench_register_stats.py

A register of 2 000 000 insatser across 300 providers and 10 years (2014–2023) is written to
PostgreSQL with COPY (the database is created when missing, and refilled only when it does
not hold exactly this register). Then, each case three times in a fresh process (so its peak
memory is its own), median reported:

  statistics        load year 2023 (one query, read through COPY), compute every figure (the core,
                    the earlier years' trend from the trend cache after the register's
                    fingerprint scan, flags, data quality), write the JSON and the xlsx to files
  statistics_cold   the same, the trend cache emptied first: the first request after a change
                    to the register, which counts the earlier years' trend in the database
  baseline          the same query read into pandas (fetchall), only the per-programme counts
  baseline_copy     the baseline reading the rows through COPY, as the statistics do

interleaved round by round (a shared machine's load falls on every case alike),

and, on a municipality-sized register (300 insatser in a year, 13 providers), the quality
developer's statistics page through the test client (median of 20 renders after one warm-up).

Targets: statistics under 10 s and 3 GB peak, at most 3 × the baseline (each run over its own
round's baseline, median); page under 200 ms.
Writes benchmarks/results/register_stats.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_register_stats"
URL = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
N_INSATSER = 2_000_000
N_PROVIDERS = 300
FIRST_YEAR, LAST_YEAR = 2014, 2023
YEAR = 2023
RUNS = 3
PAGE_RUNS = 20
TARGET_S, TARGET_GB, TARGET_RATIO, TARGET_PAGE_MS = 10.0, 3.0, 3.0, 200.0
# What the latest committed figures say; kept with the script so the results file always carries it.
NOTES = """What the figures say (the latest committed run, 2026-11-27 19:00 UTC, a quiet machine):

- **Time 6.84 s (< 10 s: met), memory 0.48 GB (< 3 GB: met), the page 79 ms (< 200 ms: met).**
- **Ratio 4.93 × the baseline (rounds 4.93, 5.10, 3.70): not met (≤ 3 ×).** The statistics take about
  what they took in the session before (5.82 s, 2.43 ×, on another machine, with a register kept from an
  earlier session), but the baseline, which only reads the rows and counts them, runs faster here
  (1.34–1.68 s against 2.08–2.58 s). Reading is 1.3 s of the statistics' 6.8: the work beyond reading
  is what keeps the ratio above 3.
- Where that goes: the core's figures and the 144 034 flags and 62 431 findings built as one dict each
  (about 3.5 s), writing the 67 MB JSON (1.1 s) and the workbook (0.9 s, openpyxl writing 38 000 cells).
  Next steps: build the flags and findings as columns and stream them to the JSON file; write the
  workbook in openpyxl's write-only mode.
- The **first request after a change to the register** (the import, an edit in the admin) counts the
  earlier years' trend again over all 2 000 000 rows: 17.6–22.9 s, **not met**. Every later request
  reads the trend from the cache (one fingerprint scan of the register, run beside the year) until the
  register changes again. Counting it in the worker after an import would spare the first visitor.
- Peak memory is now each process's own high-water mark (VmHWM). Until this run it was ru_maxrss, which
  Linux carries over an exec from the parent: a run that first filled the register reported the runner's
  0.49 GB for every case.
- Against the figures before the trend cache and the COPY read (29.34 s, 10.20 × under heavy load).
"""


def _peak_kb() -> int:
    """This process's peak resident set. Not ru_maxrss: Linux carries it over an exec from the parent
    before it, so a child of a runner that has just filled the register would report the runner's."""
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("STATIC_MANIFEST", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def fill(n: int, providers: int, seed: int = 2023) -> None:
    """A national-scale register: starts spread over ten years, durations of days to years."""
    import numpy as np
    from django.core.management import call_command
    from django.db import connection

    from register.models import Insats, ProgrammeType, Provider

    call_command("migrate", verbosity=0)
    if Insats.objects.count() == n and Provider.objects.count() >= providers:
        return
    print(f"filling {n} insatser ...", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE register_insats")
    Provider.objects.bulk_create([Provider(name=f"Anordnare {i:03d}") for i in range(providers)], ignore_conflicts=True)
    provider_ids = np.array(sorted(Provider.objects.values_list("pk", flat=True)))[:providers]
    programme_ids = np.array(list(ProgrammeType.objects.order_by("pk").values_list("pk", flat=True)[:3]))
    rng = np.random.default_rng(seed)
    first = dt.date(FIRST_YEAR, 1, 1).toordinal()
    last = dt.date(LAST_YEAR, 12, 31).toordinal()
    start = rng.integers(first, last + 1, n)
    from analys.core.register_stats import EXIT_CODES

    reasons = np.array(EXIT_CODES)
    reason = reasons[rng.choice(9, n, p=[0.25, 0.11, 0.01, 0.05, 0.04, 0.17, 0.13, 0.1, 0.14])]
    # Four customers in five have one insats, the rest two; a second one starts after (or before) the first.
    customers = (np.arange(n) * 0.8).astype(np.int64)
    second = np.flatnonzero(customers[1:] == customers[:-1]) + 1
    later = start[second - 1] + rng.integers(1, 400, len(second))
    start[second] = np.where(later <= last, later, start[second - 1] - (later - start[second - 1]))
    duration = np.minimum(rng.gamma(1.5, 220, n).astype(int), 2500)
    end = start + duration
    # Insatser beyond the register's last day are ongoing; a few earlier ones were never closed.
    open_ = (end > last) | (rng.random(n) < 0.002)
    gender = np.array(["kvinna", "man", ""])[rng.choice(3, n, p=[0.5, 0.495, 0.005])]
    birth = rng.integers(1955, 2006, n).astype(float)
    birth[rng.random(n) < 0.004] = np.nan
    planned = start + duration + rng.integers(-30, 240, n)
    has_plan = open_ & (rng.random(n) < 0.8)
    provider = provider_ids[np.minimum(rng.zipf(1.3, n) - 1, providers - 1)]
    programme = programme_ids[rng.choice(3, n, p=[0.2, 0.5, 0.3])]
    iso = np.vectorize(lambda d: dt.date.fromordinal(int(d)).isoformat(), otypes=[object])
    with connection.cursor() as cursor:
        sql = (
            "COPY register_insats (customer_id, programme_type_id, provider_id, start_date, end_date, exit_reason, "
            "extensions, gender, birth_year, planned_end_date) FROM STDIN"
        )
        step = 200_000
        for offset in range(0, n, step):
            part = slice(offset, offset + step)
            starts, ends, plans = iso(start[part]), iso(end[part]), iso(planned[part])
            with cursor.cursor.copy(sql) as copy:
                for i, j in enumerate(range(offset, min(offset + step, n))):
                    copy.write_row(
                        (
                            f"K{customers[j]:08d}",
                            int(programme[j]),
                            int(provider[j]),
                            starts[i],
                            None if open_[j] else ends[i],
                            "" if open_[j] else reason[j],
                            int(rng.integers(0, 3)) if open_[j] else 0,
                            gender[j],
                            None if np.isnan(birth[j]) else int(birth[j]),
                            plans[i] if has_plan[j] else None,
                        )
                    )
            print(f"  {min(offset + step, n)}", flush=True)
        cursor.execute("ANALYZE register_insats")


def one_run(case: str) -> dict:
    """Runs in its own process: one case, its time and the process's peak memory."""
    setup_django(URL)
    import pandas as pd
    from django.db import connection

    if case == "statistics_cold":
        # The first request after a change to the register: the trend is counted in the database again.
        from analys.models import RegisterTrendCache

        RegisterTrendCache.objects.all().delete()
    started = time.perf_counter()
    if case in ("statistics", "statistics_cold"):
        from analys.register_statistics import statistics_json
        from analys.register_xlsx import statistics_xlsx

        result = statistics_json(YEAR)
        built = time.perf_counter()
        out = Path(tempfile.mkdtemp(prefix="bench-stats-"))
        (out / "s.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        written = time.perf_counter()
        (out / "s.xlsx").write_bytes(statistics_xlsx(result))
        done = time.perf_counter()
        elapsed = done - started
        peak_kb = _peak_kb()
        # Outside the timed case, for the breakdown: the year's rows alone, and the register's summary
        # (the scan that fingerprints the register for the trend cache, run beside the year).
        from analys.register_statistics import load_year
        from analys.register_trend import register_summary

        load_started = time.perf_counter()
        load_year(YEAR)
        summary_started = time.perf_counter()
        register_summary()
        stages = {
            "stage_build": built - started,
            "stage_load": summary_started - load_started,
            "stage_summary": time.perf_counter() - summary_started,
            "stage_json": written - built,
            "stage_xlsx": done - written,
        }
        detail = {
            "insatser": result["totals"]["insatser"],
            "flags": len(result["flags"]),
            "findings": len(result["data_quality"]),
            "json_mb": (out / "s.json").stat().st_size / 1e6,
            "xlsx_mb": (out / "s.xlsx").stat().st_size / 1e6,
            **stages,
        }
        return {"seconds": elapsed, "peak_gb": peak_kb / 1024 / 1024, **detail}
    from analys.core.register_stats import COLUMNS
    from analys.register_statistics import _FIELDS
    from register.models import Insats

    sql, params = Insats.objects.during_year(YEAR).order_by().values_list(*_FIELDS).query.sql_with_params()
    if case == "baseline":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            frame = pd.DataFrame.from_records(cursor.fetchall(), columns=list(COLUMNS))
    else:  # baseline_copy: the same rows read the way the statistics now read them (COPY, pandas' CSV reader)
        from analys.register_statistics import _read_copy

        frame = _read_copy(sql, params)
    counts = frame.groupby("programme").size()
    detail = {"insatser": int(counts.sum())}
    elapsed = time.perf_counter() - started
    peak_kb = _peak_kb()
    return {"seconds": elapsed, "peak_gb": peak_kb / 1024 / 1024, **detail}


CASES = ("statistics_cold", "statistics", "baseline", "baseline_copy")


def run_cases() -> dict[str, list[dict]]:
    """Every case RUNS times, interleaved round by round, so a change in the machine's load falls on all alike."""
    runs: dict[str, list[dict]] = {case: [] for case in CASES}
    for _ in range(RUNS):
        for case in CASES:
            load_before = os.getloadavg()[0]
            output = subprocess.run(
                [sys.executable, __file__, "--one", case], capture_output=True, text=True, check=True, env=os.environ
            ).stdout
            run = json.loads(output.strip().splitlines()[-1])
            run["load"] = (load_before + os.getloadavg()[0]) / 2
            runs[case].append(run)
            print(f"  {case}: {run['seconds']:.2f} s, {run['peak_gb']:.2f} GB, load {run['load']:.1f}", flush=True)
    return runs


def page_timing() -> list[float]:
    """The statistics page for a municipality-sized year, on a throw-away SQLite database."""
    code = f"""
import os, sys, tempfile, time, json
sys.path.insert(0, {str(ROOT)!r})
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench-page-")
os.environ.pop("DATABASE_URL", None)
os.environ["STATIC_MANIFEST"] = "false"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from datetime import date, timedelta
import random
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
settings.ALLOWED_HOSTS = ["testserver"]
call_command("migrate", verbosity=0)
from register.models import Insats, ProgrammeType, Provider
from tests.conftest import make_actors
actors = make_actors()
rng = random.Random(7)
providers = [actors.provider_a, actors.provider_b]
providers += [Provider.objects.create(name=f"Anordnare {{i}}") for i in range(11)]
programmes = list(ProgrammeType.objects.all())
reasons = ["arbete", "studier", "annan_myndighet", "flytt", "sjukdom", "annan_orsak", "byte_anordnare"]
rows = []
for i in range(300):
    start = date(2023, 12, 31) - timedelta(days=rng.randint(0, 900))
    end = start + timedelta(days=rng.randint(0, 700))
    ongoing = end > date(2023, 12, 31) or rng.random() < 0.3
    if end < date(2023, 1, 1):
        end = date(2023, 1, 1) + timedelta(days=rng.randint(0, 360))
    rows.append(Insats(customer_id=f"K{{i % 280}}", programme_type=rng.choice(programmes),
        provider=rng.choice(providers),
        start_date=start, end_date=None if ongoing else end, exit_reason="" if ongoing else rng.choice(reasons),
        gender=rng.choice(["kvinna", "man"]), birth_year=rng.randint(1960, 2004), extensions=rng.randint(0, 2),
        planned_end_date=date(2024, rng.randint(1, 12), 1) if ongoing else None))
Insats.objects.bulk_create(rows)
client = Client()
client.force_login(actors.quality_developer)
url = "/analys/statistik/2023/"
assert client.get(url).status_code == 200
times = []
for _ in range({PAGE_RUNS}):
    t = time.perf_counter()
    response = client.get(url)
    times.append(time.perf_counter() - t)
    assert response.status_code == 200
print(json.dumps({{"times": times, "insatser": Insats.objects.during_year(2023).count()}}))
"""
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    ensure_database(URL)
    setup_django(URL)
    started = time.perf_counter()
    fill(N_INSATSER, N_PROVIDERS)
    print(f"register ready in {time.perf_counter() - started:.0f} s", flush=True)
    runs = run_cases()
    cold, full, base, base_copy = (runs[case] for case in CASES)
    page = page_timing()

    def median(runs: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    seconds, peak = median(full, "seconds"), median(full, "peak_gb")
    cold_seconds, cold_peak = median(cold, "seconds"), median(cold, "peak_gb")
    base_seconds, base_peak = median(base, "seconds"), median(base, "peak_gb")
    copy_seconds = median(base_copy, "seconds")
    # The fair measure on a shared machine: each run's ratio to the baseline of its own round, then the median.
    ratios = [f["seconds"] / b["seconds"] for f, b in zip(full, base, strict=True)]
    cold_ratios = [c["seconds"] / b["seconds"] for c, b in zip(cold, base, strict=True)]
    copy_ratios = [f["seconds"] / b["seconds"] for f, b in zip(full, base_copy, strict=True)]
    ratio, cold_ratio = statistics.median(ratios), statistics.median(cold_ratios)
    page_ms = statistics.median(page["times"]) * 1000
    verdict = {True: "met", False: "NOT met"}
    rows = [
        ("statistics: time (s)", f"{seconds:.2f}", f"< {TARGET_S:g}", verdict[seconds < TARGET_S]),
        ("statistics: peak memory (GB)", f"{peak:.2f}", f"< {TARGET_GB:g}", verdict[peak < TARGET_GB]),
        ("baseline: time (s)", f"{base_seconds:.2f}", "-", "-"),
        ("baseline: peak memory (GB)", f"{base_peak:.2f}", "-", "-"),
        ("statistics / baseline", f"{ratio:.2f} ×", f"≤ {TARGET_RATIO:g} ×", verdict[ratio <= TARGET_RATIO]),
        ("page, 300-insats year (ms)", f"{page_ms:.0f}", f"< {TARGET_PAGE_MS:g}", verdict[page_ms < TARGET_PAGE_MS]),
        (
            "first request after a register change: time (s)",
            f"{cold_seconds:.2f}",
            f"(< {TARGET_S:g})",
            verdict[cold_seconds < TARGET_S],
        ),
        ("first request after a register change: peak memory (GB)", f"{cold_peak:.2f}", f"(< {TARGET_GB:g})", "-"),
        (
            "first request after a register change / baseline",
            f"{cold_ratio:.2f} ×",
            f"(≤ {TARGET_RATIO:g} ×)",
            verdict[cold_ratio <= TARGET_RATIO],
        ),
        ("baseline reading as the statistics do: time (s)", f"{copy_seconds:.2f}", "-", "-"),
        ("statistics / that baseline", f"{statistics.median(copy_ratios):.2f} ×", "-", "-"),
    ]
    loads = [r["load"] for case in CASES for r in runs[case]]
    lines = [
        "# Register statistics benchmark",
        "",
        f"Generated by `benchmarks/bench_register_stats.py` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        f"Machine: nproc {os.cpu_count()}, {platform.machine()}, Python {platform.python_version()}, "
        f"PostgreSQL on 127.0.0.1 (1-minute load average "
        f"{min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores during the runs). Register: {N_INSATSER:,} "
        f"insatser, {N_PROVIDERS} providers, {FIRST_YEAR}–{LAST_YEAR}; year {YEAR} holds {full[0]['insatser']:,} "
        f"of them ({full[0]['flags']:,} flags, {full[0]['findings']:,} data-quality findings; JSON "
        f"{full[0]['json_mb']:.0f} MB, xlsx {full[0]['xlsx_mb']:.1f} MB). Each case ran {RUNS} times in a fresh "
        "process, the cases interleaved round by round; medians. Peak memory is the process's maximum resident "
        "set (Python, Django and the libraries included).",
        "",
        "- **statistics**: `statistics_json(2023)` (one query for the year's rows, read through COPY as CSV and "
        "parsed by pandas' C reader; the core's "
        "figures per programme, provider and both; the earlier years' trend from the trend cache, after one scan "
        "that fingerprints the register; flags; data quality), then the JSON and the xlsx written to files. "
        "This is every request but the first after a change to the register.",
        "- **first request after a register change**: the same with the trend cache emptied first, so the "
        "earlier years' trend is counted in PostgreSQL (on a second connection, beside the year) and kept.",
        "- **baseline**: the same query read into a pandas DataFrame (`fetchall`, `DataFrame.from_records`), "
        "and only the per-programme counts. The ratios are each run's time over the baseline of its own round "
        "(median of the three): the fair measure on a shared machine.",
        "- **baseline reading as the statistics do**: the baseline reading the rows through COPY, like the "
        "statistics; shown so the gain from reading is not mistaken for a gain in the computing.",
        f"- **page**: the quality developer's page for a year of {page['insatser']} insatser at 13 providers "
        f"(SQLite, test client), median of {PAGE_RUNS} renders after a warm-up; the charts are separate requests.",
        "",
        "| measure | value | target | result |",
        "|---|---:|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
        "Where the time goes (statistics, medians, s): building the result "
        f"{median(full, 'stage_build'):.2f} (reading the year's rows alone takes about "
        f"{median(full, 'stage_load'):.2f}, the register's fingerprint scan, run beside it, about "
        f"{median(full, 'stage_summary'):.2f}), writing the JSON {median(full, 'stage_json'):.2f}, "
        f"the xlsx {median(full, 'stage_xlsx'):.2f}. First request after a change: building "
        f"{median(cold, 'stage_build'):.2f}.",
        "",
        "Runs (s / GB / load average):",
        "",
        *[
            f"- {case}: " + ", ".join(f"{r['seconds']:.2f} / {r['peak_gb']:.2f} / {r['load']:.1f}" for r in runs[case])
            for case in CASES
        ],
        "- ratios statistics / baseline per round: " + ", ".join(f"{r:.2f}" for r in ratios),
        "- ratios first request / baseline per round: " + ", ".join(f"{r:.2f}" for r in cold_ratios),
        "",
        NOTES,
    ]
    out = ROOT / "benchmarks" / "results" / "register_stats.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(one_run(sys.argv[2])))
    else:
        main()
