"""Checking uploaded files by their content, never by their name or the browser's claim.

    kind = check_upload(upload, allowed=IMAGES | PDF, max_bytes=10 * 1024 * 1024)

raises ``ValidationError`` (French message, code) or returns the detected ``FileKind``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    mime: str
    extension: str
    label: str

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


JPEG = FileKind("image/jpeg", ".jpg", "JPEG")
PNG = FileKind("image/png", ".png", "PNG")
WEBP = FileKind("image/webp", ".webp", "WebP")
PDF = FileKind("application/pdf", ".pdf", "PDF")
# XLSX, DOCX, ODS… are ZIP containers: their first bytes do not tell which one.
OFFICE = FileKind("application/zip", "", "XLSX, DOCX, ODS")
IMAGES = frozenset({JPEG, PNG, WEBP})
DOCUMENTS = frozenset({PDF})
OFFICE_DOCUMENTS = frozenset({OFFICE})


def sniff(head: bytes) -> FileKind | None:
    """The kind of file whose first bytes are ``head`` (at least 16 bytes), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    # PDF readers accept the header anywhere in the first kilobyte; we ask for it first.
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return OFFICE
    return None


def check_upload(upload, *, allowed: frozenset[FileKind], max_bytes: int) -> FileKind:
    """Validate an uploaded file's size and real type; images must also decode."""
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("Le fichier est vide."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("Le fichier pèse %(size)s ; la limite est de %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
            code="too_big",
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    kind = sniff(head)
    if kind is None or kind not in allowed:
        labels = ", ".join(sorted(k.label for k in allowed))
        raise ValidationError(
            _("Ce type de fichier n'est pas accepté (formats acceptés : %(labels)s).")
            % {"labels": labels},
            code="bad_type",
        )
    if kind.is_image:
        _check_image(upload)
    return kind


def _check_image(upload) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise ValidationError(_("L'image est illisible ou abîmée."), code="bad_image") from exc
    finally:
        upload.seek(0)
