"""Structural snapshots of both documents (paragraph texts and table cells) under tests/golden/.

After an intended change of wording or layout, regenerate with
``DTI_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/reports/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dti.reports import build_document, unit_document_data

from .conftest import tables, texts

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "reports"


def snapshot(doc) -> dict:
    return {
        "paragraphs": [p for p in texts(doc) if p.strip()],
        "tables": tables(doc),
        "sections": [
            {"orientation": int(s.orientation), "width_mm": round(s.page_width.mm), "height_mm": round(s.page_height.mm)}
            for s in doc.sections
        ],
    }


@pytest.mark.parametrize("kind", ["bao-cao", "ke-hoach"])
def test_document_matches_golden(kind, small_result, small_settings):
    doc = build_document(kind, unit_document_data(small_result, "A"), small_settings)
    actual = snapshot(doc)
    path = GOLDEN / f"{kind}-mini.json"
    if os.environ.get("DTI_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected
