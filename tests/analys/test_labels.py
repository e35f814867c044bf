"""The core's reason codes are translated here; its numbers reach the texts unchanged."""

import pandas as pd
import pytest
from django.utils import translation

from analys.core import WeightingReason, analyse
from analys.labels import percent_text, weighting_reason_text


def _weighting(invited, **kwargs):
    responses = pd.DataFrame({"gender": ["kvinna", "man", "x"], "q1": [4, 5, 3]})
    result = analyse(
        responses, [("q1", "NKI")], dims=["gender"], weighting_dims=["gender"], invited=invited, bootstrap=0, **kwargs
    )
    return result.weighting


def test_a_reason_is_a_code_in_the_result_and_a_sentence_in_the_document():
    info = _weighting(pd.DataFrame({"gender": ["kvinna", "man"]}), weighted=True)

    assert info.reason == WeightingReason.UNINVITED_CATEGORIES
    assert info.reason_dim == "gender" and info.reason_values == ["x"]
    assert info.to_dict()["reason"] == "respondents in gender categories nobody was invited in: ['x']"


@pytest.mark.parametrize(
    ("invited", "weighted", "swedish"),
    [
        (pd.DataFrame({"gender": ["kvinna", "man"]}), True, "svarande i grupper av Kön där ingen bjöds in: x"),
        (None, True, "urvalet av inbjudna är okänt"),
        (None, False, "inte begärd"),
    ],
)
def test_every_reason_reads_as_swedish(invited, weighted, swedish):
    info = _weighting(invited, weighted=weighted)

    with translation.override("sv"):
        assert weighting_reason_text(info) == swedish


def test_the_texts_take_their_numbers_from_the_result():
    result = analyse(pd.DataFrame({"q1": [4, 5, 3]}), [("q1", "NKI")], dims=[], bootstrap=0, unstable_below=0.75)

    assert percent_text(result.confidence) == "95 %"
    assert percent_text(result.unstable_below) == "75 %"
    assert result.analytic_threshold == 10_000
