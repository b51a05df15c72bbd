"""Uploaded scans: PDF, JPEG or PNG up to 10 MB, kept outside the public static path."""

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

ALLOWED_SIGNATURES = {
    ".pdf": [b"%PDF-"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
}
CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def private_storage():
    """The storage of scans, outside the static path. A callable, so migrations name this
    function rather than the path of one machine."""
    return storages["private"]


@deconstructible
class scan_upload_to:  # noqa: N801  (used like a function in upload_to=)
    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        ext = os.path.splitext(filename)[1].lower()
        return f"{self.folder}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other):
        return isinstance(other, scan_upload_to) and other.folder == self.folder


def validate_scan(file):
    """Checks extension, the file's first bytes and its size; the message names what is wrong."""
    if not file:
        return
    ext = os.path.splitext(file.name)[1].lower()
    if ext not in ALLOWED_SIGNATURES:
        raise ValidationError(_("Only PDF, JPEG or PNG files can be uploaded."), code="file_type")
    size = getattr(file, "size", None) or 0
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": settings.UPLOAD_MAX_BYTES // 1024 // 1024},
            code="file_size",
        )
    if hasattr(file, "open") and not getattr(file, "_committed", False):
        pos = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        head = file.read(16)
        file.seek(pos)
        if not any(head.startswith(sig) for sig in ALLOWED_SIGNATURES[ext]):
            raise ValidationError(
                _("The file content does not match its type (PDF, JPEG or PNG)."), code="file_content"
            )


def content_type_for(name):
    return CONTENT_TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream")
