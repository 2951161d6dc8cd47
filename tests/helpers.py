"""Helpers shared by the test packages: a permission-matrix checker for pages, small files, document readers."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document

ROLES = ("admin", "owner", "assessor", "editor_a", "agency_a", "viewer", "outsider", None)


@dataclass(frozen=True)
class Case:
    """One view × every role: the status each role must get (anonymous = None → login redirect)."""

    name: str
    method: str
    url: str
    allowed: dict[str | None, int]
    data: dict[str, str] = field(default_factory=dict)
    denied: int = 403

    def expected(self, role: str | None) -> int:
        if role is None:
            return self.allowed.get(None, 302)
        return self.allowed.get(role, self.denied)


def check_access(client: Client, case: Case, role: str | None) -> None:
    call = client.get if case.method == "GET" else client.post
    response = call(case.url, case.data)
    expected = case.expected(role)
    assert response.status_code == expected, (
        f"{case.name} as {role or 'khách'}: got {response.status_code}, expected {expected}"
    )
    if role is None and expected == 302:
        assert "dang-nhap" in response["Location"] or "/login/" in response["Location"]


def minimal_pdf() -> bytes:
    """A small but valid one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_upload(name: str = "quyet-dinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(), content_type="application/pdf")


def exe_bytes() -> bytes:
    """The start of a Windows executable: 'MZ' header with a PE signature offset."""
    head = bytearray(b"MZ" + b"\x90\x00" * 29 + b"\x00" * 2)
    head += b"\x00" * (0x3C - len(head))
    head += (0x80).to_bytes(4, "little")
    head += b"\x00" * (0x80 - len(head)) + b"PE\x00\x00" + b"\x00" * 200
    return bytes(head)


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a DOCX, one per line."""
    doc = Document(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def zip_names(content: bytes) -> list[str]:
    return sorted(zipfile.ZipFile(io.BytesIO(content)).namelist())
