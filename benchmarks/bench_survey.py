"""Benchmark of the customer's survey flow in a production set-up.

Run: .venv/bin/python benchmarks/bench_survey.py [--rounds N] [--concurrency C]

Set-up: gunicorn with 3 sync workers (README's production command; --workers, and --worker-class
gthread --threads N, to compare) and PostgreSQL (a dedicated database,
bench_survey, dropped and created on every run), DEBUG off, the product's own
middleware, sessions in the database. 50 concurrent customers (threads), each
opening a personal link and submitting every page to the end: open link (302),
resume (302), then GET and POST for each of the 4 pages, then the thank-you page,
11 requests per survey. Each customer does this --rounds times with new links.

In the same run, the same number of concurrent clients request a bare Django view
that renders a static template (benchmarks/survey_app, not part of the product),
as many requests as the survey phase made.

Writes benchmarks/results/survey.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "bench_survey"
PG = "postgres://postgres@127.0.0.1:5432"
PORT = 8765
ENV = {
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "SECRET_KEY": "bench-secret-key-" + "x" * 40,
    "DEBUG": "false",
    "STATIC_MANIFEST": "false",
    "WHITENOISE_USE_FINDERS": "true",
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "benchmarks.survey_app.settings",
    "DB_CONN_MAX_AGE": "60",  # persistent connections, as in production (the default, stated here)
}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FIELD = re.compile(r'name="(q-[\w-]+)" value="1"')

# What the figures rest on; kept with the script so the results file always carries it.
NOTES = [
    "How the survey pages are made fast (enkat/visits.py, enkat/public_render.py):",
    "",
    "- A page view reads the invitation, its survey and the keyed receipt and draft in one hand-written",
    "  query, prepared once per",
    "  database connection: Django binds parameters on the client, so PostgreSQL planned the join again",
    "  on every request, and planning took four times as long as running it.",
    "- A page save needs no read: the session cookie (signed) names the survey, the page's questions are",
    "  kept per process, and one upsert merges the answers into the keyed draft inside the database, only",
    "  if there is no receipt, the page is not ahead of the draft and the survey is open (its row",
    "  read FOR SHARE, so a close waits for the save). Otherwise the view reads the invitation and",
    "  shows what it would have shown for that state.",
    "- The final submit on PostgreSQL is one statement: insert the keyed receipt (unique; only if the",
    "  draft is as read), delete the draft and insert the response. The invitation is only read.",
    "- Question pages are rendered once per survey, language and page, with markers for the CSRF token,",
    "  the checked options and the comment; each request fills those in (a test checks the result is",
    "  byte for byte the template's). The thank-you page needs no read at all.",
    "- The session cookie is signed again only when it changes or every five minutes, not on every page.",
    "",
]


def create_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def seed(n_invitations: int) -> list[str]:
    os.environ.update(ENV)
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from enkat.models import Invitation, Question, Survey, SurveyQuestion, SurveyText
    from enkat.tokens import new_token_pair

    call_command("migrate", verbosity=0)
    now = timezone.now()
    survey = Survey.objects.create(
        name="Bench",
        slug="bench",
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2023, 12, 31),
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        languages=["sv", "en", "ar"],
        state=Survey.State.OPEN,
    )
    for position, question in enumerate(Question.objects.filter(code__in=[f"q{i}" for i in range(1, 12)]), 1):
        SurveyQuestion.objects.create(survey=survey, question=question, position=position)
    SurveyText.objects.create(survey=survey, language="sv", intro="Hej", thanks="Tack")
    tokens, invitations = [], []
    for i in range(n_invitations):
        nonce, token, token_hash = new_token_pair()
        tokens.append(token)
        invitations.append(
            Invitation(survey=survey, customer_id=f"B{i:05d}", token_nonce=nonce, token_hash=token_hash, language="sv")
        )
    Invitation.objects.bulk_create(invitations)
    from django.db import connections

    connections.close_all()
    return tokens


class Client:
    """One customer's browser: cookies, and a connection to the server."""

    def __init__(self, timings: list[float]) -> None:
        self.cookies: dict[str, str] = {}
        self.timings = timings
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict, str]:
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read().decode()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read().decode()
        self.timings.append(time.perf_counter() - start)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), data

    def get_following(self, path: str) -> tuple[int, str, str]:
        status, headers, data = self.request("GET", path)
        while status in (301, 302, 303):
            path = headers["Location"]
            status, headers, data = self.request("GET", path)
        return status, path, data


def answer_survey(token: str, timings: list[float], rng: random.Random) -> bool:
    from urllib.parse import urlencode

    client = Client(timings)
    status, path, html = client.get_following(f"/s/{token}/")
    for _ in range(10):
        if path.endswith("/s/tack/"):
            return status == 200 and "Tack" in html
        if status != 200 or "/s/steg/" not in path:
            return False
        fields = {name: str(rng.randint(1, 5)) for name in dict.fromkeys(FIELD.findall(html))}
        fields["csrfmiddlewaretoken"] = CSRF.search(html).group(1)
        fields["direction"] = "next"
        if 'name="comment"' in html:
            fields["comment"] = "Bra stöd."
        status, headers, _ = client.request("POST", path, urlencode(fields))
        if status != 302:
            return False
        status, path, html = client.get_following(headers["Location"])
    return False


