"""A PDF that LibreOffice cannot produce in time gives the user a Vietnamese error page (503) at once,
never a request hanging on a worker."""

from __future__ import annotations

import stat
import time

import pytest

from dti.reports import pdf
from dti.web.entries.models import Entry
from dti.web.results.services import results_recompute


@pytest.fixture
def stuck_soffice(tmp_path, monkeypatch):
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pdf, "soffice_path", lambda: str(script))
    monkeypatch.setenv("DTI_PDF_RESIDENT", "0")
    monkeypatch.setenv("DTI_PDF_TIMEOUT", "1")


def test_the_unit_pdf_fails_in_vietnamese_within_its_time(world, stuck_soffice) -> None:
    Entry.objects.create(round=world.round, unit=world.unit_a, criterion_code="I.1", done=True)
    results_recompute(round=world.round)
    started = time.monotonic()
    r = world.client_for("owner").get(f"/ky/{world.round.slug}/van-ban/901/bao-cao.pdf")
    assert time.monotonic() - started < 10
    assert r.status_code == 503
    assert "Không tạo được PDF trong 1 giây" in r.content.decode()
    assert "tải bản DOCX" in r.content.decode()
