"""Intervals on the trend: each year's NKI and area means with the interval the analysis computes."""

import numpy as np
import pandas as pd
import pytest
from django.urls import reverse

from analys.core import analyse
from analys.core.area_intervals import area_intervals
from analys.figures import render, trend_figure
from tests.factories import analysed_survey, make_responses, standard_questions


def _frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    latent = rng.normal(3.8, 0.8, n)
    data = {f"q{j}": np.clip(np.round(latent + rng.normal(0, 0.6, n)), 1, 5) for j in (1, 2, 3)}
    frame = pd.DataFrame(data)
    frame.loc[rng.random(n) < 0.1, "q2"] = np.nan
    return frame


def test_an_area_of_one_question_gets_exactly_that_questions_bootstrap_interval():
    frame = _frame(80, seed=3)
    questions = [("q1", "NKI"), ("q2", "NKI"), ("q3", "Mål")]
    result = analyse(frame, questions, dims=(), bootstrap=500, seed=7, min_n=5)
    shown = {area: figure.mean for area, figure in result.areas.items()}

    intervals = area_intervals(frame, questions, shown, resamples=500, seed=7, analytic_threshold=10_000)

    q3 = next(q for q in result.questions if q.code == "q3")
    assert intervals["Mål"] == pytest.approx(q3.mean_ci, abs=1e-12)
    low, high = intervals["NKI"]
    assert low < result.areas["NKI"].mean < high


def test_above_the_analytic_threshold_the_interval_is_a_t_interval():
    frame = _frame(60, seed=4)
    questions = [("q1", "NKI"), ("q2", "NKI"), ("q3", "Mål")]
    scores = frame["q3"].to_numpy()
    shown = {"NKI": 4.0, "Mål": float(scores.mean())}

    intervals = area_intervals(frame, questions, shown, resamples=500, seed=0, analytic_threshold=10)

    half = 2.0009953 * scores.std(ddof=1) / np.sqrt(len(scores))  # t(0.975, 59)
    assert intervals["Mål"] == pytest.approx([scores.mean() - half, scores.mean() + half], abs=1e-6)


def test_a_hidden_or_uncomputed_mean_has_no_interval():
    frame = _frame(40, seed=5)
    questions = [("q1", "NKI"), ("q3", "Mål")]

    assert (
        area_intervals(frame, questions, {"NKI": 4.0, "Mål": None}, resamples=200, seed=0, analytic_threshold=99)["Mål"]
        is None
    )
    assert area_intervals(frame, questions, {"NKI": 4.0}, resamples=0, seed=0, analytic_threshold=99) == {
        "NKI": None,
        "Mål": None,
    }


@pytest.mark.django_db
def test_a_providers_trend_shows_each_years_interval_in_the_table_and_the_chart(client, actors):
    for year, seed in ((2022, 11), (2023, 12)):
        survey = analysed_survey(f"kundenkat-{year}", standard_questions(), year=year)
        make_responses(survey, 60, seed=seed)
    client.force_login(actors.member_a)

    response = client.get(reverse("analys:trend"))

    rows = response.context["rows"]
    assert len(rows) == 2
    for row in rows:
        for area, figure in row["areas"].items():
            low, high = row["intervals"][area]
            assert low < figure.mean < high
            assert high - low < 1.5
    html = response.content.decode()
    nki = rows[0]["intervals"]["NKI"]
    assert f"{nki[0]:.2f}".replace(".", ",") in html and f"{nki[1]:.2f}".replace(".", ",") in html
    assert html.count('class="ci-bar"') == sum(len(row["areas"]) for row in rows)


@pytest.mark.django_db
def test_the_downloaded_trend_chart_draws_the_intervals(client, actors):
    survey = analysed_survey("kundenkat-2023", standard_questions(), year=2023)
    make_responses(survey, 60, seed=1)
    client.force_login(actors.member_a)
    rows = client.get(reverse("analys:trend")).context["rows"]
    areas = list(rows[0]["areas"])

    with_intervals = trend_figure(rows, areas)
    without = trend_figure([{**row, "intervals": {}} for row in rows], areas)

    assert with_intervals is not None and without is not None
    caps = [line for ax in with_intervals.axes for line in ax.lines if line.get_marker() == "_"]
    assert len(caps) == 2 * len(areas)
    assert not [line for ax in without.axes for line in ax.lines if line.get_marker() == "_"]
    assert render(with_intervals, "svg") != render(without, "svg")
