"""Content-based checks for uploaded evidence files (tài liệu kiểm chứng).

The extension a user gives is only a claim: the type is detected from the bytes, and the two must agree.
Archives (ZIP, RAR, 7z) are refused on purpose: their members cannot be checked or signature-verified,
so users upload each document separately.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import asdict, dataclass
from pathlib import PurePath
from typing import Any

import filetype  # type: ignore[import-untyped]

from dti.evidence import hostile
from dti.evidence.errors import FileRejected
from dti.evidence.scanning import Scanner, default_scanner


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    mime: str
    extensions: tuple[str, ...]


KINDS: dict[str, FileKind] = {
    k.code: k
    for k in (
        FileKind("pdf", "PDF", "application/pdf", (".pdf",)),
        FileKind(
            "docx",
            "Word (DOCX)",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        FileKind(
            "xlsx",
            "Excel (XLSX)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        FileKind("doc", "Word 97-2003 (DOC)", "application/msword", (".doc",)),
        FileKind("xls", "Excel 97-2003 (XLS)", "application/vnd.ms-excel", (".xls",)),
        FileKind("png", "Ảnh PNG", "image/png", (".png",)),
        FileKind("jpeg", "Ảnh JPEG", "image/jpeg", (".jpg", ".jpeg")),
    )
}
ALLOWED_EXTENSIONS: dict[str, str] = {ext: k.code for k in KINDS.values() for ext in k.extensions}
ALLOWED_LABEL = "PDF, DOCX, XLSX, DOC, XLS, PNG, JPEG"

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXECUTABLE_MAGIC = {
    b"MZ": "Windows (EXE/DLL)",
    b"\x7fELF": "Linux (ELF)",
    b"\xca\xfe\xba\xbe": "macOS/Java",
    b"\xcf\xfa\xed\xfe": "macOS (Mach-O)",
    b"\xfe\xed\xfa\xcf": "macOS (Mach-O)",
    b"\x00asm": "WebAssembly",
}
_SCRIPT_PREFIXES = (b"#!", b"<?php", b"<script", b"<html", b"<!doctype html", b"<svg", b"@echo")
_OOXML_MAIN = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_CONTENT_TYPES_MAX = 1024 * 1024


@dataclass(frozen=True)
class FileFacts:
    """What an accepted file is: detected type, size and SHA-256 of its bytes."""

    filename: str
    kind: str  # code in KINDS: pdf, docx, xlsx, doc, xls, png, jpeg
    label: str
    mime: str
    size: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def inspect_file(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    scanner: Scanner | None = None,
) -> FileFacts:
    """Check an uploaded file by its content; return its facts or raise :class:`FileRejected`.

    ``scanner`` defaults to the antivirus hook configured by ``DTI_EVIDENCE_SCANNER`` (none by default).
    """
    name = PurePath(filename.replace("\\", "/")).name or "tệp"
    size = len(data)
    if size == 0:
        raise FileRejected(f"Tệp '{name}' rỗng (0 byte).", code="empty")
    if size > max_bytes:
        raise FileRejected(
            f"Tệp '{name}' quá lớn: {_mb(size)} MB, tối đa {_mb(max_bytes)} MB.", code="too_large"
        )
    _reject_programs(data, name)
    ext = PurePath(name).suffix.lower()
    claimed = ALLOWED_EXTENSIONS.get(ext)
    if claimed is None:
        shown = ext or "(không có phần mở rộng)"
        raise FileRejected(
            f"Loại tệp '{shown}' của '{name}' không được chấp nhận. Chỉ nhận: {ALLOWED_LABEL}.",
            code="extension_not_allowed",
        )
    detected = detect_kind(data)
    if detected is None:
        raise FileRejected(
            f"Không nhận diện được nội dung tệp '{name}' là {KINDS[claimed].label}: tệp hỏng hoặc sai định dạng.",
            code="unknown_content",
        )
    if detected != claimed:
        raise FileRejected(
            f"Phần mở rộng '{ext}' của '{name}' không khớp nội dung tệp "
            f"(nội dung thực là {_label(detected)}). Vui lòng tải lên đúng tệp gốc.",
            code="type_mismatch",
        )
    _check_structure(data, detected, name)
    active = scanner if scanner is not None else default_scanner()
    if active is not None:
        threat = active(data, name)
        if threat:
            raise FileRejected(f"Tệp '{name}' bị phần mềm diệt virus chặn: {threat}.", code="virus")
    kind = KINDS[detected]
    return FileFacts(
        filename=name,
        kind=kind.code,
        label=kind.label,
        mime=kind.mime,
        size=size,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def detect_kind(data: bytes) -> str | None:
    """Type code from the bytes alone, or a descriptive non-allowed code (``zip``, ``exe``…), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        return _ole_kind(data)
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    guess = filetype.guess(data)
    if guess is None:
        return None
    if guess.extension == "jpg":
        return "jpeg"
    return str(guess.extension)


def _reject_programs(data: bytes, name: str) -> None:
    for magic, what in _EXECUTABLE_MAGIC.items():
        if data.startswith(magic):
            raise FileRejected(
                f"Tệp '{name}' là chương trình thực thi {what}, không được phép tải lên.", code="executable"
            )
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_SCRIPT_PREFIXES):
        raise FileRejected(
            f"Tệp '{name}' chứa mã lệnh (script/HTML), không được phép tải lên.", code="script"
        )


def _check_structure(data: bytes, kind: str, name: str) -> None:
    # A PDF cut short (interrupted upload, partial download) still starts with %PDF-.
    if kind == "pdf" and b"%%EOF" not in data[-2048:]:
        raise FileRejected(
            f"Tệp PDF '{name}' không hoàn chỉnh (thiếu dấu kết thúc %%EOF): có thể bị tải lên dở dang.",
            code="pdf_truncated",
        )
    # the whole content, not only the head: active PDF content, zip bombs, image/HTML polyglots
    if kind == "pdf":
        hostile.check_pdf(data, name)
    elif kind in ("docx", "xlsx"):
        hostile.check_archive(data, name)
    elif kind in ("png", "jpeg"):
        hostile.check_image(data, name)


def _ole_kind(data: bytes) -> str:
    # Stream names live in the OLE directory as UTF-16LE; MSI installers and other OLE files have neither.
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    return "ole"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            info = zf.getinfo("[Content_Types].xml") if "[Content_Types].xml" in names else None
            if info is None or info.file_size > _CONTENT_TYPES_MAX:
                return "zip"
            content_types = zf.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError):
        return "zip"
    if b"macroEnabled" in content_types or any(n.lower().endswith("vbaproject.bin") for n in names):
        return "office_macro"
    for kind, marker in _OOXML_MAIN.items():
        if marker in content_types:
            return kind
    return "ooxml_other"


_OTHER_LABELS = {
    "zip": "tệp nén ZIP",
    "ole": "tệp Office cũ không phải Word/Excel (hoặc bộ cài MSI)",
    "office_macro": "tài liệu Office có macro",
    "ooxml_other": "tài liệu Office khác (PowerPoint…)",
    "rar": "tệp nén RAR",
    "7z": "tệp nén 7z",
    "gz": "tệp nén GZIP",
}


def _label(code: str) -> str:
    if code in KINDS:
        return KINDS[code].label
    return _OTHER_LABELS.get(code, code.upper())


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",")
