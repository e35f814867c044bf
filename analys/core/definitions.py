"""The survey definitions of docs/definitions.md as array operations.

Valid answer, respondent area score and area index ("Valid answer" to "Area
index"), and the groups (codes of a grouping, "Groups").

Everything here works on a float64 answer matrix: one row per respondent, one
column per question, valid answers 1..5 and NaN for "no answer".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

Questions = Sequence[tuple[str, str]]

DEFAULT_UNKNOWN_LABEL = "okänd"
TWO_WAY_SEPARATOR = "*"


def clean_answers(values: pd.DataFrame | pd.Series | np.ndarray) -> np.ndarray:
    """Return a float64 array in which everything but an integer 1..5 is NaN.

    Strings, booleans, None, 0, 6, 2.5, "vet ej" all become NaN; "3" and 3.0
    become 3.0. The shape of the input is kept (a Series gives a 1-D array).
    """
    if isinstance(values, pd.DataFrame | pd.Series):
        frame = values if isinstance(values, pd.DataFrame) else values.to_frame()
        columns = []
        for i in range(frame.shape[1]):
            column = frame.iloc[:, i]
            if pd.api.types.is_bool_dtype(column.dtype):
                columns.append(np.full(len(column), np.nan))
                continue
            if not pd.api.types.is_numeric_dtype(column.dtype):
                column = column.map(lambda v: np.nan if isinstance(v, bool) else v)
            numeric = pd.to_numeric(column, errors="coerce")
            columns.append(numeric.to_numpy(dtype=np.float64, na_value=np.nan))
        out = np.column_stack(columns) if columns else np.empty((len(frame), 0), dtype=np.float64)
        out = _keep_valid(out)
        return out[:, 0] if isinstance(values, pd.Series) else out
    array = np.asarray(values)
    if array.dtype.kind in "iuf":
        return _keep_valid(array.astype(np.float64))
    cleaned = clean_answers(pd.DataFrame(array.reshape(len(array), -1)))
    return cleaned.reshape(array.shape)


def _keep_valid(array: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        valid = (array >= 1) & (array <= 5) & (array == np.floor(array))
    return np.where(valid, array, np.nan)


def _keep_valid_columns(array: np.ndarray) -> np.ndarray:
    """`_keep_valid` column by column, in place on a Fortran-ordered copy."""
    out = np.array(array, dtype=np.float64, order="F", copy=True)
    for j in range(out.shape[1]):
        column = out[:, j]
        with np.errstate(invalid="ignore"):
            bad = ~((column >= 1) & (column <= 5) & (column == np.floor(column)))
        column[bad] = np.nan
    return out


def answer_matrix(responses: pd.DataFrame, codes: Sequence[str]) -> np.ndarray:
    """Cleaned float64 answers for `codes`, in Fortran order (columns contiguous)."""
    missing = [code for code in codes if code not in responses.columns]
    if missing:
        raise ValueError(f"responses lack question columns: {missing}")
    numeric = all(pd.api.types.is_numeric_dtype(responses[c].dtype) for c in codes)
    numeric = numeric and not any(pd.api.types.is_bool_dtype(responses[c].dtype) for c in codes)
    if numeric:
        raw = responses[list(codes)].to_numpy(dtype=np.float64, na_value=np.nan)
        return _keep_valid_columns(raw)
    return np.asfortranarray(clean_answers(responses[list(codes)]))


def min_answered(k: int) -> int:
    """Answers needed for an area score over k questions: half, rounded up."""
    return math.ceil(k / 2)


def areas_in_order(questions: Questions) -> list[str]:
    """The areas of the question list, in order of first appearance."""
    return list(dict.fromkeys(area for _, area in questions))


def area_columns(questions: Questions, area: str) -> list[int]:
    return [i for i, (_, a) in enumerate(questions) if a == area]


def respondent_area_scores(answers: np.ndarray, columns: Sequence[int]) -> np.ndarray:
    """Each respondent's area score over `columns`; NaN where too few answers.

    The score is the mean of the respondent's valid answers, defined when at
    least ceil(k/2) of the area's k questions are answered.
    """
    if len(columns) == 0:
        return np.full(answers.shape[0], np.nan)
    block = answers[:, list(columns)]
    valid = ~np.isnan(block)
    count = valid.sum(axis=1)
    total = np.where(valid, block, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = total / count
    return np.where(count >= min_answered(len(columns)), score, np.nan)


def area_score_matrix(answers: np.ndarray, questions: Questions) -> np.ndarray:
    """Respondent scores for every area of `questions`, columns in area order."""
    areas = areas_in_order(questions)
    scores = np.empty((answers.shape[0], len(areas)), dtype=np.float64, order="F")
    for j, area in enumerate(areas):
        scores[:, j] = respondent_area_scores(answers, area_columns(questions, area))
    return scores


def corrected_nki_scores(answers: np.ndarray, questions: Questions, nki_area: str) -> list[np.ndarray]:
    """Per question, the respondent NKI score to correlate its answers with.

    Item j is the NKI score for question j; for a question inside the NKI
    area it is computed without that question (corrected item-total), and the
    at-least-half rule then applies to the remaining NKI questions. Questions
    outside the NKI area share one array (the full NKI score): do not mutate.
    """
    nki = area_columns(questions, nki_area)
    full = respondent_area_scores(answers, nki)
    return [
        respondent_area_scores(answers, [c for c in nki if c != j]) if j in nki else full
        for j in range(answers.shape[1])
    ]


@dataclass(frozen=True)
class Grouping:
    """A partition of respondents by one dimension or a two-way combination.

    `codes[i]` is the group index of respondent i; `labels[g]` is the group's
    value (for two-way groupings "a*b", the component values joined by "*").
    `parts[g]` holds the component values, so a two-way group can be matched
    with the one-way groups it belongs to.
    """

    name: str
    dims: tuple[str, ...]
    labels: list[str]
    parts: list[tuple[str, ...]]
    codes: np.ndarray

    @property
    def size(self) -> int:
        return len(self.labels)


def parse_dim(name: str) -> tuple[str, ...]:
    """ "programme*gender" -> ("programme", "gender"); "gender" -> ("gender",)."""
    parts = tuple(p.strip() for p in name.split(TWO_WAY_SEPARATOR))
    if not 1 <= len(parts) <= 2 or not all(parts):
        raise ValueError(f"bad grouping {name!r}: use 'dim' or 'dim1*dim2'")
    return parts


def _label(value: object) -> str | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return text or None


def dimension_codes(column: pd.Series, unknown_label: str = DEFAULT_UNKNOWN_LABEL) -> tuple[np.ndarray, list[str]]:
    """Codes 0..G-1 per row and the sorted labels; missing values become `unknown_label`.

    Missing means None, NaN or a blank string. The unknown group sorts last.
    """
    raw_codes, uniques = pd.factorize(column, use_na_sentinel=True)
    raw_labels = [_label(v) for v in uniques]
    known = sorted({label for label in raw_labels if label is not None and label != unknown_label})
    has_unknown = (raw_codes < 0).any() or any(label is None or label == unknown_label for label in raw_labels)
    labels = known + ([unknown_label] if has_unknown else [])
    position = {label: i for i, label in enumerate(labels)}
    unknown = position.get(unknown_label, -1)
    lookup = np.array(
        [position[label] if label is not None else unknown for label in raw_labels] + [unknown],
        dtype=np.intp,
    )
    # factorize's NA sentinel -1 indexes the last slot of `lookup`: the unknown group.
    return lookup[raw_codes], labels


def build_grouping(frame: pd.DataFrame, name: str, unknown_label: str = DEFAULT_UNKNOWN_LABEL) -> Grouping:
    dims = parse_dim(name)
    missing = [d for d in dims if d not in frame.columns]
    if missing:
        raise ValueError(f"responses lack grouping columns: {missing}")
    name = TWO_WAY_SEPARATOR.join(dims)
    first_codes, first_labels = dimension_codes(frame[dims[0]], unknown_label)
    if len(dims) == 1:
        return Grouping(name, dims, first_labels, [(v,) for v in first_labels], first_codes)
    second_codes, second_labels = dimension_codes(frame[dims[1]], unknown_label)
    width = len(second_labels)
    combined = first_codes * width + second_codes
    present = np.flatnonzero(np.bincount(combined, minlength=len(first_labels) * width))
    compact = np.full(len(first_labels) * width, -1, dtype=np.intp)
    compact[present] = np.arange(len(present))
    parts: list[tuple[str, ...]] = [(first_labels[c // width], second_labels[c % width]) for c in present]
    labels = [TWO_WAY_SEPARATOR.join(p) for p in parts]
    return Grouping(name, dims, labels, parts, compact[combined])


@dataclass(frozen=True)
class GroupSums:
    """Per group and measure: count of valid values, and (weighted) sums."""

    counts: np.ndarray  # (G, m) int64: valid values per group and measure
    sums: np.ndarray  # (G, m) float64: sum of (weight *) value
    weight_sums: np.ndarray  # (G, m) float64: sum of weights over valid values
    respondents: np.ndarray  # (G,) int64


def group_sums(
    values: np.ndarray,
    valid: np.ndarray,
    codes: np.ndarray,
    size: int,
    weights: np.ndarray | None = None,
) -> GroupSums:
    """Sum valid values per group with bincount (values must be 0 where invalid)."""
    m = values.shape[1]
    counts = np.empty((size, m), dtype=np.int64)
    sums = np.empty((size, m), dtype=np.float64)
    weight_sums = np.empty((size, m), dtype=np.float64)
    for j in range(m):
        counts[:, j] = np.rint(np.bincount(codes, weights=valid[:, j], minlength=size))
        if weights is None:
            sums[:, j] = np.bincount(codes, weights=values[:, j], minlength=size)
            weight_sums[:, j] = counts[:, j]
        else:
            sums[:, j] = np.bincount(codes, weights=values[:, j] * weights, minlength=size)
            weight_sums[:, j] = np.bincount(codes, weights=valid[:, j] * weights, minlength=size)
    respondents = np.bincount(codes, minlength=size).astype(np.int64)
    return GroupSums(counts, sums, weight_sums, respondents)


def total_sums(values: np.ndarray, valid: np.ndarray, weights: np.ndarray | None = None) -> GroupSums:
    """`group_sums` for the single group of all respondents, without bincount."""
    counts = np.rint(valid.sum(axis=0)).astype(np.int64)[None, :]
    if weights is None:
        sums = values.sum(axis=0)[None, :]
        weight_sums = counts.astype(np.float64)
    else:
        sums = (weights @ values)[None, :]
        weight_sums = (weights @ valid)[None, :]
    return GroupSums(counts, sums, weight_sums, np.array([values.shape[0]], dtype=np.int64))