def run_threads(concurrency: int, work) -> float:
    threads = [threading.Thread(target=work, args=(i,)) for i in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


@dataclass
class Phase:
    name: str
    seconds: float
    timings: list[float]
    completed: int = 0
    failed: int = 0

    @property
    def rps(self) -> float:
        return len(self.timings) / self.seconds


def survey_phase(args: argparse.Namespace, queue, queue_lock: threading.Lock) -> Phase:
    """args.concurrency customers, each answering args.rounds surveys with new links."""
    timings: list[list[float]] = [[] for _ in range(args.concurrency)]
    completed = [0] * args.concurrency
    failed = [0] * args.concurrency

    def customer(i: int) -> None:
        rng = random.Random(i)
        for _ in range(args.rounds):
            with queue_lock:
                token = next(queue)
            if answer_survey(token, timings[i], rng):
                completed[i] += 1
            else:
                failed[i] += 1

    seconds = run_threads(args.concurrency, customer)
    return Phase("survey", seconds, [t for ts in timings for t in ts], sum(completed), sum(failed))


def bare_phase(args: argparse.Namespace, per_client: int) -> Phase:
    """The same number of concurrent clients, the same number of requests, to the bare view."""
    timings: list[list[float]] = [[] for _ in range(args.concurrency)]

    def bare_client(i: int) -> None:
        client = Client(timings[i])
        for _ in range(per_client):
            client.request("GET", "/bench/bare/")

    seconds = run_threads(args.concurrency, bare_client)
    return Phase("bare", seconds, [t for ts in timings for t in ts])


def _row(label: str, phase_list: list[Phase]) -> str:
    timings = [t for phase in phase_list for t in phase.timings]
    seconds = sum(phase.seconds for phase in phase_list)
    return (
        f"| {label} | {len(timings)} | {seconds:.1f} s | {len(timings) / seconds:.0f} | "
        f"{statistics.median(timings) * 1000:.0f} ms | {percentile(timings, 0.99) * 1000:.0f} ms |"
    )


def report(args: argparse.Namespace, runs: list[Phase]) -> list[str]:
    surveys = [phase for phase in runs if phase.name == "survey"]
    bares = [phase for phase in runs if phase.name == "bare"]
    ratios = [s.rps / b.rps for s, b in zip(surveys, bares, strict=True)]
    ratio = statistics.median(ratios)
    survey_timings = [t for phase in surveys for t in phase.timings]
    p99 = percentile(survey_timings, 0.99) * 1000
    completed = sum(phase.completed for phase in surveys)
    seconds = sum(phase.seconds for phase in surveys)
    worker = f"{args.workers} {args.worker_class} workers" + (
        f" with {args.threads} threads each" if args.worker_class == "gthread" else ""
    )
    per_run = ", ".join(
        f"{s.rps:.0f} vs {b.rps:.0f} req/s ({r:.0%})" for s, b, r in zip(surveys, bares, ratios, strict=True)
    )
    return [
        "# Survey flow benchmark",
        "",
        f"Run {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} with `benchmarks/bench_survey.py --rounds {args.rounds} "
        f"--repeat {args.repeat} --concurrency {args.concurrency}` on {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}.",
        "",
        f"Set-up: gunicorn, {worker}; PostgreSQL on the same machine, persistent connections; DEBUG off; "
        "the product's full middleware; the survey's session is a signed cookie, every POST is a committed "
        "transaction; the client (Python threads) runs on the same machine and competes for the same CPUs. "
        f"The survey phase and the bare phase alternate, {args.repeat} times each, so both see the same machine.",
        "",
        "| | requests | wall time | req/s | median | p99 |",
        "|---|---:|---:|---:|---:|---:|",
        _row(f"survey flow ({args.concurrency} concurrent customers)", surveys),
        _row(f"bare view, static template ({args.concurrency} concurrent clients)", bares),
        "",
        f"- Completed surveys: {completed} ({sum(p.failed for p in surveys)} failed), "
        f"{completed / seconds:.1f} completed surveys per second.",
        f"- Each pair of phases (survey vs bare): {per_run}.",
        f"- Survey flow reaches {ratio:.0%} of the bare view's requests per second (median of the pairs; "
        f"target ≥ 50 %): {'met' if ratio >= 0.5 else 'NOT met'}.",
        f"- p99 latency of the survey flow: {p99:.0f} ms (target < 150 ms): {'met' if p99 < 150 else 'NOT met'}.",
        "",
        "Each survey is 11 requests: open link, resume, GET+POST for each of 4 pages, thank-you page.",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=4, help="surveys per customer in each phase")
    parser.add_argument("--repeat", type=int, default=3, help="survey and bare phases, alternated")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3, as README)")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (sync, as README)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker, for gthread")
    args = parser.parse_args()
    create_database()
    warmup = 4
    tokens = seed(args.concurrency * args.rounds * args.repeat + warmup)
    env = {**os.environ, **ENV}
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers",
            str(args.workers),
            "--worker-class",
            args.worker_class,
            # gunicorn runs a "sync" worker with more than one thread as gthread: threads only for gthread.
            "--threads",
            str(args.threads if args.worker_class == "gthread" else 1),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "--chdir",
            str(ROOT),
            "benchmarks.survey_app.wsgi:application",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/bench/bare/")
                break
            except OSError:
                time.sleep(0.2)
        rng = random.Random(1)
        for token in tokens[:warmup]:  # warm both workers (imports, caches, connections)
            answer_survey(token, [], rng)
        for _ in range(20):
            Client([]).request("GET", "/bench/bare/")

        queue = iter(tokens[warmup:])
        queue_lock = threading.Lock()
        runs = []
        for _ in range(args.repeat):  # alternate the two phases, so both see the same machine
            runs.append(survey_phase(args, queue, queue_lock))
            runs.append(bare_phase(args, len(runs[-1].timings) // args.concurrency))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    lines = report(args, runs)
    lines += NOTES
    out = ROOT / "benchmarks" / "results" / "survey.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
