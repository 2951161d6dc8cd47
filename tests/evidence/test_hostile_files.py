"""A corpus of hostile files, generated here, all refused with a Vietnamese reason; benign twins pass."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from dti.evidence import FileRejected, hostile, inspect_file
from tests.evidence.test_inspect_file import docx_bytes, jpeg_bytes, png_bytes, xlsx_bytes

MB = 1024 * 1024
DOCX_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
              b'officedocument.wordprocessingml.document.main+xml"/></Types>')
XLSX_TYPES = DOCX_TYPES.replace(b"wordprocessingml.document", b"spreadsheetml.sheet")


def pdf(*objects: bytes) -> bytes:
    """A small well-formed PDF with the given extra objects (numbered from 4)."""
    body = [b"1 0 obj << /Type /Catalog /Pages 2 0 R %s >> endobj", b"2 0 obj << /Type /Pages /Kids [3 0 R] "
            b"/Count 1 >> endobj", b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj"]
    catalog_extra = b""
    for obj in objects:
        if obj.startswith(b"CATALOG:"):
            catalog_extra += obj[len(b"CATALOG:"):]
        else:
            body.append(obj)
    body[0] = body[0] % catalog_extra
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for obj in body:
        offsets.append(out.tell())
        out.write(obj + b"\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref))
    return out.getvalue()


def zip_member(name: str, data: bytes, types: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr(name, data)
    return buf.getvalue()


def lying_sizes(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the member's declared unpacked size in both ZIP headers (a bomb that lies)."""
    raw = bytearray(data)
    encoded = member.encode()
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        name_at = {b"PK\x03\x04": 30, b"PK\x01\x02": 46}[sig]
        pos = raw.find(sig)
        while pos >= 0:
            if raw[pos + name_at:pos + name_at + len(encoded)] == encoded:
                raw[pos + size_at:pos + size_at + 4] = struct.pack("<I", size)
            pos = raw.find(sig, pos + 4)
    return bytes(raw)


HOSTILE = {
    "open_action_js.pdf": (lambda: pdf(b"CATALOG:/OpenAction 4 0 R",
                                       b"4 0 obj << /S /JavaScript /JS (app.alert\\(1\\)) >> endobj"),
                           "pdf_active_content", "JavaScript"),
    "launch.pdf": (lambda: pdf(b"CATALOG:/OpenAction 4 0 R",
                               b"4 0 obj << /S /Launch /F (cmd.exe) >> endobj"), "pdf_active_content", "Launch"),
    "embedded_file.pdf": (lambda: pdf(b"CATALOG:/Names << /EmbeddedFiles 4 0 R >>",
                                      b"4 0 obj << /Names [(a.exe) 5 0 R] >> endobj",
                                      b"5 0 obj << /Type /Filespec /F (a.exe) >> endobj"),
                          "pdf_active_content", "đính kèm"),
    "escaped_name.pdf": (lambda: pdf(b"CATALOG:/OpenAction 4 0 R",
                                     b"4 0 obj << /S /J#61vaScript /J#53 (x) >> endobj"),
                         "pdf_active_content", "JavaScript"),
    "js_in_object_stream.pdf": (
        lambda: pdf(b"4 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\nstream\n"
                    + zlib.compress(b"5 0 << /S /JavaScript /JS (app.launchURL\\('x'\\)) >>")
                    + b"\nendstream\nendobj"),
        "pdf_active_content", "JavaScript"),
    "bomb.docx": (lambda: zip_member("word/document.xml", b"\0" * (120 * MB), DOCX_TYPES),
                  "archive_bomb", "giải nén ra quá lớn"),
    "bomb.xlsx": (lambda: zip_member("xl/workbook.xml", b"\0" * (120 * MB), XLSX_TYPES),
                  "archive_bomb", "giải nén ra quá lớn"),
    "ratio.docx": (lambda: zip_member("word/document.xml", b"\0" * (20 * MB), DOCX_TYPES),
                   "archive_bomb", "tỉ lệ nén"),
    "lying_sizes.docx": (lambda: lying_sizes(zip_member("word/document.xml", b"\0" * (8 * MB), DOCX_TYPES),
                                             "word/document.xml", 1000),
                         "archive_broken", "không giải nén được"),
    "script_body.jpg": (lambda: jpeg_bytes() + b"\x00" * 4096 + b"<html><body><script>alert(1)</script>",
                        "polyglot", "HTML/script"),
    "after_iend.png": (lambda: png_bytes() + b"IEND\xaeB`\x82" + b"<SCRIPT src=//x></SCRIPT>",
                       "polyglot", "HTML/script"),
    "empty.pdf": (lambda: b"", "empty", "0 byte"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused(name: str) -> None:
    make, code, words = HOSTILE[name]
    with pytest.raises(FileRejected) as caught:
        inspect_file(make(), name, max_bytes=10 * MB)
    assert caught.value.code == code
    assert words in str(caught.value) and name in str(caught.value)


@pytest.mark.parametrize("make", [lambda: pdf(), docx_bytes, xlsx_bytes, png_bytes, jpeg_bytes,
                                  lambda: pdf(b"4 0 obj << /Length 20 /Filter /FlateDecode >>\nstream\n"
                                              + zlib.compress(b"BT /F1 12 Tf (JavaScript) Tj ET")
                                              + b"\nendstream\nendobj")])
def test_benign_twins_pass(make: object) -> None:
    data = make()  # type: ignore[operator]
    kind = {b"%PDF": "pdf", b"\x89PN": "png", b"\xff\xd8": "jpg"}
    ext = next((v for k, v in kind.items() if data.startswith(k)), None)
    if ext is None:
        ext = "docx" if b"word/" in data else "xlsx"
    assert inspect_file(data, f"tot.{ext}", max_bytes=10 * MB).size == len(data)


def test_a_pdf_bomb_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hostile, "PDF_MAX_INFLATED", 1 * MB)
    data = pdf(b"4 0 obj << /Filter /FlateDecode >>\nstream\n" + zlib.compress(b"\0" * (4 * MB))
               + b"\nendstream\nendobj")
    with pytest.raises(FileRejected) as caught:
        inspect_file(data, "bom.pdf", max_bytes=10 * MB)
    assert caught.value.code == "pdf_bomb"
