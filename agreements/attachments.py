"""Which evidence files a report accepts: the type is decided by the bytes, and the name must agree."""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MEGABYTE = 1024 * 1024
# The original name is kept for the download; long enough to recognise, short enough for any header.
NAME_MAX_LENGTH = 150
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class FileKind:
    label: str
    description: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF", gettext_lazy("een PDF-document"), "application/pdf", (".pdf",))
PNG = FileKind("PNG", gettext_lazy("een PNG-afbeelding"), "image/png", (".png",))
JPEG = FileKind("JPG", gettext_lazy("een JPG-afbeelding"), "image/jpeg", (".jpg", ".jpeg"))
XLSX = FileKind(
    "XLSX",
    gettext_lazy("een Excel-werkmap (XLSX)"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
DOCX = FileKind(
    "DOCX",
    gettext_lazy("een Word-document (DOCX)"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
ODT = FileKind("ODT", gettext_lazy("een OpenDocument-tekst (ODT)"), ODT_MIMETYPE.decode(), (".odt",))
KINDS = (PDF, XLSX, DOCX, ODT, PNG, JPEG)

# For the file input's `accept` attribute: the browser's first filter, never the check itself.
ACCEPT = ",".join([ext for kind in KINDS for ext in kind.extensions] + [kind.content_type for kind in KINDS])


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed: the name to show, the type found in its bytes, its size."""

    name: str
    content_type: str
    size: int


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_BYTES


def megabytes(size: int) -> str:
    """A byte count as megabytes for people: '10', '2,5', '0,25'."""
    text = f"{size / MEGABYTE:.2f}".rstrip("0").rstrip(".")
    return number_format(Decimal(text if text != "0" else "0.01"))


def allowed_types_text() -> str:
    labels = [kind.label for kind in KINDS]
    return _("%(types)s en %(last)s") % {"types": ", ".join(labels[:-1]), "last": labels[-1]}


def rules_text() -> str:
    """The help text of the upload: which types and how large."""
    return _("Toegestaan: %(types)s, tot %(limit)s MB per bestand.") % {
        "types": allowed_types_text(),
        "limit": megabytes(max_bytes()),
    }


def clean_name(raw: str) -> str:
    """The file name without any path or control characters, at most NAME_MAX_LENGTH characters."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    suffix = f".{extension[:20]}" if dot else ""
    stem = stem.strip() or _("bijlage")
    return stem[: NAME_MAX_LENGTH - len(suffix)] + suffix


def _zip_kind(upload) -> FileKind | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            first = members[0] if members else None
            is_odt = (
                first is not None
                and first.filename == "mimetype"
                and first.file_size < 100
                and archive.read(first).strip() == ODT_MIMETYPE
            )
            if is_odt:
                return ODT
            if "xl/vbaProject.bin" in names or "word/vbaProject.bin" in names:
                return None  # a macro-enabled workbook or document dressed as xlsx/docx
            if "xl/workbook.xml" in names:
                return XLSX
            if "word/document.xml" in names:
                return DOCX
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ):
        return None
    return None


def sniff(upload) -> FileKind | None:
    """The kind of file the bytes show, or None when it is none of the allowed kinds."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
        upload.seek(0)
        return kind
    return None


def check_upload(upload) -> CheckedUpload:
    """Accept an uploaded file or raise ValidationError with a Dutch message saying why not."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("Het bestand is leeg. Kies een bestand met inhoud."), code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("Het bestand is %(size)s MB; een bijlage mag hoogstens %(limit)s MB zijn."),
            params={"size": megabytes(size), "limit": megabytes(max_bytes())},
            code="too_large",
        )
    name = clean_name(upload.name)
    extension = "." + name.rpartition(".")[2].lower() if "." in name else ""
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            _("Dit soort bestand kan niet worden toegevoegd. Toegestaan zijn: %(types)s."),
            params={"types": allowed_types_text()},
            code="unknown_type",
        )
    if extension not in kind.extensions:
        raise ValidationError(
            _(
                "De naam van het bestand eindigt op ‘%(extension)s’, maar de inhoud is %(kind)s. "
                "Geef het bestand de juiste extensie (%(expected)s) of kies een ander bestand."
            ),
            params={
                "extension": extension or _("(geen extensie)"),
                "kind": kind.description,
                "expected": " / ".join(kind.extensions),
            },
            code="wrong_extension",
        )
    return CheckedUpload(name=name, content_type=kind.content_type, size=size)
