from django.http import HttpRequest

from common.roles import is_quality_developer, provider_of


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "is_quality_developer": bool(user) and is_quality_developer(user),
        "current_provider": provider_of(user) if user else None,
    }
