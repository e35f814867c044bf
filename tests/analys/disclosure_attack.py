"""The attacker: try to work out every suppressed figure from what an export publishes.

It reads an export (the analysis JSON, or the figures of the Excel workbook)
and knows only what the export says plus the definitions of docs/definitions.md. Every
published mean with its n is a known sum (sum = mean * n); every hidden one is
an unknown. The relations the definitions imply, all exact and linear:

- a one-way grouping partitions the respondents: the total's sum is the sum of
  its groups' sums, per measure (question or area);
- a two-way table: each row and each column sums to its one-way group (an
  unpublished margin is one more unknown);
- an area index and its questions: when the counts show that everyone in a
  group answered every question of the area (each question's n equals the
  group's respondents), the area's sum is the mean of the questions' sums;
  for a two-question area the counts give the number of respondents who
  answered one question only, and when it is 0 the same holds;
- weighted figures: where the reader knows the weight of each group of a
  published table (a worst case: the tests hand over the true weights), a
  shown weighted mean of a group made of such groups gives
  ``mean_w * sum(w_i * n_i) = sum(w_i * sum_i)``.

Everything goes into one system over all measures at once, solved exactly in
rational arithmetic (Gaussian elimination over `Fraction`, per connected
component). A target is recovered when it lies in the row space. Targets:
each hidden figure, each hidden weighted figure whose denominator is known,
the hidden groups of a partition together when their n is below min_n, and
the area residual (area sum minus the mean of the question sums) of a group
in which the counts prove that between 1 and min_n - 1 respondents answered
the area only in part: that residual is a sum over those few respondents, so
a reader who gets it learns their answers. (Not for the survey total: it is
always published, and nothing published says whose answers it holds; nor for
a group whose siblings are all shown to be complete: its residual is the
total's.)
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from openpyxl import load_workbook

TOTAL = ("", "")
Key = tuple[tuple[str, str], str]  # ((dim, value), measure); the total is ("", "")


@dataclass
class Published:
    """The figures of one export, keyed by ((dim, value), measure)."""

    min_n: int
    areas: dict[str, list[str]]
    n: dict[Key, int] = field(default_factory=dict)
    mean: dict[Key, float | None] = field(default_factory=dict)
    respondents: dict[tuple[str, str], int] = field(default_factory=dict)
    two_way: dict[str, list[str]] = field(default_factory=dict)  # name -> cell values
    weighted_mean: dict[Key, float | None] = field(default_factory=dict)
    # Side knowledge (worst case): the weight shared by every respondent of a group.
    weights: dict[tuple[str, str], Fraction] = field(default_factory=dict)

    @property
    def measures(self) -> list[str]:
        codes = [code for codes in self.areas.values() for code in codes]
        return [*codes, *self.areas]

    def groups_of(self, dim: str) -> list[tuple[str, str]]:
        return [g for g in self.respondents if g[0] == dim]

    def dims(self) -> list[str]:
        return list(dict.fromkeys(g[0] for g in self.respondents if g != TOTAL))


@dataclass(frozen=True)
class Finding:
    kind: str  # "figure", "weighted", "combination" or "residual"
    where: str
    value: float


def from_json(document: Mapping[str, Any], weights: Mapping[tuple[str, str], float] | None = None) -> Published:
    areas: dict[str, list[str]] = defaultdict(list)
    for q in document["questions"]:
        areas[q["area"]].append(q["code"])
    for area in document["areas"]:
        areas.setdefault(area, [])
    pub = Published(min_n=int(document["min_n"]), areas=dict(areas))
    pub.respondents[TOTAL] = int(document["n_responses"])
    for q in document["questions"]:
        pub.n[(TOTAL, q["code"])], pub.mean[(TOTAL, q["code"])] = q["n"], q["mean"]
    for area, figure in document["areas"].items():
        pub.n[(TOTAL, area)], pub.mean[(TOTAL, area)] = figure["n"], figure["mean"]
    for dim, groups in document["groups"].items():
        if "*" in dim:
            pub.two_way[dim] = [g["value"] for g in groups]
        for g in groups:
            pub.respondents[(dim, g["value"])] = int(g["n"])
            for kind in ("questions", "areas"):
                for measure, figure in g[kind].items():
                    pub.n[((dim, g["value"]), measure)] = figure["n"]
                    pub.mean[((dim, g["value"]), measure)] = figure["mean"]
    weighted = document.get("weighted")
    if weighted:
        for q in weighted["questions"]:
            pub.weighted_mean[(TOTAL, q["code"])] = q["mean"]
        for area, figure in weighted["areas"].items():
            pub.weighted_mean[(TOTAL, area)] = figure["mean"]
        for dim, groups in weighted["groups"].items():
            for g in groups:
                for kind in ("questions", "areas"):
                    for measure, figure in g[kind].items():
                        pub.weighted_mean[((dim, g["value"]), measure)] = figure["mean"]
    for group, weight in (weights or {}).items():
        pub.weights[group] = Fraction(weight)
    return pub


def from_xlsx(content: bytes, document: Mapping[str, Any], dim_label, value_label, suppressed: str) -> Published:
    """The figures the workbook shows; the counts (n) come from the JSON of the same analysis.

    Every mean of the Frågor and Grupper sheets and the weighted area indices
    of Sammanfattning are read; a cell reading `suppressed` is hidden, and so
    is a figure that the JSON has but the workbook does not show.
    """
    full = from_json(document)
    pub = Published(min_n=full.min_n, areas=full.areas, n=dict(full.n), respondents=dict(full.respondents))
    pub.two_way = dict(full.two_way)
    pub.mean = dict.fromkeys(full.mean)
    workbook = load_workbook(io.BytesIO(content))
    labels = {(dim, value_label(dim, value)): (dim, value) for dim, value in full.respondents if dim}
    dims = {dim_label(dim): dim for dim, _value in full.respondents if dim}
    # The Frågor sheet names a question by its code beside its text ("q1 Har stödet …"), or by either alone.
    texts = {
        label: q["code"]
        for q in document["questions"]
        for label in (q["code"], q["text"], f"{q['code']} {q['text']}" if q["text"] else q["code"])
        if label
    }

    def read(value: object) -> float | None:
        if value == suppressed or value is None:
            return None
        return float(value)

    headers = 0
    columns: list[Any] = []
    for row in workbook["Frågor"].iter_rows(values_only=True):
        if len(row) > 3 and all(isinstance(v, str) for v in row[:4]):
            headers += 1
            columns = list(row[3:])
            continue
        if headers != 1 or len(row) < 4 or row[2] is None or row[1] is None:
            continue
        measure = texts.get(row[1]) if row[0] is not None else row[2]
        for offset, column in enumerate(columns):
            if column is None:
                continue
            group = TOTAL if offset == 0 else _group_by_label(labels, {"gender", "age_group"}, column)
            pub.mean[(group, measure)] = read(row[3 + offset])
    dim = None
    header: list[Any] = []
    for row in workbook["Grupper"].iter_rows(values_only=True):
        if not row or row[0] is None:
            continue
        if row[0] in dims and (len(row) < 2 or row[1] is None):
            dim, header = dims[row[0]], []
        elif len(row) > 1 and isinstance(row[1], str):
            header = list(row)
        elif dim and header and isinstance(row[1], int):
            group = _group_by_label(labels, {dim}, row[0])
            for offset, label in enumerate(header[2:], start=2):
                if label is not None:
                    pub.mean[(group, _measure(label, texts))] = read(row[offset])
    weighted_column = None
    for row in workbook["Sammanfattning"].iter_rows(values_only=True):
        if weighted_column is not None and row and row[0] in pub.areas:
            pub.weighted_mean[(TOTAL, row[0])] = read(row[weighted_column])
        elif row and len(row) > 3 and all(isinstance(v, str) for v in row[:4]):
            weighted_column = 3
    return pub


def _measure(label: str, texts: Mapping[str, str]) -> str:
    """A column header's measure: an area as it stands, a question by its code (headers read "q1 Har stödet …")."""
    if label in texts:
        return texts[label]
    code = label.split(" ", 1)[0]
    return code if code in texts.values() else label


