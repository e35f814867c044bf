"""Views imported on their first request, so that the URL configuration stays light.

Resolving or reversing any URL imports the whole URL configuration. The analysis views pull in
pandas, SciPy, scikit-learn and matplotlib (about 160 MB and 3 s per process), which the survey
pages and the sending worker never use. A `lazy("module.view")` entry imports its module only when
a request reaches it.

A lazy entry hides the view's own attributes from the middleware, which reads them before the view
runs (`csrf_exempt`, for one): such views are never made lazy (a test checks every lazy entry).
"""

from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.http import HttpRequest, HttpResponse


def lazy(dotted_path: str) -> Callable[..., HttpResponse]:
    """A view that imports `dotted_path` ("package.module.function") on its first call."""
    module_name, _, name = dotted_path.rpartition(".")
    target: list[Callable[..., HttpResponse]] = []

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not target:
            target.append(getattr(import_module(module_name), name))
        return target[0](request, *args, **kwargs)

    view.__name__ = name
    view.__qualname__ = name
    view.__module__ = module_name
    view.lazy_target = dotted_path  # type: ignore[attr-defined]
    return view
