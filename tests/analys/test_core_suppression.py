"""Primary and complementary suppression, checked the way a reader would attack it."""

import itertools

import numpy as np
import pandas as pd
import pytest

from analys.core import Relation, SuppressionLayout, suppress
from tests.analys.core_as_dict import analyse


def survey(groups: dict[str, int], answer: float = 4.0) -> pd.DataFrame:
    labels = [label for label, count in groups.items() for _ in range(count)]
    answers = [float(1 + (i % 5)) if answer is None else answer for i in range(len(labels))]
    return pd.DataFrame({"gender": labels, "q1": answers})


def gender_means(result) -> dict[str, float | None]:
    return {g["value"]: g["questions"]["q1"]["mean"] for g in result["groups"]["gender"]}


def run(df, dims=("gender",), **kwargs):
    return analyse(df, [("q1", "NKI")], dims=list(dims), bootstrap=0, **kwargs)


def test_a_group_below_min_n_shows_n_but_not_its_mean():
    result = run(survey({"a": 12, "b": 4, "c": 9}))
    group = result["groups"]["gender"][1]
    assert group["value"] == "b" and group["n"] == 4
    assert group["questions"]["q1"] == {"n": 4, "mean": None}
    assert group["areas"]["NKI"] == {"n": 4, "mean": None}


def test_min_n_is_a_parameter():
    result = run(survey({"a": 12, "b": 4, "c": 9}), min_n=4)
    assert gender_means(result)["b"] is not None


def test_a_lone_suppressed_group_gets_the_next_smallest_as_partner():
    means = gender_means(run(survey({"a": 10, "b": 7, "c": 3, "d": 8})))
    assert means["c"] is None  # primary
    assert means["b"] is None  # smallest other group: total minus a and d no longer reveals c
    assert means["a"] is not None and means["d"] is not None


def test_two_suppressed_groups_with_enough_answers_together_need_no_partner():
    means = gender_means(run(survey({"a": 10, "b": 3, "c": 4})))
    assert means == {"a": pytest.approx(4.0), "b": None, "c": None}


def test_suppressed_groups_whose_combined_n_is_too_small_get_a_partner():
    # b and c (2 + 2 = 4 < 5) could be read together as total minus a and d.
    means = gender_means(run(survey({"a": 10, "b": 2, "c": 2, "d": 6})))
    assert means["b"] is None and means["c"] is None and means["d"] is None
    assert means["a"] is not None


def test_the_overall_total_is_suppressed_only_when_too_small_itself():
    result = run(survey({"a": 3, "b": 1}))
    assert result["questions"][0]["mean"] is None
    assert result["areas"]["NKI"]["mean"] is None
    bigger = run(survey({"a": 5, "b": 1}))
    assert bigger["questions"][0]["mean"] is not None


def test_groups_with_no_answers_cannot_serve_as_partner():
    df = survey({"a": 10, "b": 3, "c": 2})
    df.loc[df["gender"] == "c", "q1"] = np.nan
    means = gender_means(run(df))
    assert means["b"] is None
    assert means["a"] is None  # the only group that can hide b: c has no sum to hide


def test_suppress_picks_the_smallest_sibling_and_never_the_total():
    layout = SuppressionLayout(size=4, relations=[Relation(0, (1, 2, 3))], exempt={0})
    assert suppress(layout, [30, 20, 8, 2], 5) == [False, False, True, True]


def test_suppress_breaks_ties_by_order():
    layout = SuppressionLayout(size=4, relations=[Relation(0, (1, 2, 3))], exempt={0})
    assert suppress(layout, [20, 8, 8, 4], 5) == [False, True, False, True]


def determined(relations, n, hidden, published):
    """Independent check: hidden figure i is determined iff adding e_i keeps the rank."""
    unknown = [i for i in range(len(n)) if n[i] > 0 and (hidden[i] or not published[i])]
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
    a = np.array(rows) if rows else np.zeros((0, len(unknown)))
    rank = np.linalg.matrix_rank(a) if len(a) else 0
    out = []
    for f in unknown:
        if not hidden[f]:
            continue
        e = np.zeros(len(unknown))
        e[col[f]] = 1
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            out.append(f)
    return out


def two_way_survey() -> pd.DataFrame:
    cells = {
        ("SAI", "kvinna"): 9,
        ("SAI", "man"): 2,  # primary
        ("Grund", "kvinna"): 7,
        ("Grund", "man"): 12,
        ("Förstärkt", "kvinna"): 6,
        ("Förstärkt", "man"): 8,
    }
    rows = [(p, g) for (p, g), count in cells.items() for _ in range(count)]
    df = pd.DataFrame(rows, columns=["programme", "gender"])
    df["q1"] = [float(1 + i % 5) for i in range(len(df))]
    return df


