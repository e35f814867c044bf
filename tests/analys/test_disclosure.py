"""Suppression that cannot be undone: the attacker of `disclosure_attack` against every export."""

from __future__ import annotations

import copy
import dataclasses
import io
import random

import numpy as np
import pandas as pd
import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analys import core
from analys.core import AnalysisResult, Figure, rake
from analys.core.definitions import build_grouping
from analys.export_json import analysis_document
from analys.export_xlsx import analysis_xlsx
from analys.loading import (
    AnalysisOptions,
    SurveyAnalysis,
    invited_frame,
    responses_frame,
    run_analysis,
    survey_questions,
)
from analys.xlsx_sheet import suppressed_text
from enkat import demo as enkat_demo
from enkat.models import Survey
from register import demo as register_demo
from register.dimensions import WEIGHTING_DIMENSIONS, dim_label, value_label
from tests.analys import test_core_properties as properties
from tests.analys.disclosure_attack import attack, from_json, from_xlsx

MAL = [("q4", "Mål"), ("q5", "Mål"), ("q6", "Mål")]
ARBETSPLATS = [("q7", "Arbetsplats"), ("q8", "Arbetsplats")]


def constant_weights(frame: pd.DataFrame, weights: np.ndarray, dims) -> dict[tuple[str, str], float]:
    """What a reader is assumed to know (a worst case): the weight of every group whose respondents share one."""
    out = {}
    for dim in dims:
        grouping = build_grouping(frame, dim)
        for g, label in enumerate(grouping.labels):
            w = weights[grouping.codes == g]
            if len(w) and w.min() == w.max():
                out[(grouping.name, label)] = float(w[0])
    return out


def hide(result: SurveyAnalysis, dim: str, value: str, measure: str, weighted: bool = False) -> None:
    """Hide one group figure of a result, as a (too weak) suppression would have."""
    groups = result.weighted.groups if weighted else result.groups
    group = next(g for g in groups[dim] if g.value == value)
    figures = group.areas if measure in group.areas else group.questions
    figures[measure] = Figure(figures[measure].n, None)


def group_mean(document: dict, dim: str, value: str, measure: str) -> float | None:
    group = next(g for g in document["groups"][dim] if g["value"] == value)
    kind = "areas" if measure in document["areas"] else "questions"
    return group[kind][measure]["mean"]


def survey_analysis(frame, questions, **kwargs) -> SurveyAnalysis:
    result = core.analyse(frame, questions, bootstrap=0, **kwargs)
    fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(AnalysisResult)}
    return SurveyAnalysis(**fields, survey="s", survey_name="S", dims=tuple(kwargs["dims"]))


def run(frame, questions, **kwargs) -> dict:
    return analysis_document(survey_analysis(frame, questions, **kwargs))


# --- the cases that per-measure suppression left open ------------------------------------------


def area_case() -> pd.DataFrame:
    """ar: 2 of 5 skip q5 (q5 n = 3); en: 5 who answered every Mål question; sv: 20."""
    rng = random.Random(11)
    rows = []
    for language, count in (("sv", 20), ("en", 5), ("ar", 5)):
        for i in range(count):
            answers = {code: float(rng.randint(2, 5)) for code, _ in MAL}
            if language == "ar" and i < 2:
                answers["q5"] = np.nan
            rows.append({"language": language, **answers})
    return pd.DataFrame(rows)


def test_the_attacker_reads_a_partner_off_its_area_index_when_each_measure_is_suppressed_alone():
    full = survey_analysis(area_case(), MAL, dims=["language"], min_n=1)
    truth = {lang: group_mean(analysis_document(full), "language", lang, "q5") for lang in ("en", "ar")}
    # What suppression per measure published: q5 of ar (n = 3) and its smallest sibling, en.
    result = dataclasses.replace(full, min_n=5)
    hide(result, "language", "ar", "q5")
    hide(result, "language", "en", "q5")
    document = analysis_document(result)
    found = {f.where: f.value for f in attack(from_json(document)) if f.kind == "figure"}
    assert found["language=en q5"] == pytest.approx(truth["en"])
    assert found["language=ar q5"] == pytest.approx(truth["ar"])
    # The same figures in a workbook give the same away.
    with translation.override("sv"):
        content = analysis_xlsx(result)
        published = from_xlsx(content, document, dim_label, value_label, suppressed_text())
    found = {f.where: f.value for f in attack(published) if f.kind == "figure"}
    assert found["language=en q5"] == pytest.approx(truth["en"])


def test_a_question_cannot_be_read_off_its_area_index_and_the_other_questions():
    document = run(area_case(), MAL, dims=["language"], min_n=5)
    assert group_mean(document, "language", "ar", "q5") is None
    assert attack(from_json(document)) == []


