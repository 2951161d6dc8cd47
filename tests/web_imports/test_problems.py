"""A file with problems is refused whole: every problem listed (sheet, row, column), nothing written."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from dti.engine.entries import Entry as EngineEntry
from dti.web.audit.models import AuditEvent
from dti.web.entries import services as entry_services
from dti.web.entries.models import Entry, Workflow
from dti.web.rounds import services as rounds
from tests.factories import World
from tests.helpers import minimal_pdf

from .template import column_of, fill
from .test_round_trip import download, upload


def _problems(resp) -> list[tuple[str, int | None, str | None, str]]:
    assert resp.status_code == 400, resp.status_code
    return [(p.sheet, p.row, p.column, p.message) for p in resp.context["problems"]]


@pytest.mark.django_db
def test_five_bad_rows_are_all_reported_and_nothing_is_written(world: World) -> None:
    client = world.client_for("admin")
    a, b = world.unit_a.code, world.unit_b.code
    blank = download(client, world)
    data, rows = fill(blank, {
        (a, "I.1"): {"done": "có"},  # a good row: must not be written either
        (a, "I.2"): {"numerator": 2000, "denominator": 10},
        (a, "I.3"): {"count": "năm"},
        (a, "II.1"): {"date": "31/02/2024"},
        (b, "I.1"): {"done": "chắc chắn"},
        (b, "II.2"): {"status": "Xong"},
    })
    resp = upload(client, world, data)
    got = _problems(resp)
    assert len(got) == 5, got
    expected = [
        ((a, "I.2"), "numerator", "tử số (2.000) lớn hơn mẫu số (10)"),
        ((a, "I.3"), "count", "năm"),
        ((a, "II.1"), "date", "31/02/2024"),
        ((b, "I.1"), "done", "chắc chắn"),
        ((b, "II.2"), "status", "Xong"),
    ]
    for (key, field, words), (sheet, row, column, message) in zip(expected, got, strict=True):
        assert (sheet, row, column) == ("Số liệu", rows[key], column_of(blank, field)), (key, message)
        assert words in message, (key, message)
    html = resp.content.decode()
    assert "Tệp chưa được nhập: 5 lỗi" in html and "Không dòng nào được ghi" in html
    assert html.count("<tr><td>Số liệu</td>") == 5 and "(Tử số)" in html
    assert Entry.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="entry.").exists()


@pytest.mark.django_db
def test_a_stale_row_is_refused(world: World) -> None:
    client = world.client_for("editor_a")
    a = world.unit_a.code
    blank = download(client, world, a)  # I.3 at version 0
    entry_services.entry_save(round=world.round, unit=world.unit_a, criterion_code="I.3", values={"count": 3},
                              expected_version=0, actor=world.users["admin"])
    data, rows = fill(blank, {(a, "I.3"): {"count": 9}, (a, "I.1"): {"done": "có"}})
    got = _problems(upload(client, world, data))
    assert len(got) == 1 and got[0][1] == rows[(a, "I.3")]
    assert "số liệu đã được cập nhật sau khi tải mẫu" in got[0][3]
    assert list(Entry.objects.values_list("criterion_code", "count", "version")) == [("I.3", 3, 1)]
    # the same value as the database is not a conflict: nothing to write
    data, _ = fill(blank, {(a, "I.3"): {"count": 3}})
    assert upload(client, world, data).status_code == 302
    assert Entry.objects.get().version == 1


@pytest.mark.django_db
def test_submitted_entries_are_locked(world: World) -> None:
    client = world.client_for("editor_a")
    a = world.unit_a.code
    entry_services.entry_save(round=world.round, unit=world.unit_a, criterion_code="I.3", values={"count": 3},
                              expected_version=0, actor=world.users["editor_a"])
    # I.3 is the agency's criterion: the agency submits it (a unit-wide submit leaves it to the agency)
    entry_services.entry_submit(round=world.round, unit=world.unit_a, actor=world.users["agency_a"],
                                criteria=frozenset({"I.3"}))
    data, _ = fill(download(client, world, a), {(a, "I.3"): {"count": 9}})
    got = _problems(upload(client, world, data))
    assert len(got) == 1 and "Đã gửi" in got[0][3]


@pytest.mark.django_db
def test_a_round_not_open_refuses(world: World) -> None:
    client = world.client_for("editor_a")
    a = world.unit_a.code
    data, _ = fill(download(client, world, a), {(a, "I.3"): {"count": 9}})
    rounds.round_review(round=world.round, actor=None)
    got = _problems(upload(client, world, data))
    assert "không nhận số liệu" in got[0][3]
    assert Entry.objects.count() == 0


@pytest.mark.django_db
def test_a_template_of_another_round_is_refused(world: World) -> None:
    client = world.client_for("editor_a")
    a = world.unit_a.code
    data, _ = fill(download(client, world, a), {(a, "I.3"): {"count": 9}})
    world.round.slug = "ky-khac"
    world.round.save()
    got = _problems(client.post("/ky/ky-khac/nhap-excel/", {"file": _named(data)}))
    assert "không phải kỳ 'ky-khac'" in got[0][3]


def _named(data: bytes, name: str = "mau.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _zip(names: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n in names:
            zf.writestr(n, "x")
    return buf.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "words"), [
    (minimal_pdf(), "không phải Excel"),
    (b"unit,criterion\n901,I.1\n", "không phải Excel"),
    (_zip(["word/document.xml", "[Content_Types].xml"]), "không phải sổ tính"),
    (b"PK\x03\x04broken", "bị hỏng"),
])
def test_the_upload_is_checked_by_content(world: World, content: bytes, words: str) -> None:
    got = _problems(world.client_for("editor_a").post(f"/ky/{world.round.slug}/nhap-excel/", {"file": _named(content)}))
    assert len(got) == 1 and words in got[0][3]


@pytest.mark.django_db
def test_the_upload_size_is_limited(world: World, settings) -> None:
    client = world.client_for("editor_a")
    data = download(client, world, world.unit_a.code)
    settings.DTI_IMPORT_MAX_BYTES = len(data) - 1
    got = _problems(upload(client, world, data))
    assert "tệp quá lớn" in got[0][3]


@pytest.mark.django_db
def test_a_non_template_workbook_is_refused(world: World) -> None:
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    got = _problems(upload(world.client_for("editor_a"), world, buf.getvalue()))
    assert "không phải mẫu nhập số liệu" in got[0][3]


@pytest.mark.django_db
def test_old_out_of_period_data_does_not_block_an_untouched_row(world: World) -> None:
    """Entries loaded before the period check (a bulk import) go back unchanged; an edit is checked."""
    entry_services.entries_import(
        round=world.round, entries=[EngineEntry(world.unit_a.code, "II.1", date=dt.date(2023, 12, 20))],
        units_by_code={world.unit_a.code: world.unit_a}, workflow=Workflow.DRAFT, is_sample=False, actor=None)
    client = world.client_for("editor_a")
    a = world.unit_a.code
    blank = download(client, world, a)
    assert upload(client, world, blank).status_code == 302
    data, rows = fill(blank, {(a, "II.1"): {"date": "21/12/2023"}})
    got = _problems(upload(client, world, data))
    assert [(g[1], g[2]) for g in got] == [(rows[(a, "II.1")], column_of(blank, "date"))]
    assert "ngày 21/12/2023 không thuộc năm đánh giá 2024" in got[0][3]
