"""Hand-written statements on the hot paths, prepared once per connection on PostgreSQL.

Django's PostgreSQL cursors bind parameters on the client, so the server plans every
statement again; for the survey page's read that took four times as long as running it.
The few statements that run on every survey request or for every message sent go
through here instead: on PostgreSQL they are prepared once per connection (when
DB_PREPARED_STATEMENTS is on, the default), elsewhere they run on Django's cursor.
"""

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
    # has dropped since the last request is replaced here instead of failing this one.
    db.close_if_health_check_failed()
    db.ensure_connection()
    with db.wrap_database_errors, psycopg.Cursor(db.connection) as server_cursor:
        yield server_cursor


def execute(cursor: Any, sql: str, params: list[Any], db: Any = connection) -> None:
    """Run `sql` (with %s placeholders) on a cursor from cursor(db)."""
    if db.vendor == "postgresql":
        cursor.execute(sql, params, prepare=True)
    else:
        cursor.execute(sql, params)
