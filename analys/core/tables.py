"""The published groupings of one analysis and their figures (the suppression pattern: `protection`).

Figure 0 is the overall total; then come the groups of each grouping in
`dims` order, then the hidden one-way margins of two-way groupings (needed by
complementary suppression, never published). See docs/definitions.md,
"Suppression".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .definitions import Grouping, GroupSums, build_grouping, group_sums, parse_dim, total_sums
from .result import Figure, GroupResult, WeightedQuestion, WeightedResult

# Per measure (questions, then areas), per figure: hidden or not.
Hidden = list[list[bool]]


@dataclass(frozen=True)
class Table:
    """A grouping and its sums; `published` is False for a hidden margin."""

    grouping: Grouping
    sums: GroupSums
    published: bool
    offset: int  # index of its first group in the suppression figure list


def measure_matrix(answers: np.ndarray, area_scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Questions then areas as columns: values (0 where missing) and validity (1.0/0.0)."""
    n, q = answers.shape
    m = q + area_scores.shape[1]
    values = np.empty((n, m), order="F")
    valid = np.empty((n, m), order="F")
    for j in range(m):
        column = answers[:, j] if j < q else area_scores[:, j - q]
        ok = ~np.isnan(column)
        valid[:, j] = ok
        values[:, j] = np.where(ok, column, 0.0)
    return values, valid


def tables(
    responses: pd.DataFrame,
    dims: Sequence[str],
    unknown_label: str,
    values: np.ndarray,
    valid: np.ndarray,
) -> list[Table]:
    """Published groupings in `dims` order, then hidden one-way margins of two-way ones."""
    names = list(dict.fromkeys("*".join(parse_dim(d)) for d in dims))
    wanted = [(name, True) for name in names]
    for name in names:
        for dim in parse_dim(name):
            if len(parse_dim(name)) == 2 and dim not in names and (dim, False) not in wanted:
                wanted.append((dim, False))
    out = []
    offset = 1  # figure 0 is the overall total
    for name, published in wanted:
        grouping = build_grouping(responses, name, unknown_label)
        sums = group_sums(values, valid, grouping.codes, grouping.size)
        out.append(Table(grouping, sums, published, offset))
        offset += grouping.size
    return out


def figures(sums: GroupSums, g: int, start: int, stop: int, hidden: Hidden, index: int, weighted: bool) -> list[Figure]:
    """Group `g`'s figures for measures start..stop; `index` is its place in the suppression list."""
    out = []
    for j in range(start, stop):
        n = int(sums.counts[g, j])
        denominator = sums.weight_sums[g, j] if weighted else n
        show = n > 0 and not hidden[j][index] and denominator > 0
        out.append(Figure(n, float(sums.sums[g, j] / denominator) if show else None))
    return out


def groups_output(
    tables: list[Table], codes: list[str], areas: list[str], hidden: Hidden, *, weights_mode: bool
) -> dict[str, list[GroupResult]]:
    q = len(codes)
    out: dict[str, list[GroupResult]] = {}
    for table in tables:
        if not table.published:
            continue
        rows = []
        for g, label in enumerate(table.grouping.labels):
            index = table.offset + g
            question_figures = figures(table.sums, g, 0, q, hidden, index, weights_mode)
            area_figures = figures(table.sums, g, q, q + len(areas), hidden, index, weights_mode)
            rows.append(
                GroupResult(
                    value=label,
                    n=int(table.sums.respondents[g]),
                    areas=dict(zip(areas, area_figures, strict=True)),
                    questions=dict(zip(codes, question_figures, strict=True)),
                )
            )
        out[table.grouping.name] = rows
    return out


def weighted_output(
    weights: np.ndarray,
    values: np.ndarray,
    valid: np.ndarray,
    tables: list[Table],
    hidden: Hidden,
    codes: list[str],
    areas: list[str],
) -> WeightedResult:
    """Weighted figures with the unweighted suppression pattern."""
    total = total_sums(values, valid, weights=weights)
    weighted_tables = [
        Table(
            t.grouping,
            group_sums(values, valid, t.grouping.codes, t.grouping.size, weights=weights),
            t.published,
            t.offset,
        )
        for t in tables
    ]
    q = len(codes)
    question_figures = figures(total, 0, 0, q, hidden, 0, True)
    area_figures = figures(total, 0, q, q + len(areas), hidden, 0, True)
    return WeightedResult(
        questions=[WeightedQuestion(code, f.n, f.mean) for code, f in zip(codes, question_figures, strict=True)],
        areas=dict(zip(areas, area_figures, strict=True)),
        groups=groups_output(weighted_tables, codes, areas, hidden, weights_mode=True),
    )
