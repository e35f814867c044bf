"""Benchmark: a national-size register (200 000 rows) checked and imported from the web UI.

Run: .venv/bin/python benchmarks/bench_import.py [--rows N]
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python benchmarks/bench_import.py

Through the quality developer's pages (Django's test client, so the same view code as
under gunicorn): the upload and check, the confirm, and the same file again (all
unchanged). Each must finish well inside gunicorn's 60 s timeout. A throw-away SQLite
database, or the PostgreSQL database named by DATABASE_URL (its tables are created and
the register emptied). Appends to benchmarks/results/import.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-import-")
os.environ["VAR_DIR"] = TMP
os.environ["STATIC_MANIFEST"] = "false"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from common.roles import QUALITY_DEVELOPER_GROUP  # noqa: E402
from register.models import Insats, Provider  # noqa: E402

TIMEOUT_S = 60.0
HEADER = "kund_id,insatstyp,anordnare,startdatum,slutdatum,avslutsorsak,forlangningar,kon,fodelsear"


def register_csv(rows: int) -> bytes:
    rng = random.Random(2023)  # noqa: S311
    lines = [HEADER]
    for i in range(rows):
        ended = rng.random() < 0.5
        lines.append(
            f"K{i:07d},sai,Anordnare {i % 40},2023-{1 + i % 12:02d}-{1 + i % 28:02d},"
            f"{'2024-01-15' if ended else ''},{'arbete' if ended else ''},{i % 3},"
            f"{rng.choice(['kvinna', 'man', ''])},{1950 + i % 50}"
        )
    return ("\n".join(lines) + "\n").encode()


def timed(label: str, fn) -> float:
    start = time.perf_counter()
    response = fn()
    elapsed = time.perf_counter() - start
    assert response.status_code in (200, 302), (label, response.status_code)
    print(f"{label:<32} {elapsed:6.1f} s")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    rows = parser.parse_args().rows
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.UPLOAD_MAX_MB = max(settings.UPLOAD_MAX_MB, 40)
    call_command("migrate", verbosity=0)
    Insats.objects.all().delete()
    Provider.objects.filter(name__startswith="Anordnare ").delete()
    user, _ = User.objects.get_or_create(username="bench-qd", defaults={"is_staff": True})
    user.groups.add(Group.objects.get_or_create(name=QUALITY_DEVELOPER_GROUP)[0])
    client = Client()
    client.force_login(user)
    data = register_csv(rows)

    def check():
        file = SimpleUploadedFile("register.csv", data, content_type="text/csv")
        return client.post("/register/import/", {"file": file, "create_providers": "on"})

    def confirm():
        return client.post("/register/import/confirm/")

    results = {
        "check (new register)": timed("check (new register)", check),
        "confirm (all created)": timed("confirm (all created)", confirm),
        "check again (unchanged)": timed("check again (unchanged)", check),
        "confirm again (unchanged)": timed("confirm again (unchanged)", confirm),
    }
    assert Insats.objects.count() == rows, Insats.objects.count()
    worst = max(results.values())
    vendor = connection.vendor
    lines = [
        f"\n## {dt.date.today().isoformat()}: {rows} rows, {vendor}, {len(data) / 1e6:.1f} MB CSV",
        f"\nPython {platform.python_version()}, {os.cpu_count()} cores (shared). Through the web UI's views.\n",
        "| step | seconds |",
        "|---|---|",
        *[f"| {label} | {seconds:.1f} |" for label, seconds in results.items()],
        f"\nSlowest step {worst:.1f} s against gunicorn's {TIMEOUT_S:.0f} s timeout.",
    ]
    out = ROOT / "benchmarks" / "results" / "import.md"
    if not out.exists():
        out.write_text("# Register import through the web UI\n\nWritten by benchmarks/bench_import.py.\n")
    with out.open("a") as handle:
        handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    if worst >= TIMEOUT_S:
        sys.exit(f"a step took {worst:.1f} s: over the {TIMEOUT_S:.0f} s timeout")


if __name__ == "__main__":
    main()
