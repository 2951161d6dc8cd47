"""PDF conversion is bounded: past its time LibreOffice is stopped and a Vietnamese error is raised,
whatever path (resident converter, one-shot soffice) it was on."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from dti.reports import pdf, resident


@pytest.fixture
def stuck_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An ``soffice`` that never finishes; it writes its pid so the test can see it was stopped."""
    script = tmp_path / "soffice"
    pid_file = tmp_path / "soffice.pid"
    script.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 60\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pdf, "soffice_path", lambda: str(script))
    monkeypatch.setenv("DTI_PDF_RESIDENT", "0")
    return pid_file


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_stuck_libreoffice_is_stopped_with_a_vietnamese_error(stuck_soffice: Path, tmp_path: Path) -> None:
    docx = tmp_path / "bao-cao.docx"
    docx.write_bytes(b"PK")
    started = time.monotonic()
    with pytest.raises(pdf.PdfTimeout, match="Không tạo được PDF trong 1 giây"):
        pdf.convert_to_pdf([docx], tmp_path / "out", timeout=1)
    assert time.monotonic() - started < 5
    pid = int(stuck_soffice.read_text())
    assert not _alive(pid), "soffice still running after the timeout"


def test_the_default_budget_comes_from_the_environment(stuck_soffice: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DTI_PDF_TIMEOUT", "0.5")
    assert pdf.pdf_timeout() == 0.5
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK")
    with pytest.raises(pdf.PdfTimeout, match="0.5 giây"):
        pdf.convert_to_pdf([docx], tmp_path / "out")
    monkeypatch.setenv("DTI_PDF_TIMEOUT", "không phải số")
    assert pdf.pdf_timeout() == pdf.DEFAULT_TIMEOUT


def test_a_busy_resident_converter_gives_up_within_the_time(tmp_path: Path) -> None:
    conv = resident.ResidentConverter()
    release = threading.Event()

    def hold() -> None:
        with conv._lock:
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        time.sleep(0.05)
        started = time.monotonic()
        assert conv.convert(tmp_path / "a.docx", tmp_path / "a.pdf", timeout=0.3) is False
        assert time.monotonic() - started < 2
    finally:
        release.set()
        holder.join()