def test_two_way_table_is_protected_along_rows_and_columns():
    result = analyse(
        two_way_survey(),
        [("q1", "NKI")],
        dims=["programme", "gender", "programme*gender"],
        bootstrap=0,
    )
    cells = {g["value"]: g["questions"]["q1"] for g in result["groups"]["programme*gender"]}
    assert cells["SAI*man"]["mean"] is None
    by_row: dict[str, list[bool]] = {}
    by_col: dict[str, list[bool]] = {}
    for value, figure in cells.items():
        programme, gender = value.split("*")
        by_row.setdefault(programme, []).append(figure["mean"] is None)
        by_col.setdefault(gender, []).append(figure["mean"] is None)
    for flags in [*by_row.values(), *by_col.values()]:
        assert sum(flags) != 1, "a row or column with a single hidden cell can be subtracted"
    # and no hidden cell follows from any combination of shown totals
    figures = [result["questions"][0]]
    index = {}
    for dim in ("programme", "gender", "programme*gender"):
        for g in result["groups"][dim]:
            index[(dim, g["value"])] = len(figures)
            figures.append(g["questions"]["q1"])
    relations = [
        (0, [index[("programme", g["value"])] for g in result["groups"]["programme"]]),
        (0, [index[("gender", g["value"])] for g in result["groups"]["gender"]]),
    ]
    for (dim, value), i in index.items():
        if dim == "programme*gender":
            continue
        axis = 0 if dim == "programme" else 1
        relations.append(
            (
                i,
                [j for (d, v), j in index.items() if d == "programme*gender" and v.split("*")[axis] == value],
            )
        )
    n = [f["n"] for f in figures]
    hidden = [f["mean"] is None for f in figures]
    assert determined(relations, n, hidden, [True] * len(n)) == []


def test_a_hidden_margin_of_a_two_way_table_still_protects_cells():
    # Only the two-way table is shown: its cells still partition the total.
    df = pd.DataFrame(
        {
            "programme": ["A"] * 9 + ["B"] * 3,
            "gender": ["k"] * 4 + ["m"] * 5 + ["k"] * 3,
            "q1": [4.0] * 12,
        }
    )
    result = analyse(df, [("q1", "NKI")], dims=["programme*gender"], bootstrap=0)
    cells = {g["value"]: g["questions"]["q1"]["mean"] for g in result["groups"]["programme*gender"]}
    assert cells["B*k"] is None
    assert sum(mean is None for mean in cells.values()) >= 2


@pytest.mark.parametrize("sizes", list(itertools.product([0, 1, 3, 6, 9], repeat=3)))
def test_no_partition_is_left_with_a_single_readable_hidden_group(sizes):
    groups = {label: size for label, size in zip("abc", sizes, strict=True) if size}
    if not groups:
        return
    result = run(survey(groups))
    total_shown = result["questions"][0]["mean"] is not None
    hidden = [
        g["questions"]["q1"]["n"]
        for g in result["groups"]["gender"]
        if g["questions"]["q1"]["mean"] is None and g["questions"]["q1"]["n"] > 0
    ]
    if total_shown:
        assert sum(hidden) == 0 or sum(hidden) >= 5


def layout_from_result(result, dims):
    """Figures and partition relations of one measure, rebuilt from the result alone."""
    figures = [result["questions"][0]]
    index = {}
    for dim in dims:
        for g in result["groups"][dim]:
            index[(dim, g["value"])] = len(figures)
            figures.append(g["questions"]["q1"])
    relations = []
    for dim in dims:
        if "*" not in dim:
            relations.append((0, [i for (d, _), i in index.items() if d == dim]))
            continue
        for axis, margin in enumerate(dim.split("*")):
            for (d, value), i in list(index.items()):
                if d != margin:
                    continue
                cells = [j for (dd, v), j in index.items() if dd == dim and v.split("*")[axis] == value]
                relations.append((i, cells))
    n = [f["n"] for f in figures]
    hidden = [f["mean"] is None for f in figures]
    return relations, n, hidden


def test_a_partner_group_is_not_given_away_by_its_shown_cells():
    # Programme C is hidden (n = 3) and A (the smallest other) is its partner;
    # A must not be rebuilt from its programme*gender cells, which the column
    # rule alone would leave shown (it hides B*k, the smallest cell beside C*k).
    cells = {("A", "k"): 9, ("A", "m"): 5, ("B", "k"): 6, ("B", "m"): 10, ("C", "k"): 3}
    rows = [(p, g) for (p, g), count in cells.items() for _ in range(count)]
    df = pd.DataFrame(rows, columns=["programme", "gender"])
    df["q1"] = [float(1 + i % 5) for i in range(len(df))]
    dims = ["programme", "gender", "programme*gender"]
    result = analyse(df, [("q1", "NKI")], dims=dims, bootstrap=0)
    programmes = {g["value"]: g["questions"]["q1"]["mean"] for g in result["groups"]["programme"]}
    assert programmes["C"] is None
    assert programmes["A"] is None  # the partner
    cells_shown = {g["value"]: g["questions"]["q1"]["mean"] for g in result["groups"]["programme*gender"]}
    assert cells_shown["A*k"] is None or cells_shown["A*m"] is None
    relations, n, hidden = layout_from_result(result, dims)
    assert determined(relations, n, hidden, [True] * len(n)) == []
