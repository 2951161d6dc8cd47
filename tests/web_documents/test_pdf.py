"""PDF through the UI (LibreOffice): slow, skipped where soffice is missing."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers import zip_names

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) chưa được cài")]


def test_bao_cao_pdf_of_ninh_son(ninh_thuan, nt_users, client):
    client.force_login(nt_users["viewer"])
    r = client.get("/ky/ninh-thuan-2022/van-ban/585/bao-cao.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-") and len(r.content) > 20_000
    assert 'filename="bao-cao-585-huyen-ninh-son.pdf"' in r["Content-Disposition"]


def test_pdf_batch_zip_of_the_round(world, client):
    client.force_login(world.users["owner"])
    client.post(f"/ky/{world.round.slug}/van-ban/", {"kind": "bao-cao", "fmt": "pdf"})
    from dti.web.documents.models import DocumentBatch

    batch = DocumentBatch.objects.get()
    assert batch.state == "done", batch.error
    r = client.get(f"/ky/{world.round.slug}/van-ban/hang-loat/{batch.pk}/tai/")
    assert zip_names(b"".join(r.streaming_content)) == ["bao-cao-901-huyen-an-dong.pdf",
                                                         "bao-cao-902-huyen-da-loc.pdf"]
