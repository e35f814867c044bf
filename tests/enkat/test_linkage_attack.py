"""The linkage attack, played as a data protection officer would, on the demo's closed 2023 survey.

The attacker is the quality developer: every page, admin screen and export she can reach
(fetched with the test client and parsed), and plain reads of every table. For each
response she tries to single out its customer: the invitations that have answered (the
receipts say which) and agree with everything known about the response (its stored group
fields, where "" is unknown and matches anything, and any group value printed beside one
of its comments). No response may match fewer than `min_n` customers.

The part on system columns and transaction order (xmin, ctid) is in the answering tests.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from enkat.demo import CLOSED_SLUG
from enkat.models import Invitation, Response, Survey
from enkat.receipts import answered_invitation_ids
from register.dimensions import DIMENSIONS, SNAPSHOT_FIELDS, value_label

pytestmark = pytest.mark.django_db

EVERY_GROUPING = "?" + "&".join(f"dims={d.code}" for d in DIMENSIONS) + "&two_way=programme*gender&bootstrap=0"


class Records(HTMLParser):
    """The text of every row, list item and paragraph of a page: the units a person reads together."""

    UNITS = {"tr", "li", "p", "dd", "td"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[list[str]] = []
        self.records: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.UNITS:
            self.open.append([])

    def handle_endtag(self, tag):
        if tag in self.UNITS and self.open:
            self.records.append(" ".join(self.open.pop()))

    def handle_data(self, data):
        for unit in self.open:
            unit.append(data.strip())


def _pages(client, survey: Survey) -> dict[str, str]:
    """Every page the quality developer reaches about the survey and every admin screen she may view."""
    urls = [
        reverse("home"),
        reverse("enkat:survey_list"),
        reverse("enkat:survey_detail", args=[survey.slug]),
        reverse("analys:index"),
        reverse("analys:survey", args=[survey.slug]),
        reverse("analys:survey", args=[survey.slug]) + EVERY_GROUPING,
        reverse("analys:trend"),
        reverse("analys:exports"),
    ]
    try:
        urls.append(reverse("utskick:survey", args=[survey.slug]))
    except NoReverseMatch:
        pass
    urls.append("/admin/")
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        changelist = f"/admin/{meta.app_label}/{meta.model_name}/"
        urls.append(changelist)
        for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:3]:
            urls.append(f"{changelist}{pk}/change/")
    pages = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            pages[url] = response.content.decode()
    return pages


def _exports(client, survey: Survey) -> tuple[list[list[list[str]]], list[object]]:
    """The analysis's workbook (every sheet as rows of cell texts) and JSON document, with every grouping."""
    query = EVERY_GROUPING
    xlsx = client.get(reverse("analys:download", args=[survey.slug, "xlsx"]) + query)
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.content))
    sheets = [
        [["" if value is None else str(value) for value in row] for row in ws.iter_rows(values_only=True)]
        for ws in workbook.worksheets
    ]
    document = client.get(reverse("analys:download", args=[survey.slug, "json"]) + query)
    assert document.status_code == 200
    return sheets, [json.loads(document.content)]


def _group_words() -> dict[str, dict[str, str]]:
    """Per snapshot field, every word a page may print for one of its values (code and label) -> the value."""
    words: dict[str, dict[str, str]] = {d.snapshot_field: {} for d in DIMENSIONS}
    values = {field: set() for field in SNAPSHOT_FIELDS}
    for table in (Invitation.all_objects, Response.all_objects):
        for row in table.values_list(*SNAPSHOT_FIELDS):
            for field, value in zip(SNAPSHOT_FIELDS, row, strict=True):
                if value:
                    values[field].add(value)
    for dimension in DIMENSIONS:
        for value in values[dimension.snapshot_field]:
            words[dimension.snapshot_field][value] = value
            words[dimension.snapshot_field][str(value_label(dimension.code, value))] = value
    return words


def _printed_beside(text: str, words: dict[str, dict[str, str]]) -> dict[str, set[str]]:
    """The group values a record prints beside a comment: field -> the values it names."""
    named: dict[str, set[str]] = {}
    for field, spellings in words.items():
        for word, value in spellings.items():
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text):
                named.setdefault(field, set()).add(value)
    return named


