"""Benchmark: invitations through `send_messages` to a local fake Twilio server, on PostgreSQL.

    .venv/bin/python benchmarks/bench_sending.py [--n 100000] [--threads 4] [--baseline-n 20000]
        [--admin-url postgres://postgres@127.0.0.1:5432/postgres]

It creates (and drops first) a dedicated database `bench_sending`, plans N invitations of an
open survey whose sending window is always open, and measures with the rate limit off:
- messages per second for 1 worker with 1 sending thread, and for 1 and 2 workers with
  `--threads` sending threads each (`manage.py send_messages` processes, UTSKICK_SEND_THREADS);
- each worker's peak RSS (from wait4);
- the ceiling: a bare loop of the same HTTP POSTs without our code, against the same fake
  server, on urllib3 (the HTTP stack under the worker's Twilio client), with 1 and with 2
  client processes, measured just before and just after each row so that both see the same
  machine; each row is compared with one bare loop and with as many bare loops as workers;
- once, for comparison: the bare loop on `requests` (the `twilio` library's default stack) and
  the same messages through the `twilio` library alone, configured as the worker configures it
  (`Client(...).messages.create` in a loop, no Django);
- the fake server's CPU use in each phase, to show whether it limits any of the figures.
The fake server runs in its own process. Results go to stdout as Markdown.
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "bench_sending"
ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "fake-auth-token-for-tests"


def serve_fake(port_queue: multiprocessing.Queue, received) -> None:
    from tests.utskick.fake_twilio import FakeTwilio

    server = FakeTwilio()
    # The benchmark does not need the record of every message: keep the server's memory flat,
    # and only count the requests (the server appends under its lock).
    server.state.received = _Count(received)
    port_queue.put(server.server.server_address[1])
    server.server.serve_forever()


class _Count(list):
    def __init__(self, counter) -> None:
        super().__init__()
        self.counter = counter

    def append(self, item) -> None:
        self.counter.value += 1


# What the worker sends: the same form fields in both baselines.
BODY = "Tyck till om stödet från Arbetsbron AB: https://enkat.nacka.se/s/" + "x" * 32 + "/ Inga fler sms?"
STATUS_CALLBACK = "http://localhost:8000/utskick/twilio/status/"


def _form(number: int) -> dict:
    return {
        "To": f"+46709{number:06d}",
        "Body": BODY,
        "From": "Kommunen",
        "ValidityPeriod": "36000",
        "StatusCallback": STATUS_CALLBACK,
    }


def bare_urllib3_loop(base_url: str, n: int, offset: int, result: multiprocessing.Queue) -> None:
    import json
    from urllib.parse import urlencode

    import urllib3

    pool = urllib3.PoolManager(maxsize=1, retries=False)
    url = f"{base_url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    headers = urllib3.make_headers(basic_auth=f"{ACCOUNT_SID}:{AUTH_TOKEN}")
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    for number in range(offset, offset + n):
        response = pool.request("POST", url, body=urlencode(_form(number)), headers=headers, timeout=10)
        if response.status >= 400:
            raise SystemExit(f"the fake server answered {response.status}")
        json.loads(response.data)
    result.put(time.perf_counter() - started)


def bare_requests_loop(base_url: str, n: int, offset: int, result: multiprocessing.Queue) -> None:
    import requests

    session = requests.Session()
    url = f"{base_url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    started = time.perf_counter()
    for number in range(offset, offset + n):
        response = session.post(url, data=_form(number), auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=10)
        response.raise_for_status()
        response.json()
    result.put(time.perf_counter() - started)


def twilio_loop(base_url: str, n: int, offset: int, result: multiprocessing.Queue) -> None:
    import logging

    from twilio.rest import Client

    from utskick.backends.twilio_http import Urllib3HttpClient

    # Configured as utskick.backends.twilio configures it: its urllib3 transport, request log quiet.
    quiet = logging.getLogger("bench.twilio.http")
    quiet.setLevel(logging.WARNING)
    client = Client(ACCOUNT_SID, AUTH_TOKEN, http_client=Urllib3HttpClient(quiet, timeout=10))
    client.api.base_url = base_url
    started = time.perf_counter()
    for number in range(offset, offset + n):
        client.messages.create(
            to=f"+46709{number:06d}",
            body=BODY,
            from_="Kommunen",
            validity_period=36000,
            status_callback=STATUS_CALLBACK,
        )
    result.put(time.perf_counter() - started)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def baseline(loop, base_url: str, n: int, processes: int) -> float:
    result: multiprocessing.Queue = multiprocessing.Queue()
    share = n // processes
    workers = [
        multiprocessing.Process(target=loop, args=(base_url, share, i * share, result)) for i in range(processes)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
        if worker.exitcode != 0:
            raise SystemExit(f"{loop.__name__} failed with {worker.exitcode}")
    elapsed = time.perf_counter() - started
    return share * processes / elapsed


def setup_database(admin_url: str, database_url: str, n: int) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)


def seed(n: int) -> None:
    from datetime import date, timedelta
    from datetime import time as clock

    from django.utils import timezone

    from enkat.models import Invitation, Survey
    from enkat.tokens import new_token_pair
    from utskick import plans

    now = timezone.now()
    survey = Survey.objects.create(
        name="Benchmark",
        slug="bench",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=30),
        state=Survey.State.OPEN,
        languages=["sv"],
    )
    plan = plans.plan_for(survey)
    plan.window_weekdays = list(range(7))
    plan.window_start, plan.window_end = clock(0, 0), clock(23, 59, 59, 999999)
    plan.save()
    batch = []
    for number in range(n):
        nonce, _token, token_hash = new_token_pair()
        batch.append(
            Invitation(
                survey=survey,
                customer_id=f"k{number}",
                token_nonce=nonce,
                token_hash=token_hash,
                mobile=f"+46709{number:06d}",
                provider_name="Arbetsbron AB",
                language="sv",
            )
        )
        if len(batch) == 5000:
            Invitation.objects.bulk_create(batch)
            batch = []
    Invitation.objects.bulk_create(batch)
    plans.plan_invitations(survey, timezone.now())


def reset_messages() -> None:
    """Make every invitation due again, and vacuum, so each phase starts from the same table."""
    from django.db import connection

    from utskick.models import Message, MessageStatus

    Message.objects.filter(step=0).update(
        status=MessageStatus.PENDING, claimed_by="", claimed_at=None, sent_at=None, provider_id="", attempted_at=None
    )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Message._meta.db_table}")


def run_workers(count: int, threads: int, env: dict) -> tuple[float, list[float]]:
    env = {**env, "UTSKICK_SEND_THREADS": str(threads)}
    started = time.perf_counter()
    processes = [
        subprocess.Popen([sys.executable, "manage.py", "send_messages"], cwd=ROOT, env=env, stdout=subprocess.PIPE)
        for _ in range(count)
    ]
    peaks = []
    for process in processes:
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"worker failed with {process.returncode}")
        peaks.append(usage.ru_maxrss / 1024)  # KiB -> MiB
    return time.perf_counter() - started, peaks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=4, help="sending threads per worker (UTSKICK_SEND_THREADS)")
    parser.add_argument("--baseline-n", type=int, default=20_000, help="POSTs per bare-loop measurement")
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    database_url = args.admin_url.rsplit("/", 1)[0] + "/" + DB_NAME

    port_queue: multiprocessing.Queue = multiprocessing.Queue()
    received = multiprocessing.Value("q", 0, lock=False)
    fake = multiprocessing.Process(target=serve_fake, args=(port_queue, received), daemon=True)
    fake.start()
    base_url = f"http://127.0.0.1:{port_queue.get(timeout=10)}"

    setup_database(args.admin_url, database_url, args.n)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from utskick.models import Message, MessageStatus

    started = time.perf_counter()
    seed(args.n)
    seed_seconds = time.perf_counter() - started
    connection.close()

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SMS_BACKEND": "utskick.backends.twilio.SmsBackend",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM": "Kommunen",
        "TWILIO_BASE_URL": base_url,
        "SMS_RATE_PER_SECOND": "0",
        "LOG_LEVEL": "WARNING",
        "VAR_DIR": "/tmp/bench-sending-var",
    }
    fake_pid = fake.pid

    def measured(run):
        """Run one phase; return its result and the fake server's share of one core meanwhile."""
        cpu, started = cpu_seconds(fake_pid), time.perf_counter()
        value = run()
        return value, (cpu_seconds(fake_pid) - cpu) / (time.perf_counter() - started)

    def bare(processes: int) -> float:
        return baseline(bare_urllib3_loop, base_url, args.baseline_n, processes)

    results = []
    for workers, threads in ((1, 1), (1, args.threads), (2, args.threads)):
        # The ceiling is measured just before and just after the row, with 1 and with 2 client
        # processes, so that it sees the same machine as the workers do.
        before = {processes: bare(processes) for processes in (1, 2)}
        reset_messages()
        connection.close()
        requests_before = received.value
        (seconds, peaks), server_busy = measured(lambda w=workers, t=threads: run_workers(w, t, env))
        sent = Message.objects.filter(step=0, status=MessageStatus.QUEUED).count()
        posts = received.value - requests_before
        if sent != args.n or posts != args.n:
            raise SystemExit(f"{sent} of {args.n} messages queued, {posts} requests: each must be sent exactly once")
        connection.close()
        after = {processes: bare(processes) for processes in (1, 2)}
        ceiling = {processes: (before[processes] + after[processes]) / 2 for processes in (1, 2)}
        results.append((workers, threads, sent, seconds, peaks, server_busy, ceiling))
    others = {
        name: {p: measured(lambda p=p, loop=loop: baseline(loop, base_url, args.baseline_n, p)) for p in (1, 2)}
        for name, loop in (("urllib3", bare_urllib3_loop), ("requests", bare_requests_loop), ("library", twilio_loop))
    }
    fake.terminate()

    print(f"# Sending benchmark\n\nInvitations: {args.n:,}; PostgreSQL; rate limit off; fake Twilio on 127.0.0.1.")
    print(f"Machine: {os.cpu_count()} CPUs (shared). Seeding and planning took {seed_seconds:.0f} s.\n")
    print(
        "| workers × threads | sent | seconds | msgs/s | peak RSS per worker (MB) | fake server CPU"
        " | one bare loop, msgs/s | **share** | a bare loop per worker, msgs/s | share |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for workers, threads, sent, seconds, peaks, server_busy, ceiling in results:
        rate = sent / seconds
        peak_text = ", ".join(f"{peak:.0f}" for peak in peaks)
        print(
            f"| {workers} × {threads} | {sent:,} | {seconds:.1f} | {rate:.0f} | {peak_text} | {server_busy:.0%}"
            f" | {ceiling[1]:.0f} | {rate / ceiling[1]:.0%} | {ceiling[workers]:.0f} | {rate / ceiling[workers]:.0%} |"
        )
    print("\nEvery row: each of the N messages ended `queued`, and the fake server received exactly N requests.")
    print(
        f"The bare loop is urllib3 (the worker's own HTTP stack), {args.baseline_n:,} POSTs, measured just before"
        " and just after each row; the table gives the mean of the two."
    )
    print(f"\nThe other baselines, measured once after the rows ({args.baseline_n:,} POSTs each):\n")
    print("| client processes | bare loop, urllib3 | bare loop, requests | twilio library alone | fake server CPU |")
    print("|---|---|---|---|---|")
    for processes in (1, 2):
        rates = " | ".join(f"{others[name][processes][0]:.0f}" for name in others)
        busy = ", ".join(f"{name} {others[name][processes][1]:.0%}" for name in others)
        print(f"| {processes} | {rates} | {busy} |")


if __name__ == "__main__":
    main()
