from __future__ import annotations

import hashlib
import io
import zipfile

import docx
import openpyxl
import pytest

from dti.evidence import FileRejected, inspect_file
from tests import pki

MB = 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("Kế hoạch chuyển đổi số")
    d.save(buf)
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Số liệu"
    wb.save(buf)
    return buf.getvalue()


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def ole_bytes(stream: str) -> bytes:
    return OLE + b"\x00" * 504 + stream.encode("utf-16-le") + b"\x00" * 64


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def inspect(data: bytes, name: str, **kw):
    return inspect_file(data, name, max_bytes=kw.pop("max_bytes", 5 * MB), **kw)


@pytest.mark.parametrize(
    ("make", "name", "kind"),
    [
        (pki.minimal_pdf, "bao-cao.pdf", "pdf"),
        (docx_bytes, "ke-hoach.docx", "docx"),
        (xlsx_bytes, "so-lieu.XLSX", "xlsx"),
        (png_bytes, "anh.png", "png"),
        (jpeg_bytes, "anh.jpg", "jpeg"),
        (jpeg_bytes, "anh.jpeg", "jpeg"),
        (lambda: ole_bytes("WordDocument"), "cu.doc", "doc"),
        (lambda: ole_bytes("Workbook"), "cu.xls", "xls"),
    ],
)
def test_it_accepts_allowed_types_by_content(make, name, kind):
    data = make()
    facts = inspect(data, name)
    assert facts.kind == kind
    assert facts.size == len(data)
    assert facts.sha256 == hashlib.sha256(data).hexdigest()
    assert facts.filename == name


def test_it_keeps_only_the_base_name():
    assert inspect(pki.minimal_pdf(), "C:\\Users\\a\\..\\bao-cao.pdf").filename == "bao-cao.pdf"


@pytest.mark.parametrize(
    ("data", "name", "code", "message"),
    [
        (b"\x7fELF\x02\x01\x01" + b"\0" * 64, "bao-cao.pdf", "executable", "chương trình thực thi Linux"),
        (b"MZ\x90\x00" + b"\0" * 64, "ke-hoach.docx", "executable", "chương trình thực thi Windows"),
        (b"#!/bin/sh\nrm -rf /\n", "bao-cao.pdf", "script", "chứa mã lệnh"),
        (b"<html><script>alert(1)</script>", "anh.png", "script", "chứa mã lệnh"),
        (zip_bytes({"a.txt": b"x"}), "bao-cao.pdf", "type_mismatch", "nội dung thực là tệp nén ZIP"),
        (zip_bytes({"a.txt": b"x"}), "ho-so.zip", "extension_not_allowed", "Loại tệp '.zip'"),
        (docx_bytes(), "so-lieu.xlsx", "type_mismatch", "nội dung thực là Word (DOCX)"),
        (pki.minimal_pdf(), "anh.jpg", "type_mismatch", "nội dung thực là PDF"),
        (png_bytes(), "bao-cao.pdf", "type_mismatch", "nội dung thực là Ảnh PNG"),
        (ole_bytes("Workbook"), "cu.doc", "type_mismatch", "Excel 97-2003"),
        (OLE + b"\0" * 600, "cai-dat.doc", "type_mismatch", "MSI"),
        (b"Chi la van ban", "ghi-chu.pdf", "unknown_content", "Không nhận diện được nội dung"),
        (b"Chi la van ban", "ghi-chu.txt", "extension_not_allowed", "Chỉ nhận: PDF, DOCX"),
        (pki.minimal_pdf(), "khong-duoi", "extension_not_allowed", "không có phần mở rộng"),
        (pki.minimal_pdf()[:-30], "dang-do.pdf", "pdf_truncated", "thiếu dấu kết thúc %%EOF"),
        (b"", "rong.pdf", "empty", "rỗng"),
    ],
)
def test_it_rejects_with_a_vietnamese_reason(data, name, code, message):
    with pytest.raises(FileRejected) as info:
        inspect(data, name)
    assert info.value.code == code
    assert message in str(info.value)
    assert name.rsplit("\\", 1)[-1] in str(info.value)


def test_it_rejects_macro_enabled_office_files_renamed_to_docx():
    types = (
        b'<Types><Override PartName="/word/document.xml" '
        b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
    )
    data = zip_bytes({"[Content_Types].xml": types, "word/vbaProject.bin": b"\0"})
    with pytest.raises(FileRejected, match="tài liệu Office có macro") as info:
        inspect(data, "ke-hoach.docx")
    assert info.value.code == "type_mismatch"


def test_it_enforces_the_size_limit():
    data = pki.minimal_pdf()
    with pytest.raises(FileRejected, match="quá lớn") as info:
        inspect(data, "bao-cao.pdf", max_bytes=len(data) - 1)
    assert info.value.code == "too_large"
    assert inspect(data, "bao-cao.pdf", max_bytes=len(data)).size == len(data)


def test_it_calls_the_antivirus_hook():
    seen = []

    def scanner(data: bytes, name: str) -> str | None:
        seen.append(name)
        return "Eicar-Test-Signature" if b"EICAR" in data else None

    assert inspect(pki.minimal_pdf(), "sach.pdf", scanner=scanner).kind == "pdf"
    with pytest.raises(FileRejected, match="Eicar-Test-Signature") as info:
        inspect(pki.minimal_pdf(b"EICAR"), "nhiem.pdf", scanner=scanner)
    assert info.value.code == "virus"
    assert seen == ["sach.pdf", "nhiem.pdf"]


def test_it_uses_the_scanner_named_in_the_environment(monkeypatch):
    import dti.evidence.scanning as scanning

    monkeypatch.setenv("DTI_EVIDENCE_SCANNER", "tests.evidence.test_inspect_file:reject_all")
    scanning._scanner_for.cache_clear()
    try:
        with pytest.raises(FileRejected, match="Virus-Gia-Lap"):
            inspect(pki.minimal_pdf(), "bao-cao.pdf")
    finally:
        scanning._scanner_for.cache_clear()


def reject_all(data: bytes, name: str) -> str | None:
    return "Virus-Gia-Lap"
