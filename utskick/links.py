"""The customer's survey link, in one place."""

from django.conf import settings

from enkat.models import Invitation


def survey_link(invitation: Invitation) -> str:
    try:
        from enkat.services import survey_link as enkat_survey_link
    except ImportError:
        enkat_survey_link = None
    if enkat_survey_link is not None:
        return enkat_survey_link(invitation)
    from enkat.tokens import token_for_nonce

    return f"{settings.SITE_URL}/s/{token_for_nonce(invitation.token_nonce)}/"
