"""Hand-computed cases for the definitions of docs/definitions.md (no Django, no database)."""

import math
from dataclasses import asdict

import numpy as np
import pandas as pd
import pytest

from analys.core import build_grouping, clean_answers, respondent_area_scores
from analys.core.response import response_rates
from tests.analys.core_as_dict import analyse

NAN = float("nan")


def frame(**columns: list) -> pd.DataFrame:
    return pd.DataFrame(columns)


def run(df: pd.DataFrame, questions, **kwargs):
    kwargs.setdefault("dims", [])
    kwargs.setdefault("min_n", 1)
    kwargs.setdefault("bootstrap", 0)
    return analyse(df, questions, **kwargs)


def test_clean_answers_keeps_only_integers_one_to_five():
    raw = pd.DataFrame({"q": [1, 5, 0, 6, 2.5, "3", "vet ej", None, True, NAN, 4.0, -1]})
    cleaned = clean_answers(raw)[:, 0]
    expected = [1, 5, NAN, NAN, NAN, 3, NAN, NAN, NAN, NAN, 4, NAN]
    np.testing.assert_array_equal(cleaned, np.array(expected, dtype=float))


def test_clean_answers_accepts_a_plain_numeric_array():
    cleaned = clean_answers(np.array([[1.0, 7.0], [3.5, 5.0]]))
    np.testing.assert_array_equal(cleaned, [[1.0, NAN], [NAN, 5.0]])


def test_question_mean_and_n_count_only_valid_answers():
    df = frame(q1=[5, 4, NAN, 3, 0])  # 0 is not a valid answer
    result = run(df, [("q1", "NKI")])
    assert result["questions"][0]["n"] == 3
    assert result["questions"][0]["mean"] == pytest.approx(4.0)
    assert result["n_responses"] == 5


@pytest.mark.parametrize(
    "answers, expected",
    [
        ([5, NAN, NAN], NAN),  # 1 of 3: below ceil(3/2) = 2
        ([5, 2, NAN], 3.5),  # 2 of 3
        ([5, 2, 2], 3.0),
        ([NAN, NAN, NAN], NAN),
    ],
)
def test_area_score_needs_half_of_three_questions_rounded_up(answers, expected):
    score = respondent_area_scores(np.array([answers], dtype=float), [0, 1, 2])[0]
    assert (math.isnan(score) and math.isnan(expected)) or score == pytest.approx(expected)


@pytest.mark.parametrize(
    "answers, expected",
    [
        ([4, NAN], 4.0),  # k = 2: one answer is half
        ([NAN, NAN], NAN),
        ([5, 3, NAN, NAN], 4.0),  # k = 4: two answers are half
        ([5, NAN, NAN, NAN], NAN),
    ],
)
def test_area_score_with_an_even_number_of_questions(answers, expected):
    columns = list(range(len(answers)))
    score = respondent_area_scores(np.array([answers], dtype=float), columns)[0]
    assert (math.isnan(score) and math.isnan(expected)) or score == pytest.approx(expected)


def test_area_index_is_the_mean_of_respondent_scores_not_of_question_means():
    # Respondent scores: (5+3)/2 = 4, (2+NaN)/1 = 2, undefined; index (4+2)/2 = 3.
    # The mean of the question means would be ((5+2)/2 + 3/1)/2 = 3.25.
    df = frame(q1=[5, 2, NAN], q2=[3, NAN, NAN], q3=[1, 1, 1])
    result = run(df, [("q1", "Mål"), ("q2", "Mål"), ("q3", "NKI")])
    assert result["areas"]["Mål"] == {"n": 2, "mean": pytest.approx(3.0)}
    assert result["areas"]["NKI"] == {"n": 3, "mean": pytest.approx(1.0)}
    assert list(result["areas"]) == ["Mål", "NKI"]


def test_group_means_and_missing_values_form_an_unknown_group():
    df = frame(gender=["kvinna", "man", None, "kvinna", "  "], q1=[5, 2, 3, 4, 1])
    result = run(df, [("q1", "NKI")], dims=["gender"], unknown_label="saknas")
    groups = {g["value"]: g for g in result["groups"]["gender"]}
    assert list(groups) == ["kvinna", "man", "saknas"]
    assert groups["kvinna"]["n"] == 2
    assert groups["kvinna"]["questions"]["q1"] == {"n": 2, "mean": pytest.approx(4.5)}
    assert groups["saknas"]["questions"]["q1"] == {"n": 2, "mean": pytest.approx(2.0)}
    assert groups["man"]["areas"]["NKI"] == {"n": 1, "mean": pytest.approx(2.0)}


def test_two_way_groups_are_labelled_with_both_values():
    df = frame(
        programme=["SAI", "SAI", "Jobbpeng grund", "SAI"],
        gender=["kvinna", "man", "kvinna", "kvinna"],
        q1=[5, 1, 3, 4],
    )
    result = run(df, [("q1", "NKI")], dims=["programme*gender"])
    groups = {g["value"]: g for g in result["groups"]["programme*gender"]}
    assert list(groups) == ["Jobbpeng grund*kvinna", "SAI*kvinna", "SAI*man"]
    assert groups["SAI*kvinna"]["questions"]["q1"]["mean"] == pytest.approx(4.5)


def test_build_grouping_sorts_values_and_puts_unknown_last():
    grouping = build_grouping(frame(g=["b", None, "a", "b"]), "g")
    assert grouping.labels == ["a", "b", "okänd"]
    assert grouping.codes.tolist() == [1, 2, 0, 1]


def test_response_rate_overall_per_group_and_channel():
    responses = frame(gender=["kvinna", "kvinna", "man"], channel=["sms", "sms", "e-post"])
    invited = frame(
        gender=["kvinna"] * 4 + ["man"] * 6,
        channel=["sms"] * 5 + ["e-post"] * 5,
        undeliverable=[False] * 8 + [True, True],
    )
    rates = asdict(response_rates(responses, invited, ["gender"]))
    assert rates["overall"]["rate"] == pytest.approx(3 / 10)
    assert rates["overall"]["undeliverable"] == 2
    assert rates["overall"]["rate_delivered"] == pytest.approx(3 / 8)
    by_gender = {row["value"]: row for row in rates["groups"]["gender"]}
    assert by_gender["kvinna"]["rate"] == pytest.approx(2 / 4)
    assert by_gender["man"]["rate"] == pytest.approx(1 / 6)
    assert by_gender["man"]["undeliverable"] == 2
    by_channel = {row["value"]: row for row in rates["channels"]}
    assert by_channel["sms"]["rate"] == pytest.approx(2 / 5)
    assert by_channel["e-post"]["rate_delivered"] == pytest.approx(1 / 3)


def test_analyse_reports_response_rate_against_invited():
    df = frame(gender=["kvinna", "man"], q1=[5, 4])
    invited = frame(gender=["kvinna", "man", "man", "kvinna", "man"])
    result = run(df, [("q1", "NKI")], invited=invited, dims=["gender"])
    assert result["n_invited"] == 5
    assert result["response_rate"] == pytest.approx(2 / 5)
    assert result["response_rates"]["groups"]["gender"][1]["rate"] == pytest.approx(1 / 3)


def test_without_invited_there_is_no_response_rate():
    result = run(frame(q1=[5, 4]), [("q1", "NKI")])
    assert result["n_invited"] is None and result["response_rate"] is None


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="method"):
        run(frame(q1=[5]), [("q1", "NKI")], method="anova")
