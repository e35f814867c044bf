"""Primary and complementary suppression of group figures (docs/definitions.md, "Suppression").

The rule
--------
A figure (a question mean or an area index of a group) with 0 < n < min_n is
suppressed: its mean is not shown, its n is. A figure with n == 0 has no mean
at all and hides nothing (its sum is known to be 0).

Because n is shown, publishing a mean is publishing the sum mean*n. Every
table that shows a total and the groups of a partition of it gives a linear
relation ``sum(total) = sum(group_1) + ... + sum(group_k)``; a two-way table
(programme*gender) gives one relation per row (the programme group is the
total of its gender cells) and one per column. A suppressed figure is
*recoverable* when its sum is determined by the shown sums through these
relations, for instance when it is the only suppressed group of a partition
(total minus the others), or through a chain of rows and columns.
Complementary suppression repeats, until nothing is recoverable:

1. find the suppressed figures whose sum is determined (exactly: the unit
   vector of the figure lies in the row space of the relations restricted to
   the unknown sums, checked with an SVD null space), and the partitions of a
   shown total whose suppressed groups together have 0 < n < min_n (their
   combined figure would otherwise be readable by subtraction);
2. suppress, next to the first such figure, the shown sibling (same
   partition, n > 0) with the smallest n; ties go to the earlier group. For
   a suppressed margin of a two-way table its shown cells count as siblings;
   only when no sibling is left is a shown margin picked instead.

Every round hides one more figure, so the loop ends. The overall total is
never picked as a partner. Each measure (question or area) is suppressed on
its own, since each has its own n. Groups of a two-way grouping's
dimension that is not itself shown count as unknown (not secret) sums.
The rule protects exact values; it does not attempt interval protection from
the 1..5 answer range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.linalg import null_space


@dataclass(frozen=True)
class Relation:
    """`parent`'s sum equals the sum of its `children` (indices into a figure list)."""

    parent: int
    children: tuple[int, ...]


@dataclass
class SuppressionLayout:
    """Figures of one measure across all tables of a result, and their relations.

    `published[i]` is False for figures that no table shows (they are unknown
    to the reader but need no protection). `exempt` figures are never chosen
    as complementary partners (the overall total).
    """

    size: int
    relations: list[Relation] = field(default_factory=list)
    published: list[bool] = field(default_factory=list)
    exempt: set[int] = field(default_factory=set)


def suppress(layout: SuppressionLayout, n: Sequence[int], min_n: int) -> list[bool]:
    """Return, per figure, whether its mean must be hidden (primary + complementary)."""
    if len(n) != layout.size:
        raise ValueError("one n per figure is needed")
    n = [int(k) for k in n]
    published = layout.published or [True] * layout.size
    hidden = [published[i] and 0 < n[i] < min_n for i in range(layout.size)]
    while any(hidden):
        partner = None
        for exposure in _exposures(layout, n, hidden, published, min_n):
            partner = _partner(layout, n, hidden, published, exposure)
            if partner is not None:
                break
        if partner is None:
            break
        hidden[partner] = True
    return hidden


def _unknown(i: int, n: Sequence[int], hidden: list[bool], published: list[bool]) -> bool:
    return n[i] > 0 and (hidden[i] or not published[i])


Exposure = tuple[int, Relation | None]


def _exposures(
    layout: SuppressionLayout,
    n: Sequence[int],
    hidden: list[bool],
    published: list[bool],
    min_n: int,
) -> list[Exposure]:
    """Hidden figures (or groups of them) that a reader can currently work out.

    A pair (figure, relation) means: within `relation`, the hidden children
    together have too small an n. A pair (figure, None) means the figure's own
    sum is determined by the relations.
    """
    found: list[Exposure] = []
    for relation in layout.relations:
        if _unknown(relation.parent, n, hidden, published):
            continue
        unknown_children = [c for c in relation.children if _unknown(c, n, hidden, published)]
        if 0 < sum(n[c] for c in unknown_children) < min_n:
            found.append((unknown_children[0], relation))
    unknowns = [i for i in range(layout.size) if _unknown(i, n, hidden, published)]
    if not unknowns or not layout.relations:
        return found
    column = {figure: j for j, figure in enumerate(unknowns)}
    matrix = np.zeros((len(layout.relations), len(unknowns)))
    for r, relation in enumerate(layout.relations):
        if relation.parent in column:
            matrix[r, column[relation.parent]] += 1.0
        for child in relation.children:
            if child in column:
                matrix[r, column[child]] -= 1.0
    basis = null_space(matrix)
    for figure, j in column.items():
        if hidden[figure] and np.all(np.abs(basis[j]) < 1e-9):
            found.append((figure, None))
    return found


def _partner(
    layout: SuppressionLayout,
    n: Sequence[int],
    hidden: list[bool],
    published: list[bool],
    exposure: Exposure,
) -> int | None:
    """The shown figure with the smallest n that, hidden too, covers `exposure`."""
    figure, relation = exposure
    if relation is not None:
        siblings = list(relation.children)
        parents: list[int] = []
    else:
        siblings = []
        parents = []
        for rel in layout.relations:
            if figure == rel.parent:
                siblings.extend(rel.children)
            elif figure in rel.children:
                siblings.extend(rel.children)
                parents.append(rel.parent)

    def eligible(c: int) -> bool:
        return c != figure and published[c] and not hidden[c] and n[c] > 0 and c not in layout.exempt

    for pool in (siblings, parents):
        shown = [c for c in dict.fromkeys(pool) if eligible(c)]
        if shown:
            return min(shown, key=lambda c: (n[c], c))
    return None
