"""Documents fixtures: WEB's small world and RESULTS' real Ninh Thuận 2022 round, reused by import."""

from __future__ import annotations

import io
import zipfile

from docx import Document

from tests.web_results.conftest import (  # noqa: F401
    PASSWORD,
    World,
    _isolated,
    _sync_jobs,
    build_ninh_thuan,
    ninh_thuan,
    nt_users,
    world,
)


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
