"""The upload → preview → confirm flow of every import in the web UI, and the stash between them.

Nothing is imported at preview: the table is checked (a dry run), its first rows and every
error are shown, and if it is good the file waits in VAR_DIR under a random name, named in
the session. The confirm reads it once, deletes it, and imports it.
"""

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from common.tabular import Table, TableError, read_table

PREVIEW_ROWS = 10


class Checked(Protocol):
    """What an import returns: ok when nothing is wrong (and the errors otherwise)."""

    @property
    def ok(self) -> bool: ...


UPLOAD_DIR_NAME = "uploads"


def _path(name: str, key: str, suffix: str) -> Path:
    directory = Path(settings.VAR_DIR) / UPLOAD_DIR_NAME
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{name}-{key}{suffix}"


def stash(request: HttpRequest, name: str, upload: UploadedFile, **data: Any) -> None:
    """Keep the upload for the confirm, with `data` (JSON-serialisable) beside it in the session."""
    key, suffix = secrets.token_hex(16), Path(upload.name).suffix.lower()
    upload.seek(0)
    _path(name, key, suffix).write_bytes(upload.read())
    request.session[name] = {"key": key, "suffix": suffix, "data": data}


def take(request: HttpRequest, name: str) -> tuple[Table, dict[str, Any]] | None:
    """The stashed table and its data, once: the file is deleted. None if there is none."""
    pending = request.session.pop(name, None)
    if not pending:
        return None
    path = _path(name, pending["key"], pending["suffix"])
    if not path.exists():
        return None
    try:
        return read_table(path), pending["data"]
    finally:
        path.unlink(missing_ok=True)


def preview(
    request: HttpRequest,
    form: forms.Form,
    template: str,
    context: dict,
    name: str,
    dry_run: Callable[[Table], Checked],
    **data: Any,
) -> HttpResponse:
    """The upload and its preview: the table's first rows and the dry run's result; stashed if it is good."""
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload, upload.name)
        except TableError as exc:
            form.add_error("file", str(exc))
            return render(request, template, context)
        result = dry_run(table)
        context.update({"table": table, "preview": table.rows[:PREVIEW_ROWS], "result": result})
        if result.ok:
            stash(request, name, upload, **data)
            context["confirm"] = True
    return render(request, template, context)


def confirm(
    request: HttpRequest,
    name: str,
    run: Callable[[Table, dict[str, Any]], Checked],
    success: Callable[[Any], str],
    **expected: Any,
) -> None:
    """Import the stashed table once, and say how it went. 404 if there is none (or not for `expected`)."""
    pending = take(request, name)
    if pending is None or any(pending[1].get(key) != value for key, value in expected.items()):
        raise Http404
    table, data = pending
    result = run(table, data)
    if result.ok:
        messages.success(request, success(result))
    else:
        messages.error(request, _("The file could not be imported; nothing was written."))
