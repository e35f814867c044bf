"""Earlier years' published figures: entered by hand, shown first in the trend and marked as entered."""

import pytest
from django.urls import reverse

from analys.models import PublishedFigure

pytestmark = pytest.mark.django_db


def _enter(client, **data):
    return client.post(reverse("analys:published"), {"source": "Kundenkät 2021, rapport", **data})


def test_the_quality_developer_enters_an_earlier_years_figure(client, actors, survey):
    client.force_login(actors.quality_developer)

    response = _enter(client, year=2019, area="NKI", mean="3.80", n=161)

    assert response.status_code == 302
    figure = PublishedFigure.objects.get()
    assert (figure.year, figure.area, float(figure.mean), figure.n) == (2019, "NKI", 3.8, 161)
    assert figure.entered_by == actors.quality_developer


def test_a_figure_off_the_scale_or_twice_is_refused_with_its_field(client, actors, survey):
    client.force_login(actors.quality_developer)
    _enter(client, year=2019, area="NKI", mean="3.80", n=161)

    off_scale = _enter(client, year=2018, area="NKI", mean="5.5", n=100)
    twice = _enter(client, year=2019, area="NKI", mean="3.9", n=100)

    assert off_scale.status_code == 400 and off_scale.context["form"].errors["mean"]
    assert twice.status_code == 400
    assert PublishedFigure.objects.count() == 1


def test_the_trend_begins_with_the_entered_years_marked_as_entered(client, actors, survey):
    client.force_login(actors.quality_developer)
    for year, mean in ((2019, "3.80"), (2021, "3.95")):
        _enter(client, year=year, area="NKI", mean=mean, n=150)
    _enter(client, year=2021, area="Mål", mean="3.70", n=148)
    _enter(client, year=2024, area="NKI", mean="4.10", n=99)  # after the first survey: not shown

    response = client.get(reverse("analys:trend"))

    rows = response.context["rows"]
    assert [r["label"] for r in rows] == ["2019", "2021", "2023"]
    assert rows[0]["entered"] and rows[1]["entered"] and not rows[2].get("entered")
    assert rows[1]["areas"]["NKI"].mean == 3.95 and rows[1]["areas"]["Mål"].n == 148
    assert rows[0]["areas"]["Mål"].mean is None
    assert "entered from a published report" in response.content.decode() or "inmatad" in response.content.decode()
    chart = client.get(reverse("analys:trend_chart", args=["svg"]))
    assert chart.status_code == 200


def test_a_provider_neither_enters_figures_nor_sees_them_in_its_trend(client, actors, survey):
    PublishedFigure.objects.create(year=2019, area="NKI", mean="3.8", n=161, source="Rapport")
    client.force_login(actors.member_a)

    assert client.get(reverse("analys:published")).status_code == 403
    rows = client.get(reverse("analys:trend")).context["rows"]
    assert all(not r.get("entered") for r in rows)
