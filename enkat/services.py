"""State changes for surveys: links, sample, contacts, drafts and the final submit."""

from django.conf import settings
from django.urls import reverse

from enkat.models import Invitation
from enkat.tokens import token_for_nonce


def survey_link(invitation: Invitation) -> str:
    """The invitation's personal link, as an absolute URL (SITE_URL + /s/<token>/).

    The token is derived again from the stored nonce with the key kept outside the
    database, so sending a reminder never needs the token to be stored.
    """
    token = token_for_nonce(invitation.token_nonce)
    return settings.SITE_URL + reverse("survey:open", kwargs={"token": token})
