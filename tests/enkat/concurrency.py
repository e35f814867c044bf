"""Run the same work in several threads at once, each with its own database connection."""

import threading
from collections.abc import Callable

from django.db import connection


def run_together(count: int, work: Callable[[int], str]) -> list[str]:
    """work(i) in `count` threads released at once; each returns its outcome or the exception's name."""
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            result = work(i)
        except Exception as exc:  # noqa: BLE001 - recorded and checked by the caller
            result = type(exc).__name__
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
