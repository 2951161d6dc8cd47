"""Hostile content inside files whose type is otherwise accepted (tệp độc hại).

- PDFs that act when opened: JavaScript (``/JavaScript``, ``/JS``, also as the ``/OpenAction``),
  launching programs (``/Launch``), embedded files (``/EmbeddedFile(s)``) and Flash/3D media
  (``/RichMedia``). Names are matched after PDF name escapes (``/J#61vaScript``) are decoded, in the
  file and in every compressed stream (object streams hide dictionaries there).
- Archives (DOCX/XLSX are ZIP): the total unpacked size and the compression ratio are bounded, and every
  member is unpacked under that budget so a member lying about its size fails its check (zip bombs).
- Polyglots: an image whose bytes, anywhere (not only the head), carry HTML or script.

Every finding raises :class:`FileRejected` with a Vietnamese message naming the file and the reason.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from dti.evidence.errors import FileRejected

ARCHIVE_MAX_UNPACKED = 100 * 1024 * 1024  # total of all members, unpacked
ARCHIVE_MAX_RATIO = 100  # unpacked / packed, for the whole archive …
ARCHIVE_RATIO_FROM = 5 * 1024 * 1024  # … once it unpacks to more than this (small files compress well)
ARCHIVE_MAX_MEMBERS = 5000
PDF_MAX_INFLATED = 200 * 1024 * 1024  # work bound while inflating a PDF's streams to look inside

_PDF_ACTIONS = {
    b"JavaScript": "mã JavaScript",
    b"JS": "mã JavaScript",
    b"Launch": "lệnh mở chương trình (Launch)",
    b"EmbeddedFile": "tệp đính kèm ẩn bên trong",
    b"EmbeddedFiles": "tệp đính kèm ẩn bên trong",
    b"RichMedia": "nội dung đa phương tiện nhúng (RichMedia)",
}
_NAME = re.compile(rb"/((?:[A-Za-z0-9_.+\-]|#[0-9A-Fa-f]{2})+)")
_STREAM = re.compile(rb"stream\r?\n")
_ENDSTREAM = b"endstream"
_HTML_MARKERS = (b"<script", b"<html", b"<iframe", b"<svg", b"<?php", b"javascript:", b"<body", b"<object")


def _decoded_names(data: bytes) -> set[bytes]:
    names = set()
    for match in _NAME.finditer(data):
        raw = match.group(1)
        if b"#" in raw:
            raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        names.add(raw)
    return names


def _inflated_streams(data: bytes) -> list[bytes]:
    """Every stream that inflates with zlib (FlateDecode), within ``PDF_MAX_INFLATED`` in total."""
    out: list[bytes] = []
    budget = PDF_MAX_INFLATED
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(_ENDSTREAM, start)
        if end < 0:
            break
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(data[start:end], budget)
        except zlib.error:
            continue
        budget -= len(chunk)
        out.append(chunk)
        if budget <= 0:
            raise FileRejected("", code="pdf_bomb")
    return out


def check_pdf(data: bytes, name: str) -> None:
    try:
        parts = [data, *_inflated_streams(data)]
    except FileRejected:
        raise FileRejected(
            f"Tệp PDF '{name}' giải nén ra quá lớn (trên {PDF_MAX_INFLATED // 1024 // 1024} MB): "
            "có dấu hiệu tệp nén độc hại.", code="pdf_bomb") from None
    found: dict[str, None] = {}
    for part in parts:
        for token in _decoded_names(part) & _PDF_ACTIONS.keys():
            found[_PDF_ACTIONS[token]] = None
    if found:
        raise FileRejected(
            f"Tệp PDF '{name}' chứa {', '.join(found)}: có thể chạy lệnh khi mở nên không được chấp nhận. "
            "Hãy in lại ra PDF (Microsoft Print to PDF, Xuất PDF) rồi tải lên bản mới.",
            code="pdf_active_content",
        )


def check_archive(data: bytes, name: str) -> None:
    bomb = FileRejected(
        f"Tệp '{name}' giải nén ra quá lớn hoặc có tỉ lệ nén bất thường: có dấu hiệu tệp nén độc hại "
        f"(tối đa {ARCHIVE_MAX_UNPACKED // 1024 // 1024} MB sau giải nén).",
        code="archive_bomb",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > ARCHIVE_MAX_MEMBERS:
                raise bomb
            declared = sum(i.file_size for i in infos)
            if declared > ARCHIVE_MAX_UNPACKED or (
                    declared > ARCHIVE_RATIO_FROM and declared > ARCHIVE_MAX_RATIO * max(len(data), 1)):
                raise bomb
            # unpack for real: a member whose data outgrows its declared size fails its CRC/size check
            remaining = ARCHIVE_MAX_UNPACKED
            for info in infos:
                with zf.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        remaining -= len(chunk)
                        if remaining < 0:
                            raise bomb
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError, ValueError,
            NotImplementedError, zlib.error):
        raise FileRejected(f"Tệp '{name}' bị hỏng: không giải nén được nội dung.", code="archive_broken") from None


def check_image(data: bytes, name: str) -> None:
    lowered = data.lower()
    for marker in _HTML_MARKERS:
        if marker in lowered:
            raise FileRejected(
                f"Tệp ảnh '{name}' có chứa mã HTML/script bên trong ({marker.decode()}…): không được chấp nhận.",
                code="polyglot",
            )
