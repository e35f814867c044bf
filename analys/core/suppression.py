"""Primary and complementary suppression over one published set of figures (docs/definitions.md, "Suppression").

The rule
--------
A figure (a question mean or an area index of a group) with 0 < n < min_n is
suppressed: its mean is not shown, its n is. A figure with n == 0 has no mean
at all and hides nothing (its sum is known to be 0).

Because n is shown, publishing a mean is publishing the sum mean*n. Everything
published together (one page, one JSON, one workbook) is one system of exact
linear equations over these sums (see `analys.core.protection` for how the
analysis builds it): partitions of the total and the rows and columns of
two-way tables, per measure; each area index against its questions, per group;
and the weighted figures wherever their weights are constant within the groups
of a published table. A hidden figure is *recoverable* when its sum lies in the
row space of the equations restricted to the unknown sums, checked by exact
Gaussian elimination per connected component of the equations (see `_Solver`).
Figures marked sensitive that no table shows (a residual of a few respondents,
a hidden margin) must not be recoverable either when 0 < n < min_n.

Complementary suppression repeats until nothing is recoverable:

1. find the first exposure: the hidden groups of a partition of a known total
   that together have 0 < n < min_n (they could be read off together), or a
   hidden or sensitive figure whose sum is determined, or a hidden weighted
   figure whose weighted sum is determined;
2. hide a partner near it (see `_candidates`): nearest first, a shown
   weighted figure whose equation gives the figure away, then a shown
   sibling in a partition (smallest n, ties to the earlier), then another
   figure sharing an equation (an area and its questions). The first
   candidate whose hiding makes the exposure go away is taken (a weighted one
   only if a reader could not recover it once hidden); when none does alone,
   the first figure among the candidates is hidden and the loop goes on. A
   group of a partition read off together is covered by its smallest shown
   sibling.

A figure that the survey totals alone determine (say a group's, when every
other group of its partition has no answers: it is then the total) is never
a partner either: hiding it would hide nothing, and a reader would read it
off the total.

Every round hides one more figure, so the loop ends. Exempt figures (the
survey totals) are never picked as partners, so an exposure that only a total
could cover would stay (which is why the totals' residuals are not protected:
see `analys.core.protection`). A hidden figure's weighted counterpart is hidden
too. The rule protects exact values; it does not attempt interval protection
from the 1..5 answer range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

# How far from an exposed figure partners are looked for, and how many are tried one by one.
MAX_RINGS = 4
CANDIDATES_TRIED = 12


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


@dataclass(frozen=True)
class Equation:
    """sum(terms[i] * sum_i) is known; `source` is the weighted figure that publishes it, if any."""

    terms: dict[int, float]
    source: int | None = None


@dataclass
class WeightedFigure:
    """A weighted mean; `forms` are its weighted sum over figure sums, one per table that fixes it."""

    counterpart: int
    n: int
    forms: list[dict[int, float]] = field(default_factory=list)


@dataclass
class DisclosureSystem:
    """Every figure of one published set, as unknown sums tied by exact equations.

    `sensitive[i]` marks an unpublished figure that must stay unknown when
    0 < n < min_n (a residual of a few respondents); published figures are
    protected by being hidden.
    """

    n: list[int]
    published: list[bool]
    exempt: set[int] = field(default_factory=set)
    sensitive: list[bool] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    equations: list[Equation] = field(default_factory=list)
    weighted: list[WeightedFigure] = field(default_factory=list)

    def all_equations(self) -> list[Equation]:
        partitions = [Equation({r.parent: 1.0, **dict.fromkeys(r.children, -1.0)}) for r in self.relations]
        shown_weighted = [
            Equation(form, source=w) for w, figure in enumerate(self.weighted) for form in figure.forms if form
        ]
        return partitions + self.equations + shown_weighted


def suppress(layout: SuppressionLayout, n: Sequence[int], min_n: int) -> list[bool]:
    """Per figure of one measure, whether its mean must be hidden (primary + complementary)."""
    if len(n) != layout.size:
        raise ValueError("one n per figure is needed")
    system = DisclosureSystem(
        n=[int(k) for k in n],
        published=layout.published or [True] * layout.size,
        exempt=set(layout.exempt),
        relations=list(layout.relations),
    )
    hidden, _weighted = protect(system, min_n)
    return hidden


class _State:
    """The hidden pattern and the determinacy test for it."""

    def __init__(self, system: DisclosureSystem, min_n: int) -> None:
        self.system = system
        self.min_n = min_n
        size = len(system.n)
        self.sensitive = system.sensitive or [False] * size
        self.hidden = [system.published[i] and 0 < system.n[i] < min_n for i in range(size)]
        self.weighted_hidden = [self.hidden[w.counterpart] for w in system.weighted]
        self.equations = system.all_equations()
        self.exact = [{i: _modular(c) for i, c in e.terms.items() if c} for e in self.equations]
        self.cache: dict = {}
        self.partitions_of: dict[int, list[Relation]] = {}
        for relation in system.relations:
            for child in relation.children:
                self.partitions_of.setdefault(child, []).append(relation)
        self.touching: dict[int, list[int]] = {}
        for e, equation in enumerate(self.equations):
            for i in equation.terms:
                self.touching.setdefault(i, []).append(e)
        self._fixed: set[int] | None = None

    def unknown(self, i: int) -> bool:
        return self.system.n[i] > 0 and (self.hidden[i] or not self.system.published[i])

    def shown(self, i: int) -> bool:
        s = self.system
        return s.published[i] and not self.hidden[i] and s.n[i] > 0 and i not in s.exempt

    def active(self, equation: Equation) -> bool:
        return equation.source is None or not self.weighted_hidden[equation.source]

    def solver(self) -> _Solver:
        rows = [(e, self.exact[e]) for e, eq in enumerate(self.equations) if self.active(eq)]
        return _Solver(rows, self.unknown, self.cache)

    def form(self, terms: dict[int, float]) -> dict[int, int]:
        return {i: _modular(c) for i, c in terms.items() if c}

    def fixed(self) -> set[int]:
        """Figures the exempt totals alone determine (hiding every other figure would not hide them).

        Hiding one of these protects nothing and can never be protected itself: such a figure is
        never a complementary partner. (E.g. a group's figure when every other group of the
        partition has no answers: it is the survey total.)
        """
        if self._fixed is None:
            system = self.system

            def unknown(i: int) -> bool:
                return system.n[i] > 0 and i not in system.exempt

            rows = [(e, self.exact[e]) for e, eq in enumerate(self.equations) if eq.source is None]
            solver = _Solver(rows, unknown, {})
            self._fixed = {i for i in range(len(system.n)) if unknown(i) and solver.determined({i: 1})}
        return self._fixed


PRIME = 2**61 - 1


def _modular(value: float | Fraction) -> int:
    exact = Fraction(value)
    return exact.numerator * pow(exact.denominator, -1, PRIME) % PRIME


class _Solver:
    """The equations restricted to the unknown sums, in reduced row echelon form per component.

    Arithmetic is exact, modulo the prime 2**61 - 1 (Python integers): the
    coefficients are rationals (1, 1/k, and weights, whose floats are dyadic
    rationals), and a figure the rationals determine is determined modulo
    the prime too unless the prime divides a minor of the equations, which
    with entries this small does not happen in practice. Components whose
    equations and unknowns did not change are taken from `cache`.
    """

    def __init__(self, rows: list[tuple[int, dict[int, int]]], unknown, cache: dict) -> None:
        self.unknown = unknown
        self.cache = cache
        self.parent: dict[int, int] = {}
        restricted: list[tuple[int, dict[int, int]]] = []
        for e, row in rows:
            kept = {i: c for i, c in row.items() if unknown(i)}
            if kept:
                restricted.append((e, kept))
                first, *rest = kept
                for i in rest:
                    self._union(first, i)
        self.pending: dict[int, list[tuple[int, dict[int, int]]]] = {}
        for e, row in restricted:
            self.pending.setdefault(self.find(next(iter(row))), []).append((e, row))
        self.echelon: dict[int, dict[int, dict[int, int]]] = {}

    def find(self, i: int) -> int:
        parent = self.parent
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[root_b] = root_a

    def _rows(self, root: int) -> dict[int, dict[int, int]]:
        if root in self.echelon:
            return self.echelon[root]
        component = self.pending.get(root, [])
        key = (tuple(e for e, _row in component), frozenset(i for _e, row in component for i in row))
        pivots = self.cache.get(key)
        if pivots is None:
            pivots = {}
            for _e, row in component:
                row = _reduce(row, pivots)
                if not row:
                    continue
                pivot = min(row)
                inverse = pow(row[pivot], -1, PRIME)
                row = {i: c * inverse % PRIME for i, c in row.items()}
                for other in pivots.values():
                    factor = other.get(pivot)
                    if factor:
                        _subtract(other, row, factor)
                pivots[pivot] = row
            self.cache[key] = pivots
        self.echelon[root] = pivots
        return pivots

    def determined(self, terms: dict[int, int]) -> bool:
        """Whether sum(terms[i] * sum_i) is fixed by the equations (known sums count as fixed)."""
        parts: dict[int, dict[int, int]] = {}
        for i, c in terms.items():
            if c and self.unknown(i):
                parts.setdefault(self.find(i), {})[i] = c
        return all(not _reduce(part, self._rows(root)) for root, part in parts.items())


def _subtract(row: dict[int, int], other: dict[int, int], factor: int) -> None:
    for i, c in other.items():
        value = (row.get(i, 0) - factor * c) % PRIME
        if value:
            row[i] = value
        else:
            row.pop(i, None)


def _reduce(row: dict[int, int], pivots: dict[int, dict[int, int]]) -> dict[int, int]:
    """`row` minus its multiples of the (fully reduced) pivot rows: empty when it lies in their span."""
    row = dict(row)
    for pivot in [i for i in row if i in pivots]:
        factor = row.get(pivot)
        if factor:
            _subtract(row, pivots[pivot], factor)
    return row


Exposure = tuple[str, int, Relation | None]  # kind ("figure" or "weighted"), index, partition if combined


def protect(system: DisclosureSystem, min_n: int) -> tuple[list[bool], list[bool]]:
    """Hidden figures and hidden weighted figures, so that nothing hidden can be recovered."""
    state = _State(system, min_n)
    while True:
        chosen = None
        for exposure in _exposures(state):
            chosen = _partner(state, exposure)
            if chosen is not None:
                break
        if chosen is None:
            return state.hidden, state.weighted_hidden
        kind, index = chosen
        if kind == "weighted":
            state.weighted_hidden[index] = True
        else:
            state.hidden[index] = True
            for w, figure in enumerate(system.weighted):
                if figure.counterpart == index:
                    state.weighted_hidden[w] = True


def _exposures(state: _State) -> list[Exposure]:
    system, min_n = state.system, state.min_n
    found: list[Exposure] = []
    for relation in system.relations:
        if state.unknown(relation.parent):
            continue
        unknown = [c for c in relation.children if state.unknown(c)]
        if 0 < sum(system.n[c] for c in unknown) < min_n:
            found.append(("figure", unknown[0], relation))
    solver = state.solver()
    for i in range(len(system.n)):
        at_risk = state.hidden[i] or (state.sensitive[i] and not system.published[i] and 0 < system.n[i] < min_n)
        if at_risk and system.n[i] > 0 and solver.determined({i: 1}):
            found.append(("figure", i, None))
    for w, figure in enumerate(system.weighted):
        if not state.weighted_hidden[w] or figure.n == 0:
            continue
        if _weighted_determined(state, solver, w):
            found.append(("weighted", w, None))
    return found


def _partner(state: _State, exposure: Exposure) -> tuple[str, int] | None:
    system = state.system
    kind, index, relation = exposure
    fixed = state.fixed()
    if relation is not None:
        siblings = sorted(
            (c for c in relation.children if state.shown(c) and c not in fixed), key=lambda c: (system.n[c], c)
        )
        return ("figure", siblings[0]) if siblings else None
    support = [index] if kind == "figure" else list(dict.fromkeys(i for f in system.weighted[index].forms for i in f))
    candidates = [c for c in _candidates(state, support) if c[0] == "weighted" or c[1] not in fixed]
    candidates = candidates[:CANDIDATES_TRIED]
    for candidate in candidates:
        exposed, recoverable = _verdict(state, exposure, [candidate])
        # A hidden figure a reader could recover is protected in a later round; a weighted one could not be.
        if not exposed and not (recoverable and candidate[0] == "weighted"):
            return candidate
    weighted = [c for c in candidates if c[0] == "weighted"]
    if weighted and _verdict(state, exposure, weighted) == (False, False):
        return weighted[0]  # the weighted figures give it away together: hide them one by one
    figures = [c for c in candidates if c[0] == "figure"]
    return figures[0] if figures else None


def _candidates(state: _State, support: list[int]) -> list[tuple[str, int]]:
    """Shown figures that could cover an exposure, nearest first.

    Rings outwards from the exposed figure through the unknown sums it is tied
    to; within a ring: weighted figures whose equation is involved, then the
    figures that would not stand alone hidden in a partition (see `_cascade`),
    partition siblings before figures sharing another equation (an area and
    its questions), each by smallest n, ties to the earlier figure.
    """
    system = state.system
    seen = set(support)
    frontier = list(support)
    found: list[tuple[str, int]] = []
    for _ring in range(MAX_RINGS):
        ring: list[tuple[int, int, int, int, tuple[str, int]]] = []
        following: list[int] = []
        for i in frontier:
            for e in state.touching.get(i, []):
                equation = state.equations[e]
                if not state.active(equation):
                    continue
                if equation.source is not None:
                    ring.append((0, 0, 0, equation.source, ("weighted", equation.source)))
                pool = 1 if e < len(system.relations) else 2
                for j in equation.terms:
                    if j in seen:
                        continue
                    seen.add(j)
                    if state.unknown(j):
                        following.append(j)
                    elif state.shown(j):
                        ring.append((_cascade(state, j), pool, system.n[j], j, ("figure", j)))
        found.extend(c for *_key, c in sorted(ring, key=lambda item: item[:4]))
        if not following:
            break
        frontier = following
    return list(dict.fromkeys(found))


def _cascade(state: _State, i: int) -> int:
    """Partitions of a known total in which figure i, once hidden, would be the only unknown group."""
    count = 0
    for relation in state.partitions_of.get(i, []):
        if state.unknown(relation.parent):
            continue
        if not any(c != i and state.unknown(c) for c in relation.children):
            count += 1
    return count


def _verdict(state: _State, exposure: Exposure, hide: list[tuple[str, int]]) -> tuple[bool, bool]:
    """With `hide` hidden too: is the exposure still there, and could a reader recover one of `hide`?"""
    hidden, weighted_hidden = list(state.hidden), list(state.weighted_hidden)
    for kind, index in hide:
        if kind == "weighted":
            state.weighted_hidden[index] = True
        else:
            state.hidden[index] = True
    try:
        solver = state.solver()
        target_kind, target, _relation = exposure
        if target_kind == "figure":
            exposed = solver.determined({target: 1})
        else:
            exposed = _weighted_determined(state, solver, target)
        recoverable = any(
            solver.determined({index: 1}) if kind == "figure" else _weighted_determined(state, solver, index)
            for kind, index in hide
        )
        return exposed, recoverable
    finally:
        state.hidden, state.weighted_hidden = hidden, weighted_hidden


def _weighted_determined(state: _State, solver: _Solver, w: int) -> bool:
    return any(form and solver.determined(state.form(form)) for form in state.system.weighted[w].forms)
