"""An uploaded table kept between its preview and the confirm: in VAR_DIR, named in the session.

Nothing is imported at preview; the file waits under a random name, and the confirm
reads it once and deletes it.
"""

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from register.table_reader import Columns
from register.tabular import Table, read_table

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


def take(request: HttpRequest, name: str, columns: Columns) -> tuple[Table, dict[str, Any]] | None:
    """The stashed table and its data, once: the file is deleted. None if there is none."""
    pending = request.session.pop(name, None)
    if not pending:
        return None
    path = _path(name, pending["key"], pending["suffix"])
    if not path.exists():
        return None
    try:
        return read_table(path, columns=columns), pending["data"]
    finally:
        path.unlink(missing_ok=True)
