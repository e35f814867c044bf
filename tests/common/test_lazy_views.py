"""The URL configuration stays light: the analysis views are imported on their first request."""

import subprocess
import sys

from django.conf import settings
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

from common.lazy_views import lazy

HEAVY = ("pandas", "scipy", "sklearn", "matplotlib")


def _patterns(resolver: URLResolver):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry)
        elif isinstance(entry, URLPattern):
            yield entry


def test_resolving_the_urls_loading_the_templates_and_the_worker_import_none_of_the_analysis_libraries():
    # The template engine loads every app's template tags on the first page (the analysis's among them).
    code = (
        "import sys, django; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "from django.template import engines; engines.all();"
        "import utskick.worker;"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "config.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == ""


def test_every_lazy_view_exists_and_needs_nothing_the_middleware_reads_first():
    lazy_entries = [p for p in _patterns(get_resolver()) if hasattr(p.callback, "lazy_target")]
    assert len(lazy_entries) >= 10
    for entry in lazy_entries:
        module_name, _, name = entry.callback.lazy_target.rpartition(".")
        target = getattr(__import__(module_name, fromlist=[name]), name)
        assert callable(target)
        assert not getattr(target, "csrf_exempt", False), entry.callback.lazy_target


def test_a_lazy_view_passes_the_request_and_arguments_through(rf):
    view = lazy("django.http.HttpResponse")  # any importable callable taking the request
    response = view(rf.get("/"))
    assert response.status_code == 200
    assert view.__name__ == "HttpResponse"


def test_the_analysis_cores_names_are_its_functions_whatever_was_imported_first():
    # Importing a submodule sets the package attribute of its name: a submodule named like a public
    # name (as `analyse` once was) would hide that name from `from analys.core import ...`.
    code = (
        "import importlib, pkgutil, analys.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__): importlib.import_module('analys.core.' + m.name)\n"
        "from analys.core import _HOMES\n"
        "wrong = [n for n, home in _HOMES.items()"
        " if getattr(core, n) is not getattr(importlib.import_module('analys.core.' + home), n)]\n"
        "print(','.join(wrong))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
