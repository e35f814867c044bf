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
def cursor() -> Iterator[Any]:
    if connection.vendor != "postgresql":
        with connection.cursor() as django_cursor:
            yield django_cursor
        return
    import psycopg

    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as server_cursor:
        yield server_cursor


def execute(cursor: Any, sql: str, params: list[Any]) -> None:
    """Run `sql` (with %s placeholders) on a cursor from cursor()."""
    if connection.vendor == "postgresql":
        cursor.execute(sql, params, prepare=True)
    else:
        cursor.execute(sql, params)
