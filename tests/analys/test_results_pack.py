"""A provider's results pack: the analysis's own numbers, nothing suppressed shown, its own comments only,
isolation between providers, and every provider's pack built by the worker as one zip."""

import io
import subprocess
import zipfile
from dataclasses import replace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from analys.loading import AnalysisOptions, run_analysis
from analys.models import ExportLog, ResultsPackJob
from analys.results_pack import build_pack
from analys.results_pack_jobs import build_due
from enkat.models import Response, Survey
from register.dimensions import value_label
from tests.factories import analysed_survey, make_responses
from utskick.worker import Worker

pytestmark = pytest.mark.django_db

SUPPRESSED = "För få svar"


def _url(survey, provider, fmt):
    return reverse("analys:results_pack", args=[survey.slug, provider.pk, fmt])


def _rows(ws):
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def _pdf_text(content: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return done.stdout.decode()


def _number(text) -> float:
    return float(str(text).replace(",", "."))


def test_the_packs_figures_are_the_analysis_pages_beside_all_providers(client, actors, survey):
    client.force_login(actors.member_a)

    response = client.get(_url(survey, actors.provider_a, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="resultat-kundenkat-2023-anordnare-a-')
    own = run_analysis(survey, AnalysisOptions(), actors.provider_a)
    everyone = run_analysis(survey, replace(AnalysisOptions(), dims=()), None)
    workbook = load_workbook(io.BytesIO(response.content))
    rows = {str(row[0]).split(" ")[0]: row for row in _rows(workbook["Index och frågor"]) if row[0]}
    for q, other in zip(own.questions, everyone.questions, strict=True):
        row = rows[q.code]
        assert row[1] == pytest.approx(q.mean) and row[3] == q.n
        assert row[4] == pytest.approx(other.mean) and row[6] == other.n
        low, high = (_number(part) for part in row[2].split(" – "))
        assert low == pytest.approx(q.mean_ci[0], abs=0.005) and high == pytest.approx(q.mean_ci[1], abs=0.005)
    nki = rows["NKI"]
    assert nki[1] == pytest.approx(own.areas["NKI"].mean) and nki[3] == own.areas["NKI"].n
    assert nki[4] == pytest.approx(everyone.areas["NKI"].mean) and nki[6] == everyone.areas["NKI"].n
    low, high = (_number(part) for part in nki[2].split(" – "))
    assert low < own.areas["NKI"].mean < high
    summary = {row[0]: row[1] for row in _rows(workbook["Sammanfattning"]) if row[0]}
    assert summary["Svar"] == own.n_responses == 36
    assert summary["Inbjudna"] == own.n_invited == 110
    assert summary["Svarsfrekvens"] == pytest.approx(36 / 110)


def test_suppressed_figures_stay_hidden_in_both_files(client, actors, survey):
    # Three of provider A's customers answered in Arabic: their group, and one that would give it away, are
    # hidden on the provider's page; the pack hides exactly the same.
    few = Response.objects.filter(survey=survey, provider_name="Anordnare A", language="sv").order_by("pk")[:3]
    Response.objects.filter(pk__in=[r.pk for r in few]).update(language="ar")
    own = run_analysis(survey, AnalysisOptions(), actors.provider_a)
    hidden = [
        (dim, g, area)
        for dim, groups in own.groups.items()
        if dim != "provider"
        for g in groups
        for area, figure in g.areas.items()
        if figure.mean is None and g.n > 0
    ]
    assert {g.value for dim, g, _area in hidden if dim == "language"} >= {"ar"}
    client.force_login(actors.member_a)

    workbook = load_workbook(io.BytesIO(client.get(_url(survey, actors.provider_a, "xlsx")).content))
    pdf = _pdf_text(client.get(_url(survey, actors.provider_a, "pdf")).content)

    # Every group cell is the protected result's: "För få svar" where it hides a figure, its mean elsewhere.
    groups = _rows(workbook["Grupper"])
    areas = list(own.areas)
    checked = 0
    for dim, result_groups in own.groups.items():
        if dim == "provider":
            continue
        for group in result_groups:
            row = next(r for r in groups if r[0] == value_label(dim, group.value) and r[1] == group.n)
            for offset, area in enumerate(areas):
                figure = group.areas[area]
                expected = SUPPRESSED if figure.mean is None else pytest.approx(figure.mean)
                assert row[2 + offset] == expected, (dim, group.value, area)
                checked += 1
    assert checked > len(hidden)
    assert pdf.count(SUPPRESSED) >= len(hidden)


def test_a_provider_gets_its_own_comments_only_and_none_below_min_n(client, actors, survey):
    for number, response in enumerate(Response.objects.filter(survey=survey, provider_name="Anordnare B")[:4]):
        response.comment = f"Anordnare B:s kund {number}"
        response.save()
    client.force_login(actors.member_a)

    pdf = _pdf_text(client.get(_url(survey, actors.provider_a, "pdf")).content)
    workbook = load_workbook(io.BytesIO(client.get(_url(survey, actors.provider_a, "xlsx")).content))

    own = set(
        Response.objects.filter(survey=survey, provider_name="Anordnare A")
        .exclude(comment="")
        .values_list("comment", flat=True)
    )
    theirs = set(
        Response.objects.filter(survey=survey, provider_name="Anordnare B")
        .exclude(comment="")
        .values_list("comment", flat=True)
    )
    assert own and theirs
    texts = {row[0] for row in _rows(workbook["Kommentarer"]) if row[0]}
    assert own <= texts and not theirs & texts
    assert all(text in pdf for text in own) and not [t for t in theirs if f"{t}\n" in pdf]

    survey.min_n = 37  # provider A has 36 answers
    survey.save()
    pack = build_pack(survey, actors.provider_a, AnalysisOptions(bootstrap=0))
    assert pack.comments == []
    workbook = load_workbook(io.BytesIO(client.get(_url(survey, actors.provider_a, "xlsx")).content))
    assert "Kommentarer" not in workbook.sheetnames


def test_a_provider_downloads_its_own_pack_only(client, actors, survey):
    client.force_login(actors.member_a)

    assert client.get(_url(survey, actors.provider_a, "pdf")).status_code == 200
    assert client.get(_url(survey, actors.provider_b, "pdf")).status_code == 404
    assert client.get(_url(survey, actors.provider_b, "xlsx")).status_code == 404
    assert client.get(reverse("analys:results_packs", args=[survey.slug])).status_code == 403
    assert client.post(reverse("analys:results_packs_all", args=[survey.slug])).status_code == 403
    assert not ResultsPackJob.objects.exists()
    page = client.get(reverse("analys:survey", args=[survey.slug]) + "?bootstrap=0").content.decode()
    assert _url(survey, actors.provider_a, "pdf") in page and _url(survey, actors.provider_b, "pdf") not in page

    client.force_login(actors.outsider)
    assert client.get(_url(survey, actors.provider_a, "pdf")).status_code == 403
    logged = ExportLog.objects.filter(options__results_pack=True)
    assert [(log.provider, log.format) for log in logged] == [(actors.provider_a, "pdf")]


def test_an_open_survey_has_no_pack(client, actors, survey):
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.OPEN)
    client.force_login(actors.quality_developer)

    assert client.get(_url(survey, actors.provider_a, "pdf")).status_code == 404
    assert client.get(reverse("analys:results_packs", args=[survey.slug])).status_code == 404
    client.force_login(actors.member_a)
    assert client.get(_url(survey, actors.provider_a, "xlsx")).status_code == 404


def test_the_pdf_is_a4_with_a_title_page_tables_and_charts(client, actors, survey):
    client.force_login(actors.quality_developer)

    content = client.get(_url(survey, actors.provider_b, "pdf")).content

    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages >= 5
    assert "595.44 x 841.68" in info or "595 x 842" in info
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    assert "Anordnare B" in first and "Kundenkät 2023" in first and "Svarsfrekvens" in first
    assert "33 %" in first  # 36 answers of 109 invited


@pytest.fixture
def fewer_resamples(monkeypatch):
    """The zip tests check the files and the job, not the intervals: fewer resamples, same code."""
    monkeypatch.setattr("analys.results_pack.PACK_OPTIONS", AnalysisOptions(bootstrap=50))


def test_the_worker_builds_every_providers_pack_into_one_zip(client, actors, survey, fewer_resamples):
    client.force_login(actors.quality_developer)
    page = client.get(reverse("analys:results_packs", args=[survey.slug]))
    assert page.status_code == 200 and 'id="download-zip"' not in page.content.decode()

    client.post(reverse("analys:results_packs_all", args=[survey.slug]))
    client.post(reverse("analys:results_packs_all", args=[survey.slug]))  # a second click joins the first

    job = ResultsPackJob.objects.get()
    assert job.state == ResultsPackJob.State.PENDING and job.content is None
    Worker(interval=0).run_once()

    job.refresh_from_db()
    assert job.state == ResultsPackJob.State.READY and job.providers == 2
    html = client.get(reverse("analys:results_packs", args=[survey.slug])).content.decode()
    assert 'id="download-zip"' in html
    response = client.get(reverse("analys:results_packs_zip", args=[survey.slug, job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert len(names) == 4 and {n.rsplit(".", 1)[1] for n in names} == {"xlsx", "pdf"}
    for provider in (actors.provider_a, actors.provider_b):
        name = next(n for n in names if n.endswith(f"-{provider.pk}.xlsx"))
        workbook = load_workbook(io.BytesIO(archive.read(name)))
        summary = {row[0]: row[1] for row in _rows(workbook["Sammanfattning"]) if row[0]}
        assert summary["Anordnare"] == provider.name
        assert summary["Svar"] == run_analysis(survey, AnalysisOptions(bootstrap=0), provider).n_responses
    assert build_due() == 0  # nothing left to build

    client.post(reverse("analys:results_packs_all", args=[survey.slug]))  # again: the old zip is not kept
    assert list(ResultsPackJob.objects.values_list("state", "content")) == [(ResultsPackJob.State.PENDING, None)]


def test_a_job_left_by_a_dead_worker_is_built_again(actors, survey, fewer_resamples):
    from datetime import timedelta

    from django.utils import timezone

    job = ResultsPackJob.objects.create(
        survey=survey, state=ResultsPackJob.State.BUILDING, started_at=timezone.now() - timedelta(hours=1)
    )

    assert build_due() == 1

    job.refresh_from_db()
    assert job.state == ResultsPackJob.State.READY and zipfile.ZipFile(io.BytesIO(bytes(job.content))).namelist()


def test_the_worker_builds_one_zip_a_round_so_messages_are_not_held_up(actors, survey, fewer_resamples):
    other = analysed_survey("kundenkat-2022", year=2022)
    make_responses(other, 12)
    jobs = [ResultsPackJob.objects.create(survey=s) for s in (survey, other)]

    Worker(interval=0).run_once()
    states = sorted(ResultsPackJob.objects.filter(pk__in=[j.pk for j in jobs]).values_list("state", flat=True))
    assert states == sorted([ResultsPackJob.State.PENDING, ResultsPackJob.State.READY])

    Worker(interval=0).run_once()
    assert set(ResultsPackJob.objects.values_list("state", flat=True)) == {ResultsPackJob.State.READY}


def test_the_zip_needs_the_quality_developer_and_a_ready_job(client, actors, survey):
    job = ResultsPackJob.objects.create(survey=survey)
    url = reverse("analys:results_packs_zip", args=[survey.slug, job.pk])
    client.force_login(actors.quality_developer)
    assert client.get(url).status_code == 404
    ResultsPackJob.objects.filter(pk=job.pk).update(state=ResultsPackJob.State.READY, content=b"PK zip")
    assert client.get(url).content == b"PK zip"
    client.force_login(actors.member_a)
    assert client.get(url).status_code == 403