def _group_by_label(labels, dims, label) -> tuple[str, str]:
    found = [g for (dim, text), g in labels.items() if text == label and (dims is None or dim in dims)]
    if len(found) != 1:
        raise AssertionError(f"workbook label {label!r} matches {found}")
    return found[0]


# --- the exact solver -------------------------------------------------------------------------


class _System:
    """Linear equations over the unknown sums, kept in reduced row echelon form per component."""

    def __init__(self) -> None:
        self.rows: dict[Key, tuple[dict[Key, Fraction], float]] = {}  # pivot -> (row, rhs)

    def reduce(self, row: dict[Key, Fraction], rhs: float) -> tuple[dict[Key, Fraction], float]:
        row = dict(row)
        for pivot in [k for k in row if k in self.rows]:
            factor = row.get(pivot)
            if not factor:
                continue
            other, other_rhs = self.rows[pivot]
            for k, c in other.items():
                value = row.get(k, Fraction(0)) - factor * c
                if value:
                    row[k] = value
                else:
                    row.pop(k, None)
            rhs -= float(factor) * other_rhs
        return row, rhs

    def add(self, row: dict[Key, Fraction], rhs: float) -> None:
        row, rhs = self.reduce(row, rhs)
        if not row:
            return
        pivot = min(row, key=repr)
        scale = row[pivot]
        row = {k: c / scale for k, c in row.items()}
        rhs = rhs / float(scale)
        for other_pivot, (other, other_rhs) in list(self.rows.items()):
            factor = other.get(pivot)
            if not factor:
                continue
            for k, c in row.items():
                value = other.get(k, Fraction(0)) - factor * c
                if value:
                    other[k] = value
                else:
                    other.pop(k, None)
            self.rows[other_pivot] = (other, other_rhs - float(factor) * rhs)
        self.rows[pivot] = (row, rhs)

    def solve(self, target: dict[Key, Fraction]) -> float | None:
        """The value of sum(target[k] * x[k]) when the equations fix it, else None."""
        rest, value = self.reduce(target, 0.0)
        return None if rest else -value