def _matches(known: dict[str, set[str]], invitation: dict[str, str]) -> bool:
    return all(invitation[field] in values for field, values in known.items())


def _json_records(node, path=""):
    if isinstance(node, dict):
        yield " ".join(str(v) for v in node.values() if not isinstance(v, dict | list))
        for key, value in node.items():
            yield from _json_records(value, f"{path}/{key}")
    elif isinstance(node, list):
        for value in node:
            if isinstance(value, dict | list):
                yield from _json_records(value, path)
            else:
                yield str(value)


def _plain_tables() -> dict[str, list[tuple]]:
    """Every table of the database, read as plain rows (what a read role sees)."""
    tables = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (the models' own table names)
            tables[table] = cursor.fetchall()
    return tables


@pytest.fixture
def demo(actors):
    call_command("seed_demo", stdout=io.StringIO())
    survey = Survey.objects.get(slug=CLOSED_SLUG)
    assert survey.closed_for_good
    return survey


def test_no_response_matches_fewer_than_min_n_customers(client, actors, demo):
    survey = demo
    client.force_login(actors.quality_developer)
    tables = _plain_tables()
    assert tables[Response._meta.db_table]  # the attacker does read the responses' table
    answered = answered_invitation_ids(survey.pk)
    invitations = [
        dict(zip(("pk", "customer_id", *SNAPSHOT_FIELDS), row, strict=True))
        for row in Invitation.objects.filter(survey=survey).values_list("pk", "customer_id", *SNAPSHOT_FIELDS)
    ]
    respondents = [i for i in invitations if i["pk"] in answered]
    responses = list(Response.objects.filter(survey=survey).values_list("pk", "comment", *SNAPSHOT_FIELDS))
    assert len(respondents) == len(responses) == 72

    # 1. The stored group fields: "" is unknown and matches any value.
    smallest = {}
    for pk, _comment, *fields in responses:
        known = {f: {v} for f, v in zip(SNAPSHOT_FIELDS, fields, strict=True) if v}
        smallest[pk] = sum(1 for invitation in respondents if _matches(known, invitation))
    assert min(smallest.values()) >= survey.min_n, Counter(smallest.values()).most_common()[-3:]

    # 2. Everything published beside a comment narrows its writer's candidates further.
    words = _group_words()
    pages = _pages(client, survey)
    assert any("/admin/enkat/invitation/" in url for url in pages)
    sheets, documents = _exports(client, survey)
    records: list[str] = []
    for html in pages.values():
        parser = Records()
        parser.feed(html)
        records += parser.records
    records += ["  ".join(row) for sheet in sheets for row in sheet]
    for document in documents:
        records += list(_json_records(document))
    commented = [(pk, comment, fields) for pk, comment, *fields in responses if comment.strip()]
    assert commented, "the demo has comments to attack"
    seen = 0
    for pk, comment, fields in commented:
        known = {f: {v} for f, v in zip(SNAPSHOT_FIELDS, fields, strict=True) if v}
        for record in records:
            if comment not in record:
                continue
            seen += 1
            beside = _printed_beside(record.replace(comment, " "), words)
            narrowed = dict(known)
            for field, values in beside.items():
                narrowed[field] = (narrowed[field] & values) if field in narrowed else values
            candidates = sum(1 for invitation in respondents if _matches(narrowed, invitation))
            assert candidates >= survey.min_n, (comment, beside)
    assert seen >= len(commented)  # the comments were found (page, workbook and JSON), and attacked


def test_no_export_holds_a_row_per_respondent(client, actors, demo):
    survey = demo
    client.force_login(actors.quality_developer)
    n = Response.objects.filter(survey=survey).count()
    sheets, documents = _exports(client, survey)
    for sheet in sheets:
        assert len([row for row in sheet if any(row)]) < n
    lists = []

    def walk(node):
        if isinstance(node, list):
            lists.append(node)
        for value in node.values() if isinstance(node, dict) else node if isinstance(node, list) else []:
            walk(value)

    walk(documents[0])
    assert lists and max(len(items) for items in lists) < n


def test_no_date_on_a_response_links_it_to_an_invitation(demo):
    survey = demo
    dated = [f.name for f in Response._meta.get_fields() if f.get_internal_type() in ("DateField", "DateTimeField")]
    assert dated == [], dated
    assert Survey.objects.filter(pk=survey.pk).exists()
