"""Properties that must hold for any survey (hypothesis)."""

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.analys.core_as_dict import analyse

QUESTIONS = [("q1", "NKI"), ("q2", "NKI"), ("q3", "NKI"), ("q4", "Mål"), ("q5", "Mål")]
DIMS = ["gender", "programme", "programme*gender"]
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

answer = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
row = st.fixed_dictionaries(
    {
        "gender": st.sampled_from(["kvinna", "man", None]),
        "programme": st.sampled_from(["A", "B", "C", "D"]),
        **{code: answer for code, _ in QUESTIONS},
    }
)
surveys = st.lists(row, min_size=0, max_size=60).map(
    lambda rows: pd.DataFrame(rows, columns=["gender", "programme", *[c for c, _ in QUESTIONS]])
)


def figures(node, path=""):
    """Every dict in the result that carries both an "n" and a "mean"."""
    if isinstance(node, dict):
        if "n" in node and "mean" in node:
            yield path, node
        for key, value in node.items():
            yield from figures(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from figures(value, f"{path}[{i}]")


def assert_same(a, b, path=""):
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), path
        for key in a:
            assert_same(a[key], b[key], f"{path}/{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{path}[{i}]")
    elif isinstance(a, float):
        assert isinstance(b, float) and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), path
    else:
        assert a == b, path


@PROPERTY_SETTINGS
@given(surveys, st.randoms(use_true_random=False))
def test_row_order_changes_nothing(df, rnd):
    order = list(range(len(df)))
    rnd.shuffle(order)
    shuffled = df.iloc[order].reset_index(drop=True)
    kwargs = {"dims": DIMS, "bootstrap": 0}
    assert_same(analyse(df, QUESTIONS, **kwargs), analyse(shuffled, QUESTIONS, **kwargs))


@PROPERTY_SETTINGS
@given(surveys, st.integers(min_value=1, max_value=8))
def test_no_figure_below_min_n_is_ever_shown(df, min_n):
    invited = pd.concat([df[["gender", "programme"]]] * 2, ignore_index=True)
    result = analyse(
        df,
        QUESTIONS,
        dims=DIMS,
        min_n=min_n,
        bootstrap=20,
        invited=invited,
        weighted=True,
        weighting_dims=["gender", "programme"],
    )
    seen = 0
    for path, figure in figures(result):
        seen += 1
        if figure["mean"] is not None:
            assert figure["n"] >= min_n, path
    assert seen > 0
    for q in result["questions"]:
        if q["n"] < min_n:
            assert q["mean"] is None and q["effect"] is None and q["quadrant"] is None
            assert q["mean_ci"] is None
    for table in result["groups"].values():
        for group in table:
            if group["n"] < min_n:
                assert all(f["mean"] is None for f in group["questions"].values())
                assert all(f["mean"] is None for f in group["areas"].values())


@PROPERTY_SETTINGS
@given(surveys)
def test_no_single_hidden_group_can_be_read_off_a_shown_total(df):
    result = analyse(df, QUESTIONS, dims=DIMS, bootstrap=0)
    measures = [code for code, _ in QUESTIONS]
    for code in measures:
        total = result["questions"][measures.index(code)]
        if total["mean"] is None:
            continue
        for dim in ("gender", "programme"):
            hidden_n = [
                g["questions"][code]["n"]
                for g in result["groups"][dim]
                if g["questions"][code]["mean"] is None and g["questions"][code]["n"] > 0
            ]
            assert sum(hidden_n) == 0 or sum(hidden_n) >= 5, (code, dim, hidden_n)


def varied_survey(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 40
    base = rng.normal(size=n)
    data = {c: np.clip(np.rint(3.5 + base + rng.normal(size=n)), 1, 5) for c, _ in QUESTIONS}
    return pd.DataFrame(data)


@settings(max_examples=15, deadline=None)
@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=2**32),
)
def test_bootstrap_is_reproducible_for_a_seed_and_differs_for_another(data_seed, seed):
    df = varied_survey(data_seed)
    first = analyse(df, QUESTIONS, dims=[], bootstrap=200, seed=seed)
    again = analyse(df, QUESTIONS, dims=[], bootstrap=200, seed=seed)
    other = analyse(df, QUESTIONS, dims=[], bootstrap=200, seed=seed + 1)
    assert first == again
    intervals = [(q["mean_ci"], q["effect_ci"], q["stability"]) for q in first["questions"]]
    other_intervals = [(q["mean_ci"], q["effect_ci"], q["stability"]) for q in other["questions"]]
    assert intervals != other_intervals


def determined_hidden(relations, n, hidden):
    """Hidden figures whose sum follows from the shown ones (rank test, no library code)."""
    unknown = [i for i in range(len(n)) if n[i] > 0 and hidden[i]]
    col = {f: k for k, f in enumerate(unknown)}
    rows = []
    for parent, children in relations:
        row = np.zeros(len(unknown))
        if parent in col:
            row[col[parent]] += 1
        for c in children:
            if c in col:
                row[col[c]] -= 1
        rows.append(row)
    if not unknown or not rows:
        return []
    a = np.array(rows)
    rank = np.linalg.matrix_rank(a)
    found = []
    for f in unknown:
        e = np.zeros(len(unknown))
        e[col[f]] = 1
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            found.append(f)
    return found


@PROPERTY_SETTINGS
@given(surveys)
def test_no_hidden_figure_can_be_solved_from_shown_totals_rows_and_columns(df):
    result = analyse(df, QUESTIONS, dims=DIMS, bootstrap=0)
    for position, (code, _) in enumerate(QUESTIONS):
        figures = [result["questions"][position]]
        index = {}
        for dim in DIMS:
            for g in result["groups"][dim]:
                index[(dim, g["value"])] = len(figures)
                figures.append(g["questions"][code])
        relations = []
        for dim in ("gender", "programme"):
            relations.append((0, [i for (d, _), i in index.items() if d == dim]))
        for axis, margin in enumerate(("programme", "gender")):
            for (d, value), i in list(index.items()):
                if d == margin:
                    cells = [
                        j for (dd, v), j in index.items() if dd == "programme*gender" and v.split("*")[axis] == value
                    ]
                    relations.append((i, cells))
        n = [f["n"] for f in figures]
        hidden = [f["mean"] is None for f in figures]
        assert determined_hidden(relations, n, hidden) == [], code


PLAIN = {dict, list, str, int, float, bool, type(None)}


def assert_plain(node, path=""):
    assert type(node) in PLAIN, f"{path}: {type(node).__name__}"
    if isinstance(node, dict):
        for key, value in node.items():
            assert type(key) is str, f"{path}: key {key!r}"
            assert_plain(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            assert_plain(value, f"{path}[{i}]")


@PROPERTY_SETTINGS
@given(surveys, st.sampled_from(["correlation", "regression", "lmg"]))
def test_the_result_is_plain_python_data(df, method):
    invited = pd.concat([df[["gender", "programme"]]] * 3, ignore_index=True)
    invited["channel"] = ["sms", "e-post", "sms"] * (len(invited) // 3)
    invited["undeliverable"] = [False, True, False] * (len(invited) // 3)
    result = analyse(
        df,
        QUESTIONS,
        dims=DIMS,
        method=method,
        bootstrap=10,
        invited=invited,
        weighted=True,
        weighting_dims=["gender", "programme"],
    )
    assert_plain(result)
