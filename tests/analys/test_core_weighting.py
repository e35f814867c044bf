"""Raking to the invited margins, trimming, design effect and weighted figures."""

import numpy as np
import pandas as pd
import pytest

from analys.core import design_effect, rake
from tests.analys.core_as_dict import analyse


def people(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


def test_raking_on_one_dimension_gives_target_over_sample_share():
    sample = people(gender=["k", "k", "m"])
    invited = people(gender=["k", "m"] * 5)
    result = rake(sample, invited, ["gender"])
    # k: 0.5 / (2/3) = 0.75, m: 0.5 / (1/3) = 1.5; mean weight 1.
    np.testing.assert_allclose(result.weights, [0.75, 0.75, 1.5], rtol=1e-12)
    assert result.converged and result.iterations == 1
    assert result.design_effect == pytest.approx(3 * (0.75**2 * 2 + 1.5**2) / 3.0**2)


def test_raking_two_independent_margins_multiplies_them():
    sample = people(gender=["k", "k", "m", "m"], age=["y", "o", "y", "o"])
    invited = people(gender=["k"] * 6 + ["m"] * 4, age=["y", "o"] * 5)
    result = rake(sample, invited, ["gender", "age"])
    np.testing.assert_allclose(result.weights, [1.2, 1.2, 0.8, 0.8], rtol=1e-9)
    assert result.converged


def test_raking_hits_both_margins_and_keeps_the_weights_multiplicative():
    # Sample cells: k-y 2, k-o 1, m-y 1, m-o 1; invited margins k 50 %, y 30 %.
    sample = people(gender=["k", "k", "k", "m", "m"], age=["y", "y", "o", "y", "o"])
    invited = people(gender=["k"] * 5 + ["m"] * 5, age=["y"] * 3 + ["o"] * 7)
    result = rake(sample, invited, ["gender", "age"], tolerance=1e-12)
    w = result.weights
    assert result.converged and result.iterations > 1
    share = w / w.sum()
    assert share[:3].sum() == pytest.approx(0.5, abs=1e-10)
    assert share[[0, 1, 3]].sum() == pytest.approx(0.3, abs=1e-10)
    assert w[0] == pytest.approx(w[1])
    # raking gives w_ij = a_i * b_j, so the cross-ratio of the 2x2 cells is 1
    assert w[0] * w[4] == pytest.approx(w[2] * w[3], rel=1e-9)


def test_weights_are_trimmed_and_non_convergence_is_reported():
    sample = people(gender=["k"] * 10 + ["m"])
    invited = people(gender=["k", "m"] * 10)
    result = rake(sample, invited, ["gender"])
    assert not result.converged
    assert result.iterations == 50
    assert result.weights.max() <= 5.0 and result.weights.min() >= 0.2
    assert result.weights[-1] == pytest.approx(5.0)
    assert result.max_margin_error > 1e-3


def test_missing_values_are_a_category_of_their_own_on_both_sides():
    sample = people(gender=["k", None, "m", "m"])
    invited = people(gender=["k", None, None, "m"])
    result = rake(sample, invited, ["gender"])
    np.testing.assert_allclose(result.weights, [1.0, 2.0, 0.5, 0.5], rtol=1e-12)


def test_no_invited_sample_means_no_weights_and_a_reason():
    result = rake(people(gender=["k"]), None, ["gender"])
    assert result.weights is None and "invited" in result.reason


def test_respondents_outside_the_invited_categories_cannot_be_weighted():
    result = rake(people(gender=["k", "x"]), people(gender=["k", "m"]), ["gender"])
    assert result.weights is None and "x" in result.reason_values


def test_invited_categories_without_respondents_are_reported():
    sample = people(gender=["k", "k", "m"])
    invited = people(gender=["k", "m", "x", "x"])
    result = rake(sample, invited, ["gender"])
    assert result.missing_categories == {"gender": ["x"]}
    np.testing.assert_allclose(result.weights, [0.75, 0.75, 1.5], rtol=1e-12)


def test_design_effect_is_kish():
    assert design_effect(np.ones(7)) == pytest.approx(1.0)
    assert design_effect(np.array([1.0, 3.0])) == pytest.approx(2 * 10 / 16)


def test_analyse_weights_question_means_and_area_indices():
    responses = people(
        gender=["k", "k", "m"],
        q1=[5.0, 5.0, 2.0],
        q2=[4.0, np.nan, 1.0],
    )
    invited = people(gender=["k", "m"] * 5)
    result = analyse(
        responses,
        [("q1", "NKI"), ("q2", "NKI")],
        invited=invited,
        dims=["gender"],
        weighted=True,
        weighting_dims=["gender"],
        min_n=1,
        bootstrap=0,
    )
    weighted = result["weighted"]
    # weights 0.75, 0.75, 1.5
    assert weighted["questions"][0]["mean"] == pytest.approx((0.75 * 10 + 1.5 * 2) / 3)
    assert weighted["questions"][1]["mean"] == pytest.approx((0.75 * 4 + 1.5) / 2.25)
    # area scores 4.5, 5, 1.5
    assert weighted["areas"]["NKI"]["mean"] == pytest.approx((0.75 * 9.5 + 1.5 * 1.5) / 3)
    assert weighted["areas"]["NKI"]["n"] == 3
    assert result["weighting"]["converged"] is True
    assert result["weighting"]["design_effect"] == pytest.approx(1.125)
    assert result["areas"]["NKI"]["mean"] == pytest.approx((4.5 + 5 + 1.5) / 3)


def test_weighted_figures_hide_what_the_unweighted_ones_hide():
    responses = people(gender=["k"] * 6 + ["m"] * 2, q1=[4.0] * 6 + [2.0] * 2)
    invited = people(gender=["k", "m"] * 8)
    result = analyse(
        responses,
        [("q1", "NKI")],
        invited=invited,
        dims=["gender"],
        weighted=True,
        weighting_dims=["gender"],
        bootstrap=0,
    )
    for plain, weighted in zip(result["groups"]["gender"], result["weighted"]["groups"]["gender"], strict=True):
        assert (plain["questions"]["q1"]["mean"] is None) == (weighted["questions"]["q1"]["mean"] is None)
    assert result["weighted"]["groups"]["gender"][1]["questions"]["q1"]["mean"] is None


def test_analyse_without_invited_says_why_it_has_no_weights():
    result = analyse(people(q1=[4.0] * 6), [("q1", "NKI")], dims=[], weighted=True, bootstrap=0)
    assert result["weighted"] is None
    assert result["weighting"]["applied"] is False
    assert "invited" in result["weighting"]["reason"]


def test_the_effective_sample_size_stands_next_to_the_design_effect_and_non_convergence_beside_the_figures():
    sample = people(gender=["k"] * 10 + ["m"], q1=[4.0] * 10 + [2.0])
    invited = people(gender=["k", "m"] * 10)
    result = analyse(sample, [("q1", "NKI")], dims=[], invited=invited, weighted=True, weighting_dims=["gender"])
    weighting = result["weighting"]
    assert weighting["converged"] is False
    assert weighting["effective_sample_size"] == pytest.approx(11 / weighting["design_effect"])
    weighted = result["weighted"]
    assert weighted["converged"] is False
    assert weighted["design_effect"] == weighting["design_effect"]
    assert weighted["effective_sample_size"] == weighting["effective_sample_size"]
    converged = analyse(sample, [("q1", "NKI")], dims=[], invited=sample, weighted=True, weighting_dims=["gender"])
    assert converged["weighted"]["converged"] is True
    assert converged["weighting"]["effective_sample_size"] == pytest.approx(11.0)


def test_respondents_generalised_to_unknown_keep_their_share_and_the_rest_is_raked():
    import numpy as np
    import pandas as pd

    from analys.core.weighting import rake

    invited = pd.DataFrame({"gender": ["kvinna"] * 60 + ["man"] * 40})
    respondents = pd.DataFrame({"gender": ["kvinna"] * 10 + ["man"] * 20 + [""] * 10})
    result = rake(respondents, invited, ["gender"])
    assert result.weights is not None and result.converged
    w = result.weights
    total = w.sum()
    unknown = w[30:].sum() / total
    assert abs(unknown - 10 / 40) < 1e-6  # the generalised keep their share
    known = 1 - unknown
    assert abs(w[:10].sum() / total - 0.6 * known) < 1e-6 and abs(w[10:30].sum() / total - 0.4 * known) < 1e-6
    # Any other category nobody was invited in still refuses.
    stray = pd.DataFrame({"gender": ["kvinna"] * 10 + ["annat"] * 2})
    assert rake(stray, invited, ["gender"]).weights is None
    assert np.isfinite(w).all()


def test_a_dimension_generalised_to_unknown_for_every_respondent_leaves_finite_converged_weights():
    invited = people(gender=["kvinna"] * 6 + ["man"] * 4, age_group=["18-24"] * 5 + ["25-29"] * 5)
    respondents = people(gender=[""] * 4, age_group=["18-24", "18-24", "25-29", "25-29"])
    with np.errstate(all="raise"):
        result = rake(respondents, invited, ["gender", "age_group"])
    assert result.weights is not None and result.converged
    assert np.isfinite(result.weights).all() and result.max_margin_error < 1e-6
