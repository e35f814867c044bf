"""Hand-written statements on the hot paths, prepared once per connection on PostgreSQL.

Django's PostgreSQL cursors bind parameters on the client, so the server plans every
statement again; for the survey page's read that took four times as long as running it.
The few statements that run on every survey request or for every message sent go
through here instead: on PostgreSQL they are prepared once per connection (when
DB_PREPARED_STATEMENTS is on, the default), elsewhere they run on Django's cursor.
"""

import select
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection


@contextmanager
def cursor(db: Any = connection) -> Iterator[Any]:
    """A cursor on `db`: Django's connection proxy, or (cheaper in a loop) the thread's own connection."""
    if db.vendor != "postgresql":
        with db.cursor() as django_cursor:
            yield django_cursor
        return
    import psycopg

    # What Django's own cursor() does first: with CONN_HEALTH_CHECKS, a connection the database
    # has dropped since the last request is replaced here instead of failing this one. Without
    # the round trip of Django's check when the server has said nothing (see server_spoke).
    if db.connection is not None and db.health_check_enabled and not db.health_check_done:
        if server_spoke(db.connection):
            db.close_if_health_check_failed()
        else:
            db.health_check_done = True
    db.ensure_connection()
    with db.wrap_database_errors, psycopg.Cursor(db.connection) as server_cursor:
        yield server_cursor


def server_spoke(conn: Any) -> bool:
    """Whether an idle connection has something to read: the server closed it, or wrote to it.

    Between requests nothing is in flight, so a readable socket means the server has ended the
    session (a restart, a failover, pg_terminate_backend: it writes the reason, then closes) or
    sent a notice. Either way Django's health check (a `SELECT 1`) then decides; a quiet socket
    costs one poll instead of that round trip on every request.
    """
    if conn.closed or conn.broken:
        return True
    try:
        readable, _, _ = select.select([conn.pgconn.socket], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def execute(cursor: Any, sql: str, params: list[Any], db: Any = connection) -> None:
    """Run `sql` (with %s placeholders) on a cursor from cursor(db)."""
    if db.vendor == "postgresql":
        cursor.execute(sql, params, prepare=True)
    else:
        cursor.execute(sql, params)