def partial_case() -> pd.DataFrame:
    """en: 4 respondents, one answered q8 only (q7 n = 3, q8 n = 4, Arbetsplats n = 4); sv: 12, two q7 only."""
    rng = random.Random(3)
    rows = []
    for language, count in (("sv", 12), ("en", 4)):
        for i in range(count):
            rows.append(
                {
                    "language": language,
                    "q7": np.nan if (language == "en" and i == 0) else float(rng.randint(1, 5)),
                    "q8": np.nan if (language == "sv" and i < 2) else float(rng.randint(1, 5)),
                }
            )
    return pd.DataFrame(rows)


def test_the_attacker_finds_a_single_respondents_answer_in_an_area_residual():
    frame = partial_case()
    result = dataclasses.replace(survey_analysis(frame, ARBETSPLATS, dims=["language"], min_n=1), min_n=3)
    # everything has n >= 3, so suppression per measure hid nothing
    found = {f.where: f.value for f in attack(from_json(analysis_document(result))) if f.kind == "residual"}
    lone_q8 = frame.loc[(frame["language"] == "en") & frame["q7"].isna(), "q8"].iloc[0]
    # residual = area sum - (q7 + q8) / 2 = q8 / 2 of the one who answered q8 only
    assert found["language=en Arbetsplats"] == pytest.approx(lone_q8 / 2)


def test_at_min_n_3_no_single_respondents_answer_comes_out():
    document = run(partial_case(), ARBETSPLATS, dims=["language"], min_n=3)
    assert attack(from_json(document)) == []
    hidden = [m for m in ("q7", "q8", "Arbetsplats") if group_mean(document, "language", "en", m) is None]
    assert hidden, "something of en must be hidden"


