"""The survey pages' cursor replaces a connection the server has closed, without a round trip otherwise."""

import time

import psycopg
import pytest
from django.db import connection

from common import prepared

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _other_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


def test_a_quiet_connection_is_used_without_a_health_check_query():
    connection.ensure_connection()
    assert not prepared.server_spoke(connection.connection)


def test_a_terminated_connection_is_seen_and_replaced_before_the_statement():
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with _other_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while not prepared.server_spoke(connection.connection) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert prepared.server_spoke(connection.connection)

    connection.health_check_done = False  # a new request
    with prepared.cursor() as cursor:
        prepared.execute(cursor, "SELECT pg_backend_pid()", [])
        new_pid = cursor.fetchone()[0]
    assert new_pid != pid
