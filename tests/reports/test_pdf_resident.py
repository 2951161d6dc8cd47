"""The resident LibreOffice converter (unoserver): kept running between documents, and the one-shot
soffice fallback when it is unavailable or too slow."""

from __future__ import annotations

import os

import pytest

from dti.reports import resident, unit_document_data, write_document
from dti.reports.pdf import soffice_path

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _need_soffice():
    if soffice_path() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) not installed")


@pytest.fixture
def fresh_converter(monkeypatch):
    conv = resident.ResidentConverter()
    monkeypatch.setattr(resident, "converter", lambda: conv)
    yield conv
    conv.stop()


def test_one_libreoffice_serves_several_documents(fresh_converter, small_result, small_settings, tmp_path):
    if resident.uno_python() is None:
        if os.environ.get("CI"):
            pytest.fail("python3-uno is required in CI (make system-deps)")
        pytest.skip("python3-uno not installed")
    data = unit_document_data(small_result, "A")
    first = write_document("bao-cao", data, tmp_path / "a.pdf", small_settings)
    assert fresh_converter.running
    pid = fresh_converter._proc.pid
    second = write_document("ke-hoach", data, tmp_path / "b.pdf", small_settings)
    assert first.read_bytes().startswith(b"%PDF") and second.read_bytes().startswith(b"%PDF")
    assert fresh_converter.running and fresh_converter._proc.pid == pid  # the same LibreOffice


def test_without_uno_the_one_shot_soffice_converts(fresh_converter, monkeypatch, small_result, small_settings,
                                                   tmp_path):
    monkeypatch.setattr(resident, "uno_python", lambda: None)
    out = write_document("bao-cao", unit_document_data(small_result, "A"), tmp_path / "a.pdf", small_settings)
    assert out.read_bytes().startswith(b"%PDF") and not fresh_converter.running


def test_a_conversion_past_its_timeout_falls_back(fresh_converter, monkeypatch, small_result, small_settings,
                                                  tmp_path):
    from dti.reports import pdf

    monkeypatch.setattr(pdf, "RESIDENT_TIMEOUT", 0.001)
    out = write_document("bao-cao", unit_document_data(small_result, "A"), tmp_path / "a.pdf", small_settings)
    assert out.read_bytes().startswith(b"%PDF")  # one-shot soffice finished the job
    assert not fresh_converter.running  # the stuck server was stopped
