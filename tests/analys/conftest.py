import pytest

from tests.factories import analysed_survey, make_invitations, make_responses


@pytest.fixture
def survey(actors):
    """The demo-sized closed survey: 72 responses of 219 invited (a test module may define its own)."""
    survey = analysed_survey()
    make_responses(survey, 72)
    make_invitations(survey, 219)
    return survey
