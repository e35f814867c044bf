"""An uploaded table kept between its preview and the confirm: in VAR_DIR, named in the session.

Nothing is imported at preview; the file waits under a random name, and the confirm
reads it once and deletes it. A cancel or a new upload deletes it too, and whatever is
left unconfirmed for an hour is deleted by the worker (or the next upload): such files
hold personal data (a contact list's mobile numbers).
"""

import logging
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from register.table_reader import Columns
from register.tabular import Table, read_table

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
