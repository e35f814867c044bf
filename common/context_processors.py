from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from common.roles import is_quality_developer, provider_of


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "is_quality_developer": bool(user) and is_quality_developer(user),
        "current_provider": provider_of(user) if user else None,
        "text_dir": "rtl" if language in settings.RTL_LANGUAGES else "ltr",
    }
