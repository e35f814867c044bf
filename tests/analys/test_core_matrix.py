"""The åtgärdsmatris: effects, split lines, quadrants and their uncertainty."""

import statistics

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analys.core import quadrant
from analys.core.bootstrap import resample_counts
from analys.core.matrix import lmg_from_correlations
from tests.analys.core_as_dict import analyse

NAN = float("nan")
QUESTIONS = [("q1", "NKI"), ("q2", "NKI"), ("q3", "NKI"), ("q4", "Mål"), ("q5", "Mål")]


def small_survey() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "q1": [5, 4, 4, 2, 1, 3, 5, 2, NAN, 4],
            "q2": [5, 5, 3, 2, 2, 3, 4, NAN, 1, 4],
            "q3": [4, 4, 3, 1, 2, NAN, 5, 2, 2, 3],
            "q4": [5, 3, 4, 2, 1, 2, 4, 3, 2, NAN],
            "q5": [2, 4, 3, 3, 5, 1, 2, 4, 3, 3],
        }
    )


def run(df, questions=QUESTIONS, **kwargs):
    kwargs.setdefault("dims", [])
    kwargs.setdefault("bootstrap", 0)
    return analyse(df, questions, **kwargs)


def rows_mean(row, columns):
    answered = [row[c] for c in columns if not np.isnan(row[c])]
    need = -(-len(columns) // 2)
    return sum(answered) / len(answered) if len(answered) >= need else None


def test_effect_of_an_nki_question_is_the_corrected_item_total_correlation():
    df = small_survey()
    xs, ys, ys_uncorrected = [], [], []
    for _, row in df.iterrows():
        rest = rows_mean(row, ["q2", "q3"])
        full = rows_mean(row, ["q1", "q2", "q3"])
        if not np.isnan(row["q1"]) and rest is not None:
            xs.append(row["q1"])
            ys.append(rest)
            ys_uncorrected.append(full)
    expected = statistics.correlation(xs, ys)
    result = run(df)
    effect = result["questions"][0]["effect"]
    assert effect == pytest.approx(expected, abs=1e-12)
    assert result["questions"][0]["effect_n"] == len(xs)
    assert effect != pytest.approx(statistics.correlation(xs, ys_uncorrected), abs=1e-6)


def test_effect_of_another_question_uses_the_full_nki_score():
    df = small_survey()
    pairs = [
        (row["q4"], rows_mean(row, ["q1", "q2", "q3"]))
        for _, row in df.iterrows()
        if not np.isnan(row["q4"]) and rows_mean(row, ["q1", "q2", "q3"]) is not None
    ]
    expected = statistics.correlation([p[0] for p in pairs], [p[1] for p in pairs])
    assert run(df)["questions"][3]["effect"] == pytest.approx(expected, abs=1e-12)


def test_quadrant_names_and_a_point_on_a_line_counts_as_high():
    assert quadrant(4.0, 0.5, 3.0, 0.3) == "green"
    assert quadrant(4.0, 0.1, 3.0, 0.3) == "blue"
    assert quadrant(2.0, 0.1, 3.0, 0.3) == "yellow"
    assert quadrant(2.0, 0.5, 3.0, 0.3) == "orange"
    assert quadrant(3.0, 0.3, 3.0, 0.3) == "green"
    assert quadrant(3.0, 0.2999, 3.0, 0.3) == "blue"


def test_a_question_mean_exactly_on_the_default_split_is_high():
    # Means 2.5, 3.5 and 4.5: the default split is their mean, exactly 3.5.
    df = pd.DataFrame(
        {
            "q1": [1, 2, 3, 4, 5, 3, 4, 2],
            "q2": [2, 2, 4, 4, 5, 3, 4, 2],
            "a": [1, 2, 3, 4, 1, 3, 4, 2],
            "b": [3, 4, 3, 4, 3, 4, 3, 4],
            "c": [5, 4, 5, 4, 5, 4, 5, 4],
        }
    )
    questions = [("q1", "NKI"), ("q2", "NKI"), ("a", "X"), ("b", "X"), ("c", "X")]
    result = run(df, questions, plot_nki_questions=False)
    by_code = {q["code"]: q for q in result["questions"]}
    assert [by_code[c]["mean"] for c in "abc"] == [2.5, 3.5, 4.5]
    assert result["matrix"]["satisfaction_split"] == 3.5
    assert by_code["b"]["quadrant"] in ("green", "blue")
    assert by_code["a"]["quadrant"] in ("yellow", "orange")


def test_a_point_on_both_overridden_lines_is_green():
    df = small_survey()
    q4 = run(df)["questions"][3]
    on_lines = run(df, satisfaction_split=q4["mean"], effect_split=q4["effect"])
    assert on_lines["questions"][3]["quadrant"] == "green"
    nudged = run(df, satisfaction_split=q4["mean"] + 1e-9, effect_split=q4["effect"] + 1e-9)
    assert nudged["questions"][3]["quadrant"] == "yellow"


def test_split_lines_default_to_the_mean_of_plotted_points_and_can_be_overridden():
    df = small_survey()
    result = run(df)
    plotted = [q for q in result["questions"] if q["plotted"]]
    assert len(plotted) == 5
    assert result["matrix"]["satisfaction_split"] == pytest.approx(sum(q["mean"] for q in plotted) / 5)
    assert result["matrix"]["effect_split"] == pytest.approx(sum(q["effect"] for q in plotted) / 5)
    fixed = run(df, satisfaction_split=4.0, effect_split=-1.0)
    assert fixed["matrix"]["satisfaction_split"] == 4.0
    for q in fixed["questions"]:
        assert q["quadrant"] == ("green" if q["mean"] >= 4.0 else "orange")


def test_nki_questions_can_be_left_out_of_the_plot():
    df = small_survey()
    result = run(df, plot_nki_questions=False)
    nki = [q for q in result["questions"] if q["area"] == "NKI"]
    assert all(q["quadrant"] is None and not q["plotted"] for q in nki)
    assert all(q["effect"] is not None for q in nki)
    others = [q for q in result["questions"] if q["area"] != "NKI"]
    assert result["matrix"]["satisfaction_split"] == pytest.approx(sum(q["mean"] for q in others) / len(others))


def test_a_suppressed_question_has_no_effect_or_quadrant():
    df = small_survey()
    df.loc[2:, "q5"] = NAN  # two answers left
    q5 = run(df)["questions"][4]
    assert q5["n"] == 2
    assert q5["mean"] is None and q5["effect"] is None and q5["quadrant"] is None


def complete_survey(n=200, seed=3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = rng.normal(size=n)
    data = {}
    for code, _ in QUESTIONS:
        data[code] = np.clip(np.rint(3 + base + rng.normal(size=n)), 1, 5)
    return pd.DataFrame(data)


def standardised_ols(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    z = (x - x.mean(0)) / x.std(0)
    zy = (y - y.mean()) / y.std()
    design = np.column_stack([np.ones(len(z)), z])
    return np.linalg.lstsq(design, zy, rcond=None)[0][1:]


def test_regression_weights_match_ols_on_standardised_data():
    df = complete_survey()
    result = run(df, method="regression")
    assert result["method"] == "regression"
    nki = df[["q1", "q2", "q3"]].mean(axis=1).to_numpy()
    main = standardised_ols(df[["q4", "q5"]].to_numpy(), nki)
    assert result["questions"][3]["effect"] == pytest.approx(main[0], abs=1e-10)
    assert result["questions"][4]["effect"] == pytest.approx(main[1], abs=1e-10)
    rest = df[["q2", "q3"]].mean(axis=1).to_numpy()
    own = standardised_ols(df[["q4", "q5", "q1"]].to_numpy(), rest)
    assert result["questions"][0]["effect"] == pytest.approx(own[2], abs=1e-10)


def test_regression_imputes_missing_predictors_with_their_mean():
    df = complete_survey()
    df.loc[::7, "q4"] = NAN
    nki = df[["q1", "q2", "q3"]].mean(axis=1).to_numpy()
    x = df[["q4", "q5"]].copy()
    x["q4"] = x["q4"].fillna(x["q4"].mean())
    expected = standardised_ols(x.to_numpy(), nki)
    result = run(df, method="regression")
    assert result["questions"][3]["effect"] == pytest.approx(expected[0], abs=1e-10)


def test_lmg_with_two_predictors_averages_the_two_orderings():
    df = complete_survey()
    result = run(df, method="lmg")
    nki = df[["q1", "q2", "q3"]].mean(axis=1).to_numpy()
    x = df[["q4", "q5"]].to_numpy()
    r1 = np.corrcoef(x[:, 0], nki)[0, 1]
    r2 = np.corrcoef(x[:, 1], nki)[0, 1]
    beta = standardised_ols(x, nki)
    full = beta[0] * r1 + beta[1] * r2
    expected_q4 = (r1**2 + (full - r2**2)) / 2
    assert result["questions"][3]["effect"] == pytest.approx(expected_q4, abs=1e-10)
    assert result["questions"][3]["effect"] + result["questions"][4]["effect"] == pytest.approx(full, abs=1e-10)


def test_lmg_shares_add_up_to_the_full_r_squared():
    rng = np.random.default_rng(5)
    data = rng.normal(size=(300, 7))
    data[:, 6] += data[:, :6] @ rng.normal(size=6)
    corr = np.corrcoef(data, rowvar=False)
    shares = lmg_from_correlations(corr[None])[0]
    beta = np.linalg.solve(corr[:6, :6], corr[:6, 6])
    assert shares.sum() == pytest.approx(beta @ corr[:6, 6], abs=1e-12)
    assert (shares > 0).all()


def test_bootstrap_intervals_match_a_loop_over_the_same_resamples():
    df = small_survey()
    result = run(df, bootstrap=300, seed=11)
    assert result["uncertainty_method"] == "bootstrap"
    counts = resample_counts(len(df), 300, np.random.default_rng(11))
    answers = df["q4"].to_numpy()
    means = []
    for weights in counts:
        picked = [a for a, w in zip(answers, weights, strict=True) for _ in range(int(w))]
        picked = [a for a in picked if not np.isnan(a)]
        means.append(sum(picked) / len(picked))
    lo, hi = np.quantile(means, [0.025, 0.975])
    assert result["questions"][3]["mean_ci"] == pytest.approx([lo, hi], abs=1e-12)


def test_bootstrap_effect_interval_matches_a_loop_over_resampled_rows():
    df = small_survey()
    result = run(df, bootstrap=200, seed=4)
    rng = np.random.default_rng(4)
    draws = rng.integers(0, len(df), size=(200, len(df)))
    effects = []
    for rows in draws:
        sample = df.iloc[rows]
        pairs = [
            (r["q4"], rows_mean(r, ["q1", "q2", "q3"]))
            for _, r in sample.iterrows()
            if not np.isnan(r["q4"]) and rows_mean(r, ["q1", "q2", "q3"]) is not None
        ]
        xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
        effects.append(statistics.correlation(xs, ys) if len(set(xs)) > 1 and len(set(ys)) > 1 else NAN)
    effects = np.array(effects)
    lo, hi = np.quantile(effects[~np.isnan(effects)], [0.025, 0.975])
    assert result["questions"][3]["effect_ci"] == pytest.approx([lo, hi], abs=1e-9)


def test_stability_is_one_for_a_point_far_from_both_lines():
    df = complete_survey(n=150)
    df["q5"] = np.where(np.arange(150) % 10 == 0, 4.0, 5.0)  # high mean, near-zero effect
    result = run(df, bootstrap=200, satisfaction_split=3.0, effect_split=0.5)
    q5 = result["questions"][4]
    assert q5["quadrant"] == "blue"
    assert q5["stability"] == 1.0 and q5["unstable"] is False


def test_stability_is_low_for_a_point_on_the_line():
    df = complete_survey(n=150)
    result = run(df, bootstrap=300, seed=1)
    q4 = result["questions"][3]
    on_line = run(
        df,
        bootstrap=300,
        seed=1,
        satisfaction_split=q4["mean"],
        effect_split=q4["effect"],
    )
    q4_on_line = on_line["questions"][3]
    assert q4_on_line["stability"] < 0.8
    assert q4_on_line["unstable"] is True


def test_large_surveys_use_analytic_intervals():
    df = complete_survey(n=400)
    result = run(df, analytic_threshold=300, bootstrap=1000)
    assert result["uncertainty_method"] == "analytic"
    q4 = result["questions"][3]
    answers = df["q4"].dropna().to_numpy()
    expected = stats.t.interval(0.95, len(answers) - 1, loc=answers.mean(), scale=stats.sem(answers))
    assert q4["mean_ci"] == pytest.approx(list(expected), abs=1e-12)
    z = np.arctanh(q4["effect"])
    half = stats.norm.ppf(0.975) / np.sqrt(q4["effect_n"] - 3)
    assert q4["effect_ci"] == pytest.approx([np.tanh(z - half), np.tanh(z + half)], abs=1e-12)
    assert 0.0 <= q4["stability"] <= 1.0


def test_analytic_regression_effects_have_no_interval():
    result = run(complete_survey(n=400), analytic_threshold=300, method="regression")
    q4 = result["questions"][3]
    assert q4["effect"] is not None and q4["effect_ci"] is None and q4["stability"] is None
    assert q4["mean_ci"] is not None


@pytest.mark.parametrize("method", ["regression", "lmg"])
def test_bootstrap_of_model_effects_brackets_the_estimate(method):
    df = complete_survey(n=120)
    df.loc[::5, "q5"] = NAN
    result = run(df, method=method, bootstrap=200)
    for q in result["questions"]:
        lo, hi = q["effect_ci"]
        assert lo <= q["effect"] <= hi
