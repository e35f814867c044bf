"""A second provider requests every URL of the product with the first provider's ids.

The URL list is read from the URLconf itself, so a new page is covered the day it
is added: it must either refuse provider users or be listed as provider-facing,
and then it must show nothing of another provider.
"""

from datetime import date, timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from enkat.models import Response, Survey
from register.models import Insats

# Pages a provider user may open; everything else must refuse them.
PROVIDER_FACING = {
    "home",
    "password_change",
    "password_change_done",
    "register:provider_list",
    "register:provider_csv",
    "register:provider_detail",
    "analys:index",
    "analys:survey",
    "analys:download",
    "analys:results_pack",
    "analys:trend",
    "analys:statistics_index",
    "analys:statistics",
    "analys:statistics_download",
    "analys:statistics_chart",
    "kvalitetsrapport:index",
    "kvalitetsrapport:round_export",
    "kvalitetsrapport:contacts",
    "kvalitetsrapport:contact_delete",
    "kvalitetsrapport:report",
    "kvalitetsrapport:print",
    "kvalitetsrapport:wizard",
    "kvalitetsrapport:wizard_step",
    "kvalitetsrapport:attachment",
}
# Provider-facing pages that answer with a redirect to a page of the same provider.
REDIRECTS = {"analys:statistics_index"}
# Public by design: login, language switch, the customers' survey pages (token/session based) and signed webhooks.
PUBLIC_PREFIXES = ("login/", "logout/", "i18n/", "s/", "utskick/twilio/", "admin/", "static/")


def walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield prefix + str(entry.pattern), name, entry.pattern


def fill(route: str, values: dict[str, list[str]]) -> list[str]:
    """Every URL for a route, with each converter filled by each candidate value."""
    urls = ["/" + route]
    for converter, candidates in values.items():
        expanded = []
        for url in urls:
            if f"<{converter}:" not in url:
                expanded.append(url)
                continue
            start = url.index(f"<{converter}:")
            end = url.index(">", start) + 1
            expanded += [url[:start] + candidate + url[end:] for candidate in candidates]
        urls = expanded
    return urls


@pytest.fixture
def world(actors, programme):
    own = Insats.objects.create(
        customer_id="A-SECRET-1", programme_type=programme, provider=actors.provider_a, start_date=date(2023, 1, 5)
    )
    Insats.objects.create(
        customer_id="B-1", programme_type=programme, provider=actors.provider_b, start_date=date(2023, 1, 6)
    )
    now = timezone.now()
    survey = Survey.objects.create(
        name="Enkät 2023",
        slug="enkat-2023",
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
        languages=["sv"],
        state=Survey.State.CLOSED,
    )
    for provider, comment in [(actors.provider_a, "A-SECRET-COMMENT"), (actors.provider_b, "")]:
        for _ in range(6):
            Response.objects.create(
                survey=survey,
                provider_name=provider.name,
                gender="kvinna",
                answers={"q1": 4},
                comment=comment,
            )
    quality_ids = quality_report_world(actors)
    return own, survey, quality_ids


def quality_report_world(actors) -> list[int]:
    """Provider A's quality report with a secret answer, an attachment and a contact; B has a report too."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kvalitetsrapport import services
    from kvalitetsrapport.attachments import add_attachment
    from kvalitetsrapport.models import QualityReport

    report_round = services.create_round(
        2023, date(2024, 1, 15), date(2024, 3, 31), providers=[actors.provider_a, actors.provider_b]
    )
    services.open_round(report_round)
    report = QualityReport.objects.get(round=report_round, provider=actors.provider_a)
    services.save_step(report, "c", {"working_method": "A-SECRET-1 method"}, 0, user=actors.member_a)
    attachment = add_attachment(report, "a", SimpleUploadedFile("A-SECRET-1.pdf", b"%PDF-1.4 A-SECRET-1"))
    contact = services.add_contact(actors.provider_a, "A-SECRET-1 contact", "a-secret-1@a.example")
    return [report.pk, attachment.pk, contact.pk, 2023]


def test_every_url_refuses_the_second_provider_or_shows_only_its_own_data(client, actors, world):
    own, survey, quality_ids = world
    client.force_login(actors.member_b)
    ids = [str(own.pk), "2023", *(str(i) for i in quality_ids)]
    values = {
        "int": ids,
        "slug": [survey.slug, "self_support", "duration", "days_trend"],
        "str": ["json", "xlsx", "csv", "c", "verksamhet"],
        "path": ["x"],
    }
    checked = 0
    for route, name, _ in walk(get_resolver().url_patterns):
        if route.startswith(PUBLIC_PREFIXES):
            continue
        for url in fill(route, values):
            response = client.get(url)
            checked += 1
            if response.status_code == 405 and route.startswith("kvalitetsrapport/"):
                # An action (POST only): the second provider must be refused there too.
                response = client.post(url)
                allowed = (302, 400, 403, 404) if name in PROVIDER_FACING else (403, 404)
                assert response.status_code in allowed, f"POST {url} ({name}): {response.status_code}"
                continue
            if name in PROVIDER_FACING and response.status_code == 200:
                body = b"".join(response.streaming_content) if response.streaming else response.content
                for secret in (b"A-SECRET-1", b"a-secret-1", b"A-SECRET-COMMENT", actors.provider_a.name.encode()):
                    assert secret not in body, f"{url} shows {secret!r} to another provider"
            elif name in REDIRECTS and response.status_code == 302:
                assert response["Location"].startswith("/analys/statistik/"), url
            elif name in PROVIDER_FACING:
                assert response.status_code in (403, 404, 400), f"{url}: {response.status_code}"
            else:
                assert response.status_code in (403, 404, 405), f"{url} ({name}) let a provider in"
    assert checked > 20
    assert_quality_report_of_a_intact(actors)


def assert_quality_report_of_a_intact(actors) -> None:
    from kvalitetsrapport.models import Attachment, QualityReport, ReportContact

    report = QualityReport.objects.get(provider=actors.provider_a)
    assert report.step_answers.get(step="c").data == {"working_method": "A-SECRET-1 method"}
    assert report.status == "draft" and report.step_answers.count() == 1
    assert Attachment.objects.filter(report=report).count() == 1
    assert ReportContact.objects.filter(provider=actors.provider_a).count() == 1


def test_the_first_providers_own_detail_url_works_for_it_and_not_for_the_second(client, actors, world):
    own, _, _ = world
    client.force_login(actors.member_a)
    assert client.get(f"/register/mina/{own.pk}/").status_code == 200
    client.force_login(actors.member_b)
    assert client.get(f"/register/mina/{own.pk}/").status_code == 404
