"""Uploaded evidence: the type is read from the content, never from the name.

PDF, JPEG and PNG are recognised by their first bytes; DOCX and XLSX are ZIP
archives whose ``[Content_Types].xml`` declares the Word or Excel main part
(macro-enabled variants declare another type and are refused). Pure Python:
no libmagic.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Evidence

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx", XLSX: "xlsx"}

_OOXML_MAIN = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_MAX_CONTENT_TYPES_SIZE = 1024 * 1024


def sniff(upload) -> str | None:
    """The allowed content type of ``upload`` from its bytes, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_ooxml(upload)
    return None


def _sniff_ooxml(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _MAX_CONTENT_TYPES_SIZE:
                return None
            declared = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    finally:
        upload.seek(0)
    for content_type, main_part in _OOXML_MAIN.items():
        if main_part in declared:
            return content_type
    return None


# A filled-in report template unpacks to a few hundred kilobytes; openpyxl holds
# a sheet's text in memory, so a small upload that unpacks to gigabytes (a "zip
# bomb") would take the worker's memory and minutes of CPU.
MAX_UNPACKED_SIZE = 20 * 1024 * 1024
MAX_MEMBERS = 500


def unpacks_within_limits(upload, *, max_size=MAX_UNPACKED_SIZE, max_members=MAX_MEMBERS) -> bool:
    """Whether the ZIP archive ``upload`` unpacks to at most ``max_size`` bytes in at most ``max_members`` files.

    The sizes are the archive's own declarations; Python's zipfile (which
    openpyxl reads through) never inflates a member past its declared size.
    """
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return len(members) <= max_members and sum(m.file_size for m in members) <= max_size


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Excel 97-2003 (.xls)
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def sniff_workbook(upload) -> str | None:
    """``"xlsx"``, ``"xls"`` or ``"ods"`` from the bytes of ``upload``, or None for anything else.

    An .xls is any OLE2 compound file (a .doc is one too: converting it fails later, with a message).
    """
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head == _OLE2:
        return "xls"
    if not head.startswith(b"PK\x03\x04"):
        return None
    if sniff(upload) == XLSX:
        return "xlsx"
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo("mimetype")
            declared = archive.read(info) if info.file_size <= 100 else b""
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    finally:
        upload.seek(0)
    return "ods" if declared.strip() == _ODS_MIMETYPE else None


def check_upload(upload) -> str:
    """Return the content type of an acceptable upload; raise ``ValidationError`` otherwise."""
    if upload.size > Evidence.MAX_SIZE:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    content_type = sniff(upload)
    if content_type is None:
        raise ValidationError(
            _("The file's content is not a PDF, DOCX, XLSX, JPEG or PNG document, whatever its name says."),
            code="bad_type",
        )
    return content_type
