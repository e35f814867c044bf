"""The invited sample after its invitations are erased: rebuilt from their tallies (`utskick.tallies`).

The tallies keep one dimension at a time (and each provider's customers by one dimension),
so the frames below reproduce exactly what the analysis reads from the invited: the number
invited, each dimension's margins (all raking needs), and per dimension (and per provider ×
dimension) the invited and undeliverable counts of the response-rate tables. Two-way
response rates other than provider × dimension are not kept, so they are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analys.core.definitions import parse_dim
from analys.core.response import CHANNEL, UNDELIVERABLE, response_rates
from analys.core.result import ResponseRates
from enkat.models import Survey
from register.dimensions import DIMENSION_CODES, DIMENSIONS
from register.models import Provider
from utskick.models import GroupTally
from utskick.tallies import tallies

FIELD_OF = {d.code: d.snapshot_field for d in DIMENSIONS}
PROVIDER = "provider"


def _scope(provider: Provider | None) -> str | None:
    return provider.name if provider is not None else None


def _column(rows: list[GroupTally], channel: bool = False) -> list[str | None]:
    """One value per invited customer, in the tallies' order (a channel's unknown is None)."""
    return [(row.value or None) if channel else row.value for row in rows for _i in range(row.invited)]


def _undeliverable(rows: list[GroupTally]) -> list[bool]:
    return [i < row.undeliverable for row in rows for i in range(row.invited)]


def invited_margins(survey: Survey, provider: Provider | None = None) -> pd.DataFrame | None:
    """A frame with the invited's count, each dimension's margin, the channel's and the undeliverable count.

    Its columns are not joint (each is sorted on its own): only margins may be read from it.
    """
    scope = _scope(provider)
    total = tallies(survey, GroupTally.TOTAL, scope)
    if not total:
        return pd.DataFrame(columns=[*DIMENSION_CODES, CHANNEL, UNDELIVERABLE]) if provider is not None else None
    data: dict[str, list] = {code: _column(tallies(survey, FIELD_OF[code], scope)) for code in DIMENSION_CODES}
    data[CHANNEL] = _column(tallies(survey, GroupTally.CONTACT_CHANNEL, scope), channel=True)
    data[UNDELIVERABLE] = _undeliverable(total)
    return pd.DataFrame(data, columns=[*DIMENSION_CODES, CHANNEL, UNDELIVERABLE])


def _dim_frame(survey: Survey, dim: str, scope: str | None) -> pd.DataFrame | None:
    """The invited of one grouping with their undeliverable flags, or None when no tally keeps it."""
    parts = parse_dim(dim)
    if len(parts) == 1:
        rows = tallies(survey, FIELD_OF[parts[0]], scope)
        return pd.DataFrame({parts[0]: _column(rows), UNDELIVERABLE: _undeliverable(rows)})
    if PROVIDER not in parts:
        return None
    other = next(p for p in parts if p != PROVIDER)
    providers = [t.value for t in tallies(survey, FIELD_OF[PROVIDER], scope)]
    frames = []
    for name in providers:
        rows = tallies(survey, FIELD_OF[other], name)
        frames.append(pd.DataFrame({PROVIDER: name, other: _column(rows), UNDELIVERABLE: _undeliverable(rows)}))
    return pd.concat(frames, ignore_index=True) if frames else None


def tallied_rates(
    survey: Survey, responses: pd.DataFrame, dims: Sequence[str], unknown_label: str, provider: Provider | None = None
) -> ResponseRates:
    """The response-rate tables from the tallies: the same figures as from the invitations before erasure."""
    scope = _scope(provider)
    channels = pd.DataFrame(
        {
            CHANNEL: _column(tallies(survey, GroupTally.CONTACT_CHANNEL, scope), channel=True),
            UNDELIVERABLE: _undeliverable(tallies(survey, GroupTally.CONTACT_CHANNEL, scope)),
        }
    )
    base = response_rates(responses, channels, (), unknown_label=unknown_label)
    groups = {}
    for dim in dims:
        frame = _dim_frame(survey, dim, scope)
        if frame is None:
            continue
        groups.update(response_rates(responses, frame, (dim,), unknown_label=unknown_label).groups)
    return ResponseRates(base.overall, groups, base.channels)
