"""One place per view to check who may do what."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from common.roles import is_quality_developer, provider_of
from register.models import Provider

View = Callable[..., HttpResponse]


class ViewerRequest(HttpRequest):
    """A request past `analysis_viewer_required` or `provider_required`: `provider` is the viewer's provider,
    None for the quality developer (who sees all)."""

    provider: Provider | None


def quality_developer_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_quality_developer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _provider_view(view: View, quality_developer_too: bool) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if quality_developer_too and is_quality_developer(request.user):
            request.provider = None
        else:
            provider = provider_of(request.user)
            if provider is None:
                raise PermissionDenied
            request.provider = provider
        return view(request, *args, **kwargs)

    return wrapper


def provider_required(view: View) -> View:
    """For pages a provider user sees; sets request.provider to the user's provider."""
    return _provider_view(view, quality_developer_too=False)


def analysis_viewer_required(view: View) -> View:
    """The quality developer sees everything (request.provider is None); a provider user only its own."""
    return _provider_view(view, quality_developer_too=True)