class _Builder:
    def __init__(self, pub: Published) -> None:
        self.pub = pub
        self.n: dict[Key, int] = dict(pub.n)
        self.respondents = dict(pub.respondents)
        self.known: dict[Key, float] = {}
        for key, mean in pub.mean.items():
            if mean is not None:
                self.known[key] = mean * pub.n[key]
            elif pub.n.get(key, 0) == 0:
                self.known[key] = 0.0
        self.equations: list[tuple[dict[Key, Fraction], float]] = []
        # kind, where, terms (over known and unknown sums), divisor of the value
        self.targets: list[tuple[str, str, dict[Key, Fraction], float]] = []
        self.complete: set[tuple[tuple[str, str], str]] = set()
        self.residuals: list[tuple[tuple[str, str], str, dict[Key, Fraction]]] = []

    def equation(self, terms: Iterable[tuple[Key, Fraction]], rhs: float = 0.0) -> None:
        """sum(c * x) = rhs with the known x moved to the right."""
        row: dict[Key, Fraction] = {}
        for key, c in terms:
            if key in self.known:
                rhs -= float(c) * self.known[key]
            elif self.n.get(key, 0) > 0:
                row[key] = row.get(key, Fraction(0)) + c
        row = {k: c for k, c in row.items() if c}
        self.equations.append((row, rhs))

    def build(self) -> None:
        pub = self.pub
        one = Fraction(1)
        # Unpublished margins of two-way tables: unknown sums whose counts add up.
        for name, values in pub.two_way.items():
            dims = name.split("*")
            for axis, dim in enumerate(dims):
                if pub.groups_of(dim):
                    continue
                for value in values:
                    margin = (dim, value.split("*")[axis])
                    cell = (name, value)
                    self.respondents[margin] = self.respondents.get(margin, 0) + pub.respondents[cell]
                    for m in pub.measures:
                        self.n[(margin, m)] = self.n.get((margin, m), 0) + pub.n[(cell, m)]
        for key, count in self.n.items():
            if count == 0:
                self.known.setdefault(key, 0.0)
        one_way = sorted({g[0] for g in self.respondents if g != TOTAL and "*" not in g[0]})
        for m in pub.measures:
            for dim in one_way:
                groups = [g for g in self.respondents if g[0] == dim]
                self.equation([((TOTAL, m), one), *[((g, m), -one) for g in groups]])
                self._combination(dim, (TOTAL, m), [(g, m) for g in groups])
            for name, values in pub.two_way.items():
                for axis, dim in enumerate(name.split("*")):
                    for margin in [g for g in self.respondents if g[0] == dim]:
                        cells = [((name, v), m) for v in values if v.split("*")[axis] == margin[1]]
                        self.equation([((margin, m), one), *[(c, -one) for c in cells]])
                        self._combination(name, (margin, m), cells)
        for group in self.respondents:
            for area, codes in pub.areas.items():
                self._area(group, area, codes)
        for group, area, terms in self.residuals:
            siblings = [g for g in self.respondents if g[0] == group[0] and g != group]
            if all((g, area) in self.complete for g in siblings):
                continue  # every partial answer of the survey is in this group: the totals publish it
            self.targets.append(("residual", f"{_group_name(group)} {area}", terms, 1.0))
        self._weighted()
        for key, mean in pub.mean.items():
            if mean is None and pub.n.get(key, 0) > 0:
                self.targets.append(("figure", _where(key), {key: one}, float(pub.n[key])))

    def _combination(self, table: str, parent: Key, children: list[Key]) -> None:
        hidden = [c for c in children if c not in self.known]
        count = sum(self.n.get(c, 0) for c in hidden)
        if len(hidden) > 1 and 0 < count < self.pub.min_n and parent in self.known:
            names = "+".join(_where(c) for c in hidden)
            self.targets.append(("combination", f"{table}: {names}", dict.fromkeys(hidden, Fraction(1)), float(count)))

    def _area(self, group: tuple[str, str], area: str, codes: list[str]) -> None:
        k = len(codes)
        if k == 0:
            return
        counts = [self.n.get((group, code), 0) for code in codes]
        area_n = self.n.get((group, area), 0)
        everyone = self.respondents.get(group, 0)
        if k == 2:
            partial = 2 * area_n - counts[0] - counts[1]
            low = high = partial
        else:
            complete = max(0, sum(counts) - (k - 1) * everyone)
            high = everyone - complete
            low = 0 if all(c == everyone for c in counts) else (1 if len(set(counts)) > 1 else 0)
        terms = [((group, area), Fraction(1)), *[((group, code), Fraction(-1, k)) for code in codes]]
        if high == 0:
            self.equation(terms)
            self.complete.add((group, area))
        elif low >= 1 and high < self.pub.min_n and group != TOTAL:
            self.residuals.append((group, area, dict(terms)))

    def _weighted(self) -> None:
        pub = self.pub
        if not pub.weighted_mean or not pub.weights:
            return
        for key, mean in pub.weighted_mean.items():
            group, m = key
            parts = self._constant_weight_parts(group)
            if parts is None:
                continue
            terms = [((p, m), pub.weights[p]) for p in parts]
            denominator = sum(float(pub.weights[p]) * self.n.get((p, m), 0) for p in parts)
            if mean is not None:
                self.equation(terms, mean * denominator)
            elif denominator > 0:
                self.targets.append(("weighted", _where(key), dict(terms), denominator))

    def _constant_weight_parts(self, group: tuple[str, str]) -> list[tuple[str, str]] | None:
        """Groups of one published table that make up `group`, each with a known weight."""
        pub = self.pub
        if group in pub.weights:
            return [group]
        candidates: list[list[tuple[str, str]]] = []
        if group == TOTAL:
            candidates = [[g for g in self.respondents if g[0] == dim] for dim in pub.dims()]
        else:
            for name, values in pub.two_way.items():
                dims = name.split("*")
                if group[0] in dims:
                    axis = dims.index(group[0])
                    candidates.append([(name, v) for v in values if v.split("*")[axis] == group[1]])
        for parts in candidates:
            if parts and all(p in pub.weights for p in parts):
                return parts
        return None


