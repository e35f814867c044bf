"""The file outboxes (SMS_FILE_PATH, EMAIL_FILE_PATH) hold phone numbers and addresses:
their files are deleted together with the contact details they name."""

import logging
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def _directories() -> list[Path]:
    return [Path(p) for p in (settings.SMS_FILE_PATH, settings.EMAIL_FILE_PATH) if p]


def purge_outbox(contacts: Iterable[str]) -> int:
    """Delete every outbox file that names one of `contacts` (mobile numbers, e-mail addresses)."""
    wanted = {c.strip().lower() for c in contacts if c and c.strip()}
    if not wanted:
        return 0
    deleted = 0
    for directory in _directories():
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            try:
                text = path.read_text(encoding="utf-8", errors="replace").lower()
            except (FileNotFoundError, IsADirectoryError):
                continue
            if any(contact in text for contact in wanted):
                path.unlink(missing_ok=True)
                deleted += 1
    if deleted:
        logger.info("%d outbox files deleted with the contact details they named", deleted)
    return deleted
