"""Evidence uploads: checked by content, size-limited, stored outside the web root under random names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dti.web.audit.models import AuditEvent
from dti.web.entries.models import Evidence
from tests.factories import World
from tests.helpers import exe_bytes, minimal_pdf, pdf_upload


def _url(w: World, code: str = "I.1") -> str:
    return f"/ky/{w.round.slug}/don-vi/{w.unit_a.code}/tieu-chi/{code}/minh-chung/"


@pytest.mark.django_db
def test_it_accepts_a_real_pdf_and_stores_it_under_a_random_name(world: World, settings) -> None:
    c = world.client_for("editor_a")
    resp = c.post(_url(world), {"file": pdf_upload("Quyết định 196.pdf")}, follow=True)
    assert "Đã đính kèm" in resp.content.decode()
    ev = Evidence.objects.get()
    assert ev.content_type == "application/pdf" and ev.original_name == "Quyết định 196.pdf"
    stored = Path(ev.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT)) and stored.suffix == ".pdf"
    # a random hex name (it may contain "196" by chance), never the uploader's
    assert re.fullmatch(r"[0-9a-f]{32}", stored.stem)
    assert stored.read_bytes() == minimal_pdf()
    download = c.get(f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/minh-chung/{ev.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == minimal_pdf()
    assert AuditEvent.objects.filter(action="evidence.add", actor=world.users["editor_a"]).exists()


@pytest.mark.django_db
def test_it_refuses_a_renamed_exe(world: World) -> None:
    c = world.client_for("editor_a")
    fake = SimpleUploadedFile("bao-cao.pdf", exe_bytes(), content_type="application/pdf")
    resp = c.post(_url(world), {"file": fake}, follow=True)
    html = resp.content.decode()
    assert "là chương trình thực thi Windows (EXE/DLL), không được phép tải lên" in html
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_file_over_the_size_limit(world: World, settings) -> None:
    settings.EVIDENCE_MAX_BYTES = 100
    c = world.client_for("editor_a")
    resp = c.post(_url(world), {"file": pdf_upload()}, follow=True)
    assert "quá lớn" in resp.content.decode() and "tối đa 0,0 MB" in resp.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_it_refuses_uploads_to_criteria_not_assigned_to_the_agency(world: World) -> None:
    c = world.client_for("agency_a")
    assert c.post(_url(world, "I.1"), {"file": pdf_upload()}).status_code == 403
    assert c.post(_url(world, "I.3"), {"file": pdf_upload()}).status_code == 302
    assert Evidence.objects.get().entry.criterion_code == "I.3"