def _group_name(group: tuple[str, str]) -> str:
    return "total" if group == TOTAL else f"{group[0]}={group[1]}"


def _where(key: Key) -> str:
    return f"{_group_name(key[0])} {key[1]}"


def attack(pub: Published) -> list[Finding]:
    """Every target the published figures give away, with its recovered value."""
    builder = _Builder(pub)
    builder.build()
    # Split into connected components: the same solutions, far smaller eliminations.
    parent: dict[Key, Key] = {}

    def find(k: Key) -> Key:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for row, _rhs in builder.equations:
        keys = list(row)
        for k in keys[1:]:
            parent[find(k)] = find(keys[0])
    systems: dict[Key, _System] = defaultdict(_System)
    for row, rhs in builder.equations:
        if row:
            systems[find(next(iter(row)))].add(row, rhs)
    findings = []
    for kind, where, terms, divisor in builder.targets:
        value = 0.0
        parts: dict[Key, dict[Key, Fraction]] = defaultdict(dict)
        for key, c in terms.items():
            if key in builder.known:
                value += float(c) * builder.known[key]
            else:
                parts[find(key)][key] = c
        for root, row in parts.items():
            solved = systems[root].solve(row) if root in systems else None
            if solved is None:
                break
            value += solved
        else:
            findings.append(Finding(kind, where, value / divisor))
    return findings
