"""The analysis' published figures as one system of equations, and which of them to hide.

Everything the result publishes together is one set: per measure (question or
area index) the total, the groups of every grouping and the cells of two-way
tables, unweighted and weighted. The unknowns are the figures' sums
(mean * n, since n is published). The exact equations the definitions imply:

- per measure, the total is the sum of the groups of each grouping, and each
  one-way group the sum of its cells in a two-way table (a margin that is not
  itself shown is an unknown that needs no protection);
- per group and area, ``area sum = (1/k) * sum of its k question sums + residual``.
  The residual is a sum over the respondents of the group who answered some
  but not all of the area's questions (for everyone else the area score is the
  mean of their answers): it is 0 when there are none, which ties the area to
  its questions exactly, and with 0 < count < min_n it would give away the
  answers of those few people, so it is protected like a hidden figure. The
  residuals add up over groups like any sum. The total's residual is not
  protected: the survey totals are always published, and nothing published
  singles out the people behind it;
- a weighted mean is a weighted sum over an unknown weighted count, so it is
  an equation only where the reader can know both: where every group of some
  shown table inside it has a single weight (assumed known to the reader, a
  worst case); ``mean_w * sum(w_i * n_i) = sum(w_i * sum_i)`` over those groups.

`analys.core.suppression.protect` then picks the complementary figures. A
weighted figure is hidden with its unweighted counterpart, and on its own
where its equation would give away a hidden figure (the weighted total
included: the survey totals that are never hidden are the unweighted ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .definitions import area_columns, areas_in_order
from .suppression import DisclosureSystem, Equation, Relation, WeightedFigure, protect


def hidden_figures(
    tables: Sequence[Any],
    questions: Sequence[tuple[str, str]],
    valid: np.ndarray,
    min_n: int,
    weights: np.ndarray | None = None,
) -> tuple[list[list[bool]], list[list[bool]]]:
    """Per measure, per figure (0 = total, then the tables' groups): hidden unweighted and weighted.

    `tables` hold `grouping`, `sums`, `published` and `offset` (index of the
    first group); `valid` is the respondents x measures validity matrix
    (questions, then areas in order).
    """
    q = len(questions)
    areas = areas_in_order(questions)
    measures = q + len(areas)
    size = 1 + sum(t.grouping.size for t in tables)
    incomplete = _incomplete(questions, areas, valid)
    n: list[int] = []
    published: list[bool] = []
    for j in range(measures + len(areas)):
        is_residual = j >= measures
        column = incomplete[:, j - measures] if is_residual else valid[:, j]
        n.append(int(round(column.sum())))
        published.append(not is_residual)
        for table in tables:
            counts = np.bincount(table.grouping.codes, weights=column, minlength=table.grouping.size)
            n.extend(int(round(k)) for k in counts)
            published.extend([table.published and not is_residual] * table.grouping.size)

    def fig(j: int, g: int) -> int:
        return j * size + g

    system = DisclosureSystem(n=n, published=published)
    system.exempt = {fig(j, 0) for j in range(measures + len(areas))}
    # A residual is secret when it is a few people's and not already the total's (the totals are published).
    system.sensitive = [False] * len(n)
    for a in range(len(areas)):
        everyone = n[fig(measures + a, 0)]
        for g in range(1, size):
            system.sensitive[fig(measures + a, g)] = n[fig(measures + a, g)] < everyone
    for j in range(measures):
        for g in range(1, size):
            system.sensitive[fig(j, g)] = not published[fig(j, g)]
    relations = _relations(tables)
    for j in range(measures + len(areas)):
        system.relations.extend(Relation(fig(j, r.parent), tuple(fig(j, c) for c in r.children)) for r in relations)
    for a, area in enumerate(areas):
        columns = area_columns(questions, area)
        for g in range(size):
            terms = {fig(q + a, g): 1.0, fig(measures + a, g): -1.0}
            for c in columns:
                terms[fig(c, g)] = -1.0 / len(columns)
            system.equations.append(Equation(terms))
    index: dict[tuple[int, int], int] = {}
    if weights is not None:
        for j in range(measures):
            for g, forms in _weighted_forms(tables, weights).items():
                index[(j, g)] = len(system.weighted)
                system.weighted.append(
                    WeightedFigure(
                        counterpart=fig(j, g),
                        n=n[fig(j, g)],
                        forms=[{fig(j, part): w for part, w in form.items()} for form in forms],
                    )
                )
    hidden, weighted_hidden = protect(system, min_n)
    unweighted = [[hidden[fig(j, g)] for g in range(size)] for j in range(measures)]
    weighted = [
        [weighted_hidden[index[(j, g)]] if (j, g) in index else hidden[fig(j, g)] for g in range(size)]
        for j in range(measures)
    ]
    return unweighted, weighted


def _incomplete(questions: Sequence[tuple[str, str]], areas: list[str], valid: np.ndarray) -> np.ndarray:
    """Per respondent and area: 1.0 when some but not all of the area's questions are answered."""
    out = np.zeros((valid.shape[0], len(areas)))
    for a, area in enumerate(areas):
        columns = area_columns(questions, area)
        answered = valid[:, columns].sum(axis=1)
        out[:, a] = (answered > 0) & (answered < len(columns))
    return out


def _relations(tables: Sequence[Any]) -> list[Relation]:
    """Partitions of one measure: the total over each one-way grouping, each margin over its cells."""
    one_way = {t.grouping.dims[0]: t for t in tables if len(t.grouping.dims) == 1}
    relations = []
    for table in tables:
        first = table.offset
        if len(table.grouping.dims) == 1:
            relations.append(Relation(0, tuple(range(first, first + table.grouping.size))))
            continue
        for axis, dim in enumerate(table.grouping.dims):
            margin = one_way[dim]
            for g, label in enumerate(margin.grouping.labels):
                cells = tuple(first + c for c, parts in enumerate(table.grouping.parts) if parts[axis] == label)
                if cells:
                    relations.append(Relation(margin.offset + g, cells))
    return relations


def _weighted_forms(tables: Sequence[Any], weights: np.ndarray) -> dict[int, list[dict[int, float]]]:
    """Per shown figure index (0 = total): the constant-weight groups of shown tables that make it up."""
    constant: dict[int, float] = {}
    for table in tables:
        if not table.published:
            continue
        size = table.grouping.size
        low = np.full(size, np.inf)
        high = np.full(size, -np.inf)
        np.minimum.at(low, table.grouping.codes, weights)
        np.maximum.at(high, table.grouping.codes, weights)
        for g in range(size):
            if low[g] == high[g]:
                constant[table.offset + g] = float(low[g])
    forms: dict[int, list[dict[int, float]]] = {0: []}
    published = [t for t in tables if t.published]
    for table in published:
        groups = range(table.offset, table.offset + table.grouping.size)
        if all(g in constant for g in groups):
            forms[0].append({g: constant[g] for g in groups})
    for table in published:
        if len(table.grouping.dims) != 1:
            continue
        dim = table.grouping.dims[0]
        for g, label in enumerate(table.grouping.labels):
            index = table.offset + g
            forms[index] = [{index: constant[index]}] if index in constant else []
            for other in published:
                if len(other.grouping.dims) != 2 or dim not in other.grouping.dims:
                    continue
                axis = other.grouping.dims.index(dim)
                cells = [other.offset + c for c, parts in enumerate(other.grouping.parts) if parts[axis] == label]
                if cells and all(c in constant for c in cells):
                    forms[index].append({c: constant[c] for c in cells})
    for table in published:
        if len(table.grouping.dims) == 2:
            for g in range(table.offset, table.offset + table.grouping.size):
                forms[g] = [{g: constant[g]}] if g in constant else []
    return forms
