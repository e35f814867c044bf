"""Generalising responses' group fields when a survey closes, so that no combination is rare.

Pure Python (no Django): the rule and its heuristic, tested as a property. The closing
service (`enkat.closing.generalise_responses`) applies it to a survey's web responses.

The rule: after generalising, every combination of the group fields that is stored is
shared by at least `min_n` responses (when the survey has fewer than `min_n` responses
at all, every field of every response is unknown). A field is generalised by recording
it as unknown (""); no other value is ever written.

The heuristic (deterministic, see docs/definitions.md, "Generalised groups"):

1. Find the small cells: combinations held by fewer than `min_n` responses.
2. Take the fields in the order given (least useful to the analysis first: language,
   status, age group, programme type, provider, gender) and record as unknown the first
   one that helps: recorded unknown in the small cells' responses and in every response
   that then agrees with one of them on all other fields (so a small cell merges with
   its neighbours instead of standing alone), it leaves fewer responses in small
   cells. When none helps, the one that leaves the fewest (then changes the fewest).
   Repeat from 1. Gender goes last (the annual report splits every figure by it).
3. When the responses left in small cells know no field any more (they all sit in the
   all-unknown cell, which is too small), move responses into it from the other
   cells: from the cell that can spare them and stay large enough, the smallest such
   first; if none can, a whole cell (the smallest). Repeat from 1.

Every step records at least one more field as unknown, so it ends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

UNKNOWN = ""

Combination = tuple[str, ...]


def generalise(rows: Sequence[Combination], min_n: int, priority: Sequence[int] | None = None) -> list[Combination]:
    """`rows` generalised so that every combination occurs at least `min_n` times.

    `rows` are the responses' group fields (one tuple per response, the same fields in
    the same order); `priority` the field positions in the order ties are broken
    (default: left to right). Returns a new list in the same order as `rows`.
    """
    result = [tuple(row) for row in rows]
    if not result or min_n <= 1:
        return result
    width = len(result[0])
    order = list(priority) if priority is not None else list(range(width))
    if len(result) < min_n:
        return [(UNKNOWN,) * width for _row in result]
    blank: Combination = (UNKNOWN,) * width
    while True:
        counts = Counter(result)
        small = [i for i, row in enumerate(result) if counts[row] < min_n]
        if not small:
            return result
        candidates = [f for f in order if any(result[i][f] != UNKNOWN for i in small)]
        if candidates:
            result = _step(result, small, candidates, min_n)
            continue
        # Every response left in a small cell is the all-unknown cell: fill it from other cells.
        needed = min_n - counts[blank]
        others = sorted((row for row in counts if row != blank), key=lambda row: (counts[row], row))
        spare = [row for row in others if counts[row] - needed >= min_n]
        donor, take = (spare[0], needed) if spare else (others[0], counts[others[0]])
        for i, row in enumerate(result):
            if take == 0:
                break
            if row == donor:
                result[i] = blank
                take -= 1


def _blanked(row: Combination, field: int) -> Combination:
    return (*row[:field], UNKNOWN, *row[field + 1 :])


def _step(rows: list[Combination], small: list[int], candidates: list[int], min_n: int) -> list[Combination]:
    """Record one field unknown (step 2): the first candidate, in the order given, that leaves fewer
    responses in small cells; when none does, the one that leaves the fewest (then changes the fewest)."""
    before = len(small)
    scores = {}
    for field in candidates:
        trial = _trial(rows, small, field)
        scores[field] = (*_score(rows, trial, min_n), trial)
        if scores[field][0] < before:
            return trial
    best = min(candidates, key=lambda f: (scores[f][0], scores[f][1], candidates.index(f)))
    return scores[best][2]


def _trial(rows: list[Combination], small: list[int], field: int) -> list[Combination]:
    """`field` recorded unknown in the small cells and in every response that then joins one of them."""
    merged = {_blanked(rows[i], field) for i in small}
    return [blanked if (blanked := _blanked(row, field)) in merged else row for row in rows]


def _score(rows: list[Combination], trial: list[Combination], min_n: int) -> tuple[int, int]:
    """(responses left in small cells, responses changed) after a trial: lower is better."""
    counts = Counter(trial)
    left = sum(1 for row in trial if counts[row] < min_n)
    return left, sum(1 for before, after in zip(rows, trial, strict=True) if before != after)


def smallest_cell(rows: Sequence[Combination]) -> int | None:
    """The number of responses in the rarest stored combination (None without responses)."""
    counts = Counter(tuple(row) for row in rows)
    return min(counts.values()) if counts else None
