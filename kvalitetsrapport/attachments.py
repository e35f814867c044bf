"""Attachments on steps A and B: type checked by content, stored under VAR_DIR (never in static files)."""

from __future__ import annotations

import secrets
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kvalitetsrapport.models import Attachment, HistoryAction, HistoryEntry, QualityReport
from kvalitetsrapport.steps import ATTACHMENT_STEPS

MAX_BYTES = 10 * 1024 * 1024
DIRECTORY = "kvalitetsrapport"

# Detected kind -> (content type, extensions the file may carry)
KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "png": ("image/png", {".png"}),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}),
    "gif": ("image/gif", {".gif"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "ole": ("application/octet-stream", {".doc", ".xls"}),
}
OLE_TYPES = {".doc": "application/msword", ".xls": "application/vnd.ms-excel"}


def storage_dir() -> Path:
    directory = Path(settings.VAR_DIR) / DIRECTORY
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def sniff(head: bytes, upload: UploadedFile) -> str | None:
    """The file's kind from its first bytes (and, for Office files, the parts inside the zip)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check(upload: UploadedFile) -> str:
    """The content type to serve the file with; raises ValidationError (in Swedish via gettext) otherwise."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    kind = sniff(upload.read(8), upload)
    upload.seek(0)
    suffix = Path(upload.name or "").suffix.lower()
    if kind is None or suffix not in KINDS[kind][1]:
        raise ValidationError(
            _(
                "Only PDF, Word, Excel and image files (PNG, JPEG, GIF) can be attached, "
                "and the content must match the file name."
            ),
            code="type",
        )
    return OLE_TYPES[suffix] if kind == "ole" else KINDS[kind][0]


def add_attachment(
    report: QualityReport, step: str, upload: UploadedFile, *, user: AbstractBaseUser | None = None
) -> Attachment:
    if step not in ATTACHMENT_STEPS:
        raise ValidationError(_("Files can be attached to steps A and B only."), code="step")
    if not report.editable:
        raise ValidationError(_("The report is submitted and cannot be changed."), code="locked")
    content_type = check(upload)
    stored_name = secrets.token_hex(20)
    path = storage_dir() / stored_name
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    filename = Path(upload.name).name[:255]
    try:
        with transaction.atomic():
            attachment = Attachment.objects.create(
                report=report,
                step=step,
                filename=filename,
                stored_name=stored_name,
                content_type=content_type,
                size=upload.size,
                uploaded_by=user if user is not None and user.is_authenticated else None,
            )
            HistoryEntry.objects.create(
                report=report,
                at=timezone.now(),
                user=attachment.uploaded_by,
                actor=user.get_username() if user else "",
                action=HistoryAction.ATTACHED,
                step=step,
                new=filename,
            )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return attachment


def remove_attachment(attachment: Attachment, *, user: AbstractBaseUser | None = None) -> None:
    if not attachment.report.editable:
        raise ValidationError(_("The report is submitted and cannot be changed."), code="locked")
    with transaction.atomic():
        HistoryEntry.objects.create(
            report=attachment.report,
            at=timezone.now(),
            user=user if user and user.is_authenticated else None,
            actor=user.get_username() if user else "",
            action=HistoryAction.DETACHED,
            step=attachment.step,
            old=attachment.filename,
        )
        attachment.delete()
        transaction.on_commit(lambda: file_path(attachment).unlink(missing_ok=True))


def file_path(attachment: Attachment) -> Path:
    return storage_dir() / attachment.stored_name
