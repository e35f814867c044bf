"""The upload → preview → confirm flow of every import in the web UI, and the stash between them.

Nothing is imported at preview: the table is checked (a dry run), its first rows and every
error are shown, and if it is good the file waits in VAR_DIR under a random name, named in
the session. The confirm reads it once, deletes it, and imports it. A cancel or a new upload
deletes it too, and whatever is left unconfirmed for an hour is deleted by the worker (or the
next upload): such files hold personal data (a contact list's mobile numbers).
"""

import logging
import secrets
import time
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

from common.table_reader import Columns
from common.tabular import Table, TableError, read_table

PREVIEW_ROWS = 10


class Checked(Protocol):
    """What an import returns: ok when nothing is wrong (and the errors otherwise)."""

    @property
    def ok(self) -> bool: ...


UPLOAD_DIR_NAME = "uploads"
MAX_AGE_SECONDS = 60 * 60

logger = logging.getLogger(__name__)


def _directory() -> Path:
    return Path(settings.VAR_DIR) / UPLOAD_DIR_NAME


def _path(name: str, key: str, suffix: str) -> Path:
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{name}-{key}{suffix}"


def stash(request: HttpRequest, name: str, upload: UploadedFile, **data: Any) -> None:
    """Keep the upload for the confirm, with `data` (JSON-serialisable) beside it in the session."""
    discard(request, name)
    purge_stale()
    key, suffix = secrets.token_hex(16), Path(upload.name).suffix.lower()
    upload.seek(0)
    _path(name, key, suffix).write_bytes(upload.read())
    request.session[name] = {"key": key, "suffix": suffix, "data": data}


def take(request: HttpRequest, name: str, columns: Columns) -> tuple[Table, dict[str, Any]] | None:
    """The stashed table and its data, once: the file is deleted. None if there is none."""
    pending = request.session.pop(name, None)
    if not pending:
        return None
    path = _path(name, pending["key"], pending["suffix"])
    if not path.exists():
        return None
    if time.time() - path.stat().st_mtime > MAX_AGE_SECONDS:
        path.unlink(missing_ok=True)
        return None
    try:
        return read_table(path, columns=columns), pending["data"]
    finally:
        path.unlink(missing_ok=True)


def discard(request: HttpRequest, name: str) -> None:
    """Forget the stashed upload, if any, and delete its file (a cancel, or a new upload)."""
    pending = request.session.pop(name, None)
    if pending:
        _path(name, pending["key"], pending["suffix"]).unlink(missing_ok=True)


def cancel(request: HttpRequest, name: str) -> None:
    discard(request, name)
    messages.info(request, _("The import was cancelled; the file is deleted."))


def purge_stale(max_age: float = MAX_AGE_SECONDS) -> int:
    """Delete uploads left unconfirmed for longer than `max_age` seconds. Returns how many."""
    directory = _directory()
    if not directory.is_dir():
        return 0
    cutoff = time.time() - max_age
    deleted = 0
    for path in directory.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        except FileNotFoundError:
            continue  # deleted meanwhile by a confirm or another process
    if deleted:
        logger.info("%d unconfirmed uploads older than an hour deleted", deleted)
    return deleted


def preview(
    request: HttpRequest,
    form: forms.Form,
    template: str,
    context: dict,
    name: str,
    dry_run: Callable[[Table], Checked],
    columns: Columns,
    **data: Any,
) -> HttpResponse:
    """The upload and its preview: the table's first rows and the dry run's result; stashed if it is good."""
    context["form"] = form
    if request.method == "POST":
        discard(request, name)  # a new upload replaces one not yet confirmed
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload, upload.name, columns=columns)
        except TableError as exc:
            for message in exc.messages:
                form.add_error("file", message)
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
    columns: Columns,
    **expected: Any,
) -> None:
    """Import the stashed table once, and say how it went. 404 if there is none (or not for `expected`)."""
    pending = take(request, name, columns)
    if pending is None or any(pending[1].get(key) != value for key, value in expected.items()):
        raise Http404
    table, data = pending
    result = run(table, data)
    if result.ok:
        messages.success(request, success(result))
    else:
        messages.error(request, _("The file could not be imported; nothing was written."))
