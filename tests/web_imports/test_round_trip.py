"""Download → fill → upload through the views; the stored entries score like entries saved one by one."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from dti.web.audit.models import AuditEvent
from dti.web.entries import services as entry_services
from dti.web.entries.models import Entry
from dti.web.results.models import ResultBatch
from dti.web.results.scoring import score_round_db
from dti.web.results.services import inputs_digest
from tests.factories import World

from .template import fill

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILLED = {
    "I.1": {"done": "có", "status": "Đạt", "explanation": "Quyết định 12/QĐ-UBND"},
    "I.2": {"numerator": 921, "denominator": 968},
    "I.3": {"count": 5},
    "II.1": {"date": dt.date(2024, 1, 15)},
    "II.2": {"status": "Đang thực hiện", "explanation": "Đang hoàn thiện"},
}
AS_SAVED = {  # the same values as the data-entry form would post them
    "I.1": {"done": True, "status": 1, "explanation": "Quyết định 12/QĐ-UBND"},
    "I.2": {"numerator": 921.0, "denominator": 968.0},
    "I.3": {"count": 5.0},
    "II.1": {"date": dt.date(2024, 1, 15)},
    "II.2": {"status": 2, "explanation": "Đang hoàn thiện"},
}


def urls(world: World) -> tuple[str, str]:
    return f"/ky/{world.round.slug}/mau-excel/", f"/ky/{world.round.slug}/nhap-excel/"


def download(client, world: World, unit: str | None = None) -> bytes:
    template_url, _ = urls(world)
    resp = client.get(template_url, {"don-vi": unit} if unit else {})
    assert resp.status_code == 200, resp.content[:300]
    assert resp["Content-Type"] == XLSX and "attachment" in resp["Content-Disposition"]
    return resp.content


def upload(client, world: World, data: bytes, name: str = "mau.xlsx"):
    return client.post(urls(world)[1], {"file": SimpleUploadedFile(name, data, content_type=XLSX)})


def _comparable(unit_result: dict) -> dict:
    return {k: v for k, v in unit_result.items() if k not in ("unit", "unit_name")}


@pytest.mark.django_db
def test_it_round_trips_and_scores_like_entry_save(world: World, django_capture_on_commit_callbacks) -> None:
    client = world.client_for("editor_a")
    a, b = world.unit_a.code, world.unit_b.code
    data, _ = fill(download(client, world, a), {(a, code): v for code, v in FILLED.items()})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resp = upload(client, world, data)
    assert resp.status_code == 302, resp.content.decode()[-2000:]
    assert len(callbacks) == 1, "one results refresh for the whole file, not one per row"
    batch = ResultBatch.objects.get(round=world.round)
    assert batch.inputs_sha256 == inputs_digest(world.round), "results refreshed after the import"
    assert "Đã nhập 5 tiêu chí" in client.get(resp["Location"]).content.decode()
    for code, values in AS_SAVED.items():
        entry_services.entry_save(round=world.round, unit=world.unit_b, criterion_code=code, values=values,
                                  expected_version=0, actor=world.users["admin"])
    result = score_round_db(world.round)
    imported, saved = result.unit_result(a), result.unit_result(b)
    assert imported["total"] == saved["total"] and imported["total"] > 0
    assert _comparable(imported) == _comparable(saved)
    stored = Entry.objects.get(unit=world.unit_a, criterion_code="I.2")
    assert (stored.numerator, stored.denominator, stored.version, stored.updated_by) == (921, 968, 1, world.users["editor_a"])
    assert AuditEvent.objects.filter(action="entry.import_xlsx").count() == 5


@pytest.mark.django_db
def test_the_template_is_prefilled_and_reimport_is_a_no_op(world: World) -> None:
    client = world.client_for("editor_a")
    a = world.unit_a.code
    data, _ = fill(download(client, world, a), {(a, code): v for code, v in FILLED.items()})
    assert upload(client, world, data).status_code == 302
    versions = dict(Entry.objects.values_list("criterion_code", "version"))
    audits = AuditEvent.objects.count()
    # the same file again, then a fresh (pre-filled) download sent back untouched
    assert upload(client, world, data).status_code == 302
    fresh = download(client, world, a)
    resp = upload(client, world, fresh)
    assert resp.status_code == 302
    assert "Đã nhập 0 tiêu chí; 5 dòng không thay đổi" in client.get(resp["Location"]).content.decode()
    assert dict(Entry.objects.values_list("criterion_code", "version")) == versions
    assert AuditEvent.objects.count() == audits


@pytest.mark.django_db
def test_a_formula_is_stored_as_its_text(world: World) -> None:
    client = world.client_for("editor_a")
    a = world.unit_a.code
    formula = '=HYPERLINK("http://vi-du.vn/minh-chung","Minh chứng")'
    data, _ = fill(download(client, world, a), {(a, "II.2"): {"status": "Đạt", "explanation": formula}})
    assert upload(client, world, data).status_code == 302
    assert Entry.objects.get(criterion_code="II.2").explanation == formula
    # back in a fresh template it is text again, and sending it back changes nothing
    assert upload(client, world, download(client, world, a)).status_code == 302
    assert Entry.objects.get(criterion_code="II.2").version == 1


@pytest.mark.django_db
def test_an_owner_downloads_every_unit_prefilled(world: World) -> None:
    entry_services.entry_save(round=world.round, unit=world.unit_b, criterion_code="I.3", values={"count": 7},
                              expected_version=0, actor=world.users["admin"])
    data = download(world.client_for("owner"), world)
    _, rows = fill(data, {})
    assert sorted({u for u, _ in rows}) == [world.unit_a.code, world.unit_b.code]
    assert len(rows) == 10
    ws = load_workbook(io.BytesIO(data))["Số liệu"]
    header = [c.value for c in ws[1]]
    assert ws.cell(row=rows[(world.unit_b.code, "I.3")], column=header.index("Số lượng") + 1).value == 7
    meta = {(r[1], r[2]): r[3] for r in load_workbook(io.BytesIO(data))["_dti"].iter_rows(values_only=True)
            if isinstance(r[0], int)}
    assert meta[(world.unit_b.code, "I.3")] == 1 and meta[(world.unit_a.code, "I.3")] == 0
