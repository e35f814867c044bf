"""Issue 11: someone who can read the database, but holds none of the application's keys, links no
response to its invitation: not by a column, not by the system columns (xmin, xmax, ctid), not by
the order of rows or of transactions.

Customers answer through the survey pages (open the link, save pages, switch language, submit),
some at once from several threads; then a role that may only SELECT plays the attacks.
"""

import hashlib
import uuid
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from enkat import receipts
from enkat.models import Draft, Invitation, Receipt, Response
from tests.enkat.concurrency import run_together
from tests.factories import answer_page, make_invitation, make_survey, open_link

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = [{"q1": "5", "q2": "4", "q3": "3"}, {"q4": "4", "q5": "5", "q6": "2"}, {"q7": "dk", "q8": "1"}]
LAST = {"q9": "3", "q10": "4", "q11": "5"}
N = 12

INVITATION = Invitation._meta.db_table
RESPONSE = Response._meta.db_table
# Every table of the product a reader could join on: all but the two keyed ones and the response itself.
KEYED = {Receipt._meta.db_table, Draft._meta.db_table, RESPONSE}


def _answer(token: str, comment: str, switch: bool = False) -> None:
    client = Client()
    open_link(client, token)
    for step, page in enumerate(PAGES, start=1):
        extra = {"language": "en"} if switch and step == 2 else {}
        assert answer_page(client, step, page, **extra).status_code == 302
        if extra:
            assert answer_page(client, step, page).status_code == 302
    assert answer_page(client, 4, LAST, comment=comment)["Location"] == "/s/tack/"


def _system_columns(table: str) -> dict[int | str, tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, xmin::text, xmax::text, ctid::text FROM {table}")  # noqa: S608 - model tables
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def _product_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return [row[0] for row in cursor.fetchall()]


@contextmanager
def read_only():
    """A cursor as a role that may only read every table (what a DBA's read role or a dump gives)."""
    role = f"linkage_reader_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cursor.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"SET ROLE {role}")
        try:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == role
            yield cursor
        finally:
            cursor.execute("RESET ROLE")
            cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
            cursor.execute(f"REVOKE ALL ON SCHEMA public FROM {role}")
            cursor.execute(f"DROP ROLE {role}")


def test_a_reader_without_the_keys_links_no_response_to_an_invitation():
    survey = make_survey(languages=["sv", "en"])
    tokens = {}
    for i in range(N):
        invitation, token = make_invitation(survey, f"K{i:02d}", gender="kvinna" if i % 2 else "man")
        tokens[invitation.pk] = token
    before = _system_columns(INVITATION)
    ids = list(tokens)
    # Half answer one after the other (one switches language on the way), half at once from threads.
    for n, pk in enumerate(ids[: N // 2]):
        _answer(tokens[pk], f"svar {n}", switch=n == 1)
    together = ids[N // 2 :]
    outcomes = run_together(len(together), lambda i: _answer(tokens[together[i]], f"samtidigt {i}") or "ok")
    assert outcomes == ["ok"] * len(together)
    assert Response.objects.filter(survey=survey).count() == N
    assert Receipt.objects.filter(survey=survey).count() == N

    # The customers' path wrote nothing on the invitations: same xmin, xmax and place (ctid) as before.
    assert _system_columns(INVITATION) == before

    with read_only() as cursor:
        _attack(cursor, survey.pk, ids)
    # ...while the application, with its key, finds every receipt's invitation.
    assert receipts.answered_invitation_ids(survey.pk) == set(ids)


def _attack(cursor, survey_id: int, ids: list[int]) -> None:
    cursor.execute(f"SELECT id, xmin::text FROM {RESPONSE}")  # noqa: S608 - model tables
    responses = cursor.fetchall()
    assert len(responses) == N
    tables = [table for table in _product_tables() if table not in KEYED]
    assert INVITATION in tables
    for table in tables:
        # xmin and xmax: no row outside the keyed tables was written or locked by a submit's transaction.
        cursor.execute(
            f"SELECT count(*) FROM {table} t JOIN {RESPONSE} r "  # noqa: S608 - product tables
            "ON t.xmin::text = r.xmin::text OR t.xmax::text = r.xmin::text"
        )
        linked = cursor.fetchone()[0]
        if table == "enkat_survey":
            continue  # the survey row is locked FOR SHARE by each submit: it is every response's survey anyway
        assert linked == 0, table

    # The keyed rows written with each response name no invitation: no value any invitation holds, nor a plain
    # hash of one, appears in them.
    cursor.execute(f"SELECT * FROM {INVITATION}")  # noqa: S608 - model tables
    values = {str(value) for row in cursor.fetchall() for value in row if value not in (None, "")}
    hashed = values | {hashlib.sha256(value.encode()).hexdigest() for value in values}
    cursor.execute("SELECT key_hash FROM enkat_receipt UNION ALL SELECT key_hash FROM enkat_draft")
    keyed = {row[0] for row in cursor.fetchall()}
    assert len(keyed) == N and not keyed & hashed

    # Order: the responses' stored order (ctid) and their ids against the order in which the customers answered.
    answered_in_order = [f"svar {n}" for n in range(N // 2)]
    cursor.execute(f"SELECT comment FROM {RESPONSE} ORDER BY id")  # noqa: S608 - model tables
    by_id = [row[0] for row in cursor.fetchall() if row[0].startswith("svar")]
    assert by_id != answered_in_order  # random ids: 1 in 720 to fail by chance
    # The invitations' stored order is the order they were created in, whatever the customers did.
    cursor.execute(f"SELECT id FROM {INVITATION} ORDER BY ctid")  # noqa: S608 - model tables
    assert [row[0] for row in cursor.fetchall()] == sorted(ids)
