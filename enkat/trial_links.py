"""Test links: staff open a survey exactly as a customer would, and nothing they do counts.

A test link is an invitation flagged is_test. It goes through the same pages and the
same submit; its response carries the flag too. The default managers of Invitation and
Response leave flagged rows out, so no count, rate, analysis or export includes them,
and the sending worker never plans a message for them.
"""

import secrets

from django.db import transaction

from enkat.models import Invitation, Survey
from enkat.services import survey_link
from enkat.tokens import hash_token, new_nonce, token_for_nonce


@transaction.atomic
def create_test_invitation(survey: Survey, language: str = "sv") -> Invitation:
    """A new test invitation to the survey (no contact details: it is never sent by the worker)."""
    nonce = new_nonce()
    return Invitation.all_objects.create(
        survey=survey,
        customer_id=f"test-{secrets.token_hex(8)}",
        token_nonce=nonce,
        token_hash=hash_token(token_for_nonce(nonce)),
        language=language if language in survey.languages else "sv",
        is_test=True,
    )


def create_test_link(survey: Survey, language: str = "sv") -> str:
    """A new test invitation to the survey; returns its personal link (shown once, never stored)."""
    return survey_link(create_test_invitation(survey, language))


def count_test_links(survey: Survey) -> int:
    return Invitation.all_objects.filter(survey=survey, is_test=True).count()
