"""Response rates: respondents / invited, overall, per group and per channel (docs/definitions.md, "Response rate").

The denominator is everyone invited. Undeliverable invitations (an
``undeliverable`` column of the invited frame, truthy when the invitation
never arrived) are counted and shown apart, with the rate among delivered
invitations next to it. Rates are counts, not answer figures, so they are not
suppressed; a group that appears only among respondents has rate None.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .definitions import DEFAULT_UNKNOWN_LABEL, build_grouping, parse_dim
from .result import RateRow, ResponseRates

UNDELIVERABLE = "undeliverable"
CHANNEL = "channel"


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator > 0 else None


def _undeliverable(invited: pd.DataFrame) -> np.ndarray:
    if UNDELIVERABLE not in invited.columns:
        return np.zeros(len(invited), dtype=bool)
    column = invited[UNDELIVERABLE]
    return column.fillna(False).astype(bool).to_numpy()


def _row(value: str, responses: int, invited: int, undeliverable: int, *, known: bool = True) -> RateRow:
    """One row; `known` False: the responses of this row are not known (no channel among respondents)."""
    if not known:
        return RateRow(value, None, invited, undeliverable, None, None)
    return RateRow(
        value=value,
        responses=responses,
        invited=invited,
        undeliverable=undeliverable,
        rate=_rate(responses, invited),
        rate_delivered=_rate(responses, invited - undeliverable),
    )


def response_rates(
    responses: pd.DataFrame,
    invited: pd.DataFrame,
    dims: Sequence[str],
    *,
    unknown_label: str = DEFAULT_UNKNOWN_LABEL,
) -> ResponseRates:
    """The overall row, one list of rows per grouping, and one per channel (or None).

    Channels need a ``channel`` column in `invited`; rates per channel also
    need one in `responses` (else their "responses" and rates are None). A
    grouping whose columns are missing from either frame is left out of
    `groups`.
    """
    undeliverable = _undeliverable(invited)
    n_resp, n_inv = len(responses), len(invited)
    overall = _row("", n_resp, n_inv, int(undeliverable.sum()))
    groups: dict[str, list[RateRow]] = {}
    channels: list[RateRow] | None = None
    for dim in dims:
        columns = list(dict.fromkeys(parse_dim(dim)))
        if not all(c in responses.columns and c in invited.columns for c in columns):
            continue
        both = pd.concat([responses[columns], invited[columns]], ignore_index=True)
        grouping = build_grouping(both, dim, unknown_label)
        size = grouping.size
        resp_counts = np.bincount(grouping.codes[:n_resp], minlength=size)
        inv_codes = grouping.codes[n_resp:]
        inv_counts = np.bincount(inv_codes, minlength=size)
        und_counts = np.bincount(inv_codes, weights=undeliverable, minlength=size)
        groups[grouping.name] = [
            _row(label, int(resp_counts[g]), int(inv_counts[g]), int(und_counts[g]))
            for g, label in enumerate(grouping.labels)
        ]
    if CHANNEL in invited.columns:
        with_channel = CHANNEL in responses.columns
        frame = pd.concat(
            [
                responses[[CHANNEL]] if with_channel else pd.DataFrame({CHANNEL: []}),
                invited[[CHANNEL]],
            ],
            ignore_index=True,
        )
        grouping = build_grouping(frame, CHANNEL, unknown_label)
        split = len(frame) - n_inv
        resp_counts = np.bincount(grouping.codes[:split], minlength=grouping.size)
        inv_codes = grouping.codes[split:]
        inv_counts = np.bincount(inv_codes, minlength=grouping.size)
        und_counts = np.bincount(inv_codes, weights=undeliverable, minlength=grouping.size)
        channels = [
            _row(label, int(resp_counts[g]), int(inv_counts[g]), int(und_counts[g]), known=with_channel)
            for g, label in enumerate(grouping.labels)
        ]
    return ResponseRates(overall, groups, channels)