def gender_case() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Women 30, men 3, gender unknown 2 (men + unknown together 5: no partner needed per measure)."""
    rng = random.Random(5)
    genders = ["kvinna"] * 30 + ["man"] * 3 + [None] * 2
    frame = pd.DataFrame({"gender": genders, "q1": [float(rng.randint(1, 5)) for _ in genders]})
    invited = pd.DataFrame({"gender": ["kvinna"] * 40 + ["man"] * 20 + [None] * 10})
    return frame, invited


def test_the_attacker_solves_both_hidden_gender_cells_from_the_weighted_and_unweighted_totals():
    frame, invited = gender_case()
    kwargs = {"dims": ["gender"], "invited": invited, "weighted": True, "weighting_dims": ["gender"]}
    full = survey_analysis(frame, [("q1", "NKI")], min_n=1, **kwargs)
    truth = {v: group_mean(analysis_document(full), "gender", v, "q1") for v in ("man", "okänd")}
    result = dataclasses.replace(full, min_n=5)
    for value in ("man", "okänd"):
        for weighted in (False, True):
            for measure in ("q1", "NKI"):
                hide(result, "gender", value, measure, weighted)
    weights = constant_weights(frame, rake(frame, invited, ["gender"]).weights, ["gender"])
    found = {f.where: f.value for f in attack(from_json(analysis_document(result), weights)) if f.kind == "figure"}
    assert found["gender=man q1"] == pytest.approx(truth["man"])
    assert found["gender=okänd q1"] == pytest.approx(truth["okänd"])


def test_weighted_figures_do_not_give_away_hidden_gender_cells():
    frame, invited = gender_case()
    kwargs = {"dims": ["gender"], "invited": invited, "weighted": True, "weighting_dims": ["gender"]}
    document = run(frame, [("q1", "NKI")], min_n=5, **kwargs)
    assert group_mean(document, "gender", "man", "q1") is None
    assert document["questions"][0]["mean"] is not None  # the unweighted total is never hidden
    weights = constant_weights(frame, rake(frame, invited, ["gender"]).weights, ["gender"])
    assert attack(from_json(document, weights)) == []
    # the weighted total is what gave them away, so it is the one hidden
    assert document["weighted"]["questions"][0]["mean"] is None


# --- random surveys ----------------------------------------------------------------------------

QUESTIONS = [
    ("q1", "NKI"),
    ("q2", "NKI"),
    ("q3", "NKI"),
    ("q4", "Mål"),
    ("q5", "Mål"),
    ("q7", "Arbetsplats"),
    ("q8", "Arbetsplats"),
]
DIMS = ["gender", "age_group", "programme", "language", "programme*gender"]


def random_survey(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(25, 90))
    values = {
        "gender": ["kvinna", "man", None],
        "age_group": ["18-24", "25-39", "40-59", "60+"],
        "programme": ["A", "B", "C"],
        "language": ["sv", "en", "ar", "fa-af"],
    }
    skew = {"gender": [0.5, 0.45, 0.05], "language": [0.8, 0.1, 0.06, 0.04]}
    frame = pd.DataFrame({d: rng.choice(np.array(v, dtype=object), size=n, p=skew.get(d)) for d, v in values.items()})
    for code, area in QUESTIONS:
        answers = rng.integers(1, 6, size=n).astype(float)
        answers[rng.random(n) < (0.3 if area == "Arbetsplats" else 0.08)] = np.nan
        frame[code] = answers
    invited = pd.concat([frame[["gender", "programme"]]] * 3, ignore_index=True)
    invited.loc[::4, "gender"] = "kvinna"
    return frame, invited


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(properties.surveys, st.integers(min_value=2, max_value=8))
def test_the_attacker_finds_nothing_on_any_survey(df, min_n):
    _attack_generated(df, min_n)


# A survey that a random search found: the women's q3 (and so their NKI) was hidden as a partner although
# it is the survey total (no man answered q3), and with constant weights so was its weighted figure; the
# attacker read both off the total. Figures the totals alone fix are no longer chosen as partners.
KNOWN_GAP = pd.DataFrame(
    [
        {"gender": "kvinna", "programme": "A"},
        {"gender": "kvinna", "programme": "A"},
        {"gender": "kvinna", "programme": "A"},
        {"gender": "kvinna", "programme": "B", "q2": 1},
        {"gender": "man", "programme": "A", "q2": 1},
        {"gender": "kvinna", "programme": "A", "q2": 1, "q3": 1},
        {"gender": "kvinna", "programme": "B", "q2": 1, "q3": 1},
    ],
    columns=["gender", "programme", *[code for code, _ in properties.QUESTIONS]],
)


def test_the_attacker_finds_nothing_on_the_known_gap():
    _attack_generated(KNOWN_GAP, 2)


def _attack_generated(df, min_n):
    invited = pd.concat([df[["gender", "programme"]]] * 2, ignore_index=True)
    invited.loc[::3, "gender"] = "man"
    questions, dims = properties.QUESTIONS, properties.DIMS
    document = run(df, questions, dims=dims, min_n=min_n, invited=invited, weighted=True, weighting_dims=["gender"])
    weights = rake(df, invited, ["gender"]).weights if len(df) else None
    known = constant_weights(df, weights, dims) if weights is not None else {}
    assert attack(from_json(document, known)) == []


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("min_n", [3, 5, 8])
def test_the_attacker_finds_nothing_on_random_surveys(seed, min_n):
    frame, invited = random_survey(seed)
    weighting_dims = ["gender"] if seed % 2 else ["gender", "programme"]
    document = run(
        frame, QUESTIONS, dims=DIMS, min_n=min_n, invited=invited, weighted=True, weighting_dims=weighting_dims
    )
    weights = rake(frame, invited, weighting_dims).weights
    known = constant_weights(frame, weights, DIMS) if weights is not None else {}
    assert attack(from_json(document, known)) == []
    for q in document["questions"]:
        assert q["mean"] is not None or q["n"] < min_n  # survey totals are never hidden


# --- the demo's 2023 survey, as JSON and as a workbook -----------------------------------------


@pytest.fixture
def demo_survey(db) -> Survey:
    register_demo.seed(io.StringIO())
    enkat_demo.seed(io.StringIO())
    return Survey.objects.get(slug=enkat_demo.CLOSED_SLUG)


def demo_weights(survey: Survey, dims) -> dict[tuple[str, str], float]:
    questions, _texts = survey_questions(survey)
    frame = responses_frame(survey, [code for code, _ in questions])
    weights = rake(frame, invited_frame(survey), WEIGHTING_DIMENSIONS).weights
    return constant_weights(frame, weights, dims)


@pytest.mark.parametrize("min_n", [3, 5])
def test_the_attacker_finds_nothing_in_the_demo_json_or_workbook(demo_survey, min_n):
    options = AnalysisOptions(bootstrap=0, weighted=True, min_n=min_n)
    result = run_analysis(demo_survey, options, use_cache=False)
    document = analysis_document(result)
    weights = demo_weights(demo_survey, result.dims)
    assert attack(from_json(document, weights)) == []
    # Something is hidden for the attacker to look for (which groups survive closing depends on generalisation).
    assert any(
        f["mean"] is None for groups in document["groups"].values() for g in groups for f in g["questions"].values()
    )
    with translation.override("sv"):
        content = analysis_xlsx(copy.deepcopy(result))
        published = from_xlsx(content, document, dim_label, value_label, suppressed_text())
    # The workbook shows a figure only where the JSON does, and gives away nothing either.
    for key, mean in published.mean.items():
        assert mean is None or from_json(document).mean[key] == pytest.approx(mean)
    assert sum(m is not None for m in published.mean.values()) > 100
    shown_dims = {group[0] for (group, _measure), mean in published.mean.items() if mean is not None}
    # Frågor and Grupper both read. Which groups keep figures depends on what closing generalised in the
    # demo (every stored combination shared by min_n responses), so only "the total and some groups".
    assert "" in shown_dims and len(shown_dims - {""}) >= 2, shown_dims
    # The workbook leaves out the unknown gender and age columns; the JSON of the same set shows them,
    # so the attacker knows them too (else it would "find" a figure that is published anyway).
    for key, mean in from_json(document).mean.items():
        if published.mean.get(key) is None and mean is not None:
            published.mean[key] = mean
    assert attack(published) == []
