"""PDF through LibreOffice: both documents, and a batch in one soffice call."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from dti.reports import convert_to_pdf, unit_document_data, write_batch, write_document
from dti.reports.pdf import soffice_path

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _need_soffice():
    if soffice_path() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) not installed")


def _pdf_text(path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is required in CI")
        pytest.skip("pdftotext not installed")
    return subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, check=True,  # noqa: S603
                          text=True).stdout


@pytest.mark.parametrize("kind", ["bao-cao", "ke-hoach"])
def test_each_document_converts(kind, small_result, small_settings, tmp_path):
    out = write_document(kind, unit_document_data(small_result, "A"), tmp_path / f"{kind}.pdf", small_settings)
    assert out.read_bytes().startswith(b"%PDF")
    text = _pdf_text(out)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "An Bình, ngày 24 tháng 6 năm 2024" in text


def test_batch_uses_one_call_for_every_unit(small_result, tmp_path):
    paths = write_batch("bao-cao", small_result, tmp_path, lambda code, name: None, fmt="pdf")
    assert [p.name for p in paths] == ["bao-cao-A-huyen-an-binh.pdf", "bao-cao-B-huyen-bac-son.pdf",
                                       "bao-cao-C-thi-xa-cam-ha.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in paths)


def test_a_missing_input_is_reported(tmp_path):
    from dti.reports import PdfError

    with pytest.raises(PdfError, match="không tạo được: khong-co.pdf"):
        convert_to_pdf([tmp_path / "khong-co.docx"], tmp_path / "out")
