"""Closing generalises rare group combinations: the property of the heuristic, and the closing service."""

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enkat.generalisation import UNKNOWN, generalise, smallest_cell

PROPERTY_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Few values per field, some unknown already: the mix a real survey's snapshots have.
field_value = st.sampled_from(["a", "b", "c", UNKNOWN])
combination = st.tuples(*[field_value] * 6)


@PROPERTY_SETTINGS
@given(rows=st.lists(combination, max_size=80), min_n=st.integers(min_value=1, max_value=8))
def test_every_stored_combination_is_shared_by_min_n_and_only_unknowns_are_written(rows, min_n):
    out = generalise(rows, min_n, priority=[5, 4, 1, 0, 2, 3])
    assert len(out) == len(rows)
    for before, after in zip(rows, out, strict=True):
        assert all(a in (b, UNKNOWN) for b, a in zip(before, after, strict=True))
    if len(rows) >= min_n:
        assert all(count >= min_n for count in Counter(out).values())
    else:
        assert all(row == (UNKNOWN,) * 6 for row in out)


@PROPERTY_SETTINGS
@given(rows=st.lists(combination, max_size=60), min_n=st.integers(min_value=2, max_value=6))
def test_deterministic_and_a_survey_without_small_cells_is_left_alone(rows, min_n):
    out = generalise(rows, min_n)
    assert generalise(rows, min_n) == out
    assert generalise(out, min_n) == out  # already safe: nothing more to do


def test_a_small_cell_merges_with_its_neighbour_on_the_least_useful_field_first():
    # Six responses share everything but the language; one of them answered in English.
    rows = [("kvinna", "25-39", "A", "P", "pagaende", "sv")] * 5 + [("kvinna", "25-39", "A", "P", "pagaende", "en")]
    rows += [("man", "40-59", "B", "Q", "avslutad", "sv")] * 5
    out = generalise(rows, 5)
    # Only the English response's cell is small: its language, and that of the five it then joins,
    # is recorded unknown; nothing else changes.
    assert out[:6] == [("kvinna", "25-39", "A", "P", "pagaende", UNKNOWN)] * 6
    assert out[6:] == rows[6:]
    assert smallest_cell(out) == 5


def test_a_small_all_unknown_cell_is_filled_from_a_cell_that_can_spare():
    rows = [("", "", "")] * 2 + [("a", "b", "c")] * 9 + [("x", "y", "z")] * 5
    out = generalise(rows, 5)
    assert smallest_cell(out) >= 5
    assert Counter(out)[("x", "y", "z")] == 5  # could not spare any: left whole
    assert Counter(out)[("", "", "")] == 5 and Counter(out)[("a", "b", "c")] == 6


@pytest.mark.django_db
def test_closing_a_survey_generalises_its_web_responses_but_not_imported_ones():
    from enkat.models import ImportBatch, Response
    from enkat.services import close_survey
    from register.dimensions import SNAPSHOT_FIELDS
    from tests.factories import make_responses, make_survey

    survey = make_survey("stangs", languages=["sv"], codes=["q1"], min_n=5)
    batch = ImportBatch.objects.create(survey=survey, sha256="0" * 64, rows=1)
    imported = make_responses(survey, n=1, codes=["q1"], providers=("Ensam AB",))[0]
    Response.objects.filter(pk=imported.pk).update(import_batch=batch, language="ti")
    make_responses(survey, n=40, codes=["q1"])
    web = Response.objects.filter(survey=survey, import_batch__isnull=True)
    before = Counter(tuple(r) for r in web.values_list(*SNAPSHOT_FIELDS))
    assert min(before.values()) < 5  # the set-up has rare combinations to fix

    close_survey(survey)

    after = Counter(tuple(r) for r in web.values_list(*SNAPSHOT_FIELDS))
    assert sum(after.values()) == 40 and min(after.values()) >= 5
    imported.refresh_from_db()
    assert (imported.provider_name, imported.language) == ("Ensam AB", "ti")
