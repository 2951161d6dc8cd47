"""The limits table holds on every path: the entry form, the Excel template, entries files (CSV), the
services behind them and the report notes; oversized input is refused in Vietnamese, nothing written."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from dti import limits
from dti.engine.entries import Entry as EngineEntry
from dti.importers import template_xlsx as tx
from dti.importers.entries_file import EntriesFileError, read_entries
from dti.web.audit.models import AuditEvent
from dti.web.documents import services as documents
from dti.web.documents.models import ReportNotes
from dti.web.entries import services as entries
from dti.web.entries.models import Entry
from dti.web.rounds.models import RoundState
from tests.factories import World, entry_post
from tests.web_imports.template import fill
from tests.web_imports.test_round_trip import download, upload

TOO_LONG = "x" * (limits.TEXT_MAX["explanation"] + 1)


def _nothing_written(world: World) -> None:
    assert not Entry.objects.filter(round=world.round).exists()
    assert not AuditEvent.objects.filter(action__startswith="entry.").exists()


def test_the_form_refuses_a_long_explanation_naming_the_field(world: World) -> None:
    base = f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/"
    resp = world.client_for("editor_a").post(base, entry_post("I.2", numerator="1", denominator="2",
                                                              explanation=TOO_LONG))
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "Giải trình: dài 20.001 ký tự, tối đa 20.000 ký tự" in html
    assert 'maxlength="20000"' in html  # the browser is told too
    _nothing_written(world)


def test_the_form_refuses_a_number_beyond_the_table(world: World) -> None:
    base = f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/"
    resp = world.client_for("editor_a").post(base, entry_post("I.3", count="1" + "0" * 16))
    assert resp.status_code == 400
    assert "Số lượng: số quá lớn" in resp.content.decode()
    _nothing_written(world)


def test_the_one_write_path_refuses_whatever_the_caller(world: World) -> None:
    with pytest.raises(entries.EntryError) as exc:
        entries.entry_save(round=world.round, unit=world.unit_a, criterion_code="I.2",
                           values={"numerator": 1, "denominator": 2, "explanation": TOO_LONG},
                           expected_version=0, actor=world.users["editor_a"])
    assert "Tiêu chí I.2 – Giải trình: dài 20.001 ký tự" in exc.value.message_dict["explanation"][0]
    with pytest.raises(entries.EntryError) as exc:
        entries.entry_save(round=world.round, unit=world.unit_a, criterion_code="I.2",
                           values={"numerator": float("inf"), "denominator": 2},
                           expected_version=0, actor=world.users["editor_a"])
    assert "số hữu hạn" in exc.value.message_dict["numerator"][0]
    _nothing_written(world)


def test_the_excel_template_refuses_an_oversized_cell_naming_row_and_column(world: World) -> None:
    client = world.client_for("editor_a")
    a = world.unit_a.code
    data, rows = fill(download(client, world, a), {
        (a, "I.1"): {"done": "có"},  # a good row, not written either
        (a, "I.2"): {"numerator": 1, "denominator": 2, "explanation": TOO_LONG},
    })
    resp = upload(client, world, data)
    assert resp.status_code == 400
    (problem,) = resp.context["problems"]
    assert (problem.row, problem.field) == (rows[(a, "I.2")], "explanation")
    assert "Giải trình: dài 20.001 ký tự" in problem.message
    _nothing_written(world)


def test_a_template_with_rows_beyond_its_own_is_refused_at_once(world: World) -> None:
    client = world.client_for("editor_a")
    a = world.unit_a.code
    wb = load_workbook(io.BytesIO(download(client, world, a)))
    ws = wb[tx.DATA_SHEET]
    last = ws.max_row
    for _ in range(3000):  # rows typed below the template, as a 200,000-row file would have
        ws.append([a, "", "I.1", "", "", "", "", "có"])
    out = io.BytesIO()
    wb.save(out)
    resp = upload(client, world, out.getvalue())
    assert resp.status_code == 400
    problems = resp.context["problems"]
    assert len(problems) == 1, [p.message for p in problems]
    assert f"từ dòng {last + 1}" in problems[0].message and "ngoài mẫu" in problems[0].message
    _nothing_written(world)


def test_a_broken_hidden_sheet_is_a_problem_not_a_server_error(world: World) -> None:
    client = world.client_for("editor_a")
    wb = load_workbook(io.BytesIO(download(client, world, world.unit_a.code)))
    meta = wb[tx.META_SHEET]
    for row in meta.iter_rows():
        if row[0].value == "row":
            meta.cell(row=row[0].row + 1, column=1, value="không phải số")
            break
    out = io.BytesIO()
    wb.save(out)
    resp = upload(client, world, out.getvalue())
    assert resp.status_code == 400
    assert "trang thông tin ẩn" in resp.context["problems"][0].message


def test_a_long_problem_list_is_truncated_with_a_count(world: World) -> None:
    problems = [f"lỗi {i}" for i in range(limits.PROBLEMS_SHOWN + 37)]
    shown = limits.truncated(problems)
    assert len(shown) == limits.PROBLEMS_SHOWN + 1
    assert shown[-1] == "… và 37 lỗi khác"
    assert limits.truncated(problems[:3]) == problems[:3]


def test_the_upload_page_shows_the_first_problems_and_counts_the_rest(world: World, monkeypatch) -> None:
    monkeypatch.setattr("dti.web.imports.views.PROBLEMS_SHOWN", 2)
    client = world.client_for("editor_a")
    a = world.unit_a.code
    data, _ = fill(download(client, world, a), {
        (a, "I.1"): {"done": "chắc chắn"}, (a, "I.2"): {"numerator": "một"}, (a, "I.3"): {"count": "hai"},
        (a, "II.1"): {"date": "31/02/2024"},
    })
    resp = upload(client, world, data)
    html = resp.content.decode()
    assert "Tệp chưa được nhập: 4 lỗi" in html
    assert html.count("<tr><td>Số liệu</td>") == 2 and "… và 2 lỗi khác" in html


def test_a_csv_entries_file_refuses_oversized_values_naming_the_row(world: World, tmp_path: Path) -> None:
    path = tmp_path / "so-lieu.csv"
    path.write_text("unit,criterion,numerator,denominator,explanation\n"
                    f"{world.unit_a.code},I.2,1,2,ngắn\n"
                    f"{world.unit_a.code},I.3,,,{TOO_LONG}\n"
                    f"{world.unit_b.code},I.2,10000000000000000,2,\n", encoding="utf-8")
    with pytest.raises(EntriesFileError) as exc:
        read_entries(path, world.round.framework.parsed(), year=2024)
    text = "\n".join(exc.value.problems)
    assert "dòng 3, cột 'explanation': Giải trình: dài 20.001 ký tự" in text
    assert "dòng 4, cột 'numerator': Tử số: số quá lớn" in text


def test_a_csv_entries_file_is_capped_in_rows(world: World, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(limits.ROWS_MAX, "entries_file", 3)
    path = tmp_path / "dai.csv"
    path.write_text("unit,criterion,done\n" + "".join(f"{world.unit_a.code},I.1,có\n" for _ in range(5)),
                    encoding="utf-8")
    with pytest.raises(EntriesFileError, match="quá nhiều dòng"):
        read_entries(path, world.round.framework.parsed(), year=2024)


def test_loading_entries_refuses_oversized_values_before_writing(world: World) -> None:
    good = EngineEntry(unit=world.unit_a.code, criterion="I.1", done=True)
    bad = EngineEntry(unit=world.unit_b.code, criterion="I.2", numerator=1, denominator=2, explanation=TOO_LONG)
    with pytest.raises(entries.EntryError) as exc:
        entries.entries_import(round=world.round, entries=[good, bad], workflow="draft", is_sample=False, actor=None,
                               units_by_code={world.unit_a.code: world.unit_a, world.unit_b.code: world.unit_b})
    assert f"{world.unit_b.code}, tiêu chí I.2 – Giải trình" in exc.value.message_dict["explanation"][0]
    assert not Entry.objects.filter(round=world.round).exists()


def test_a_return_comment_beyond_the_table_is_refused_not_cut(world: World) -> None:
    entry = entries.entry_save(round=world.round, unit=world.unit_a, criterion_code="I.1", values={"done": True},
                               expected_version=0, actor=world.users["editor_a"])
    entries.entry_submit(round=world.round, unit=world.unit_a, actor=world.users["editor_a"])
    entry.refresh_from_db()
    with pytest.raises(entries.EntryError) as exc:
        entries.entry_return(entry=entry, actor=world.users["assessor"],
                             comment="y" * (limits.TEXT_MAX["review_comment"] + 1))
    assert "tối đa 5.000 ký tự" in exc.value.message_dict["review_comment"][0]
    entry.refresh_from_db()
    assert entry.workflow == "submitted"


def test_report_notes_are_bounded_and_locked_once_the_round_is_closed(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        documents.report_notes_save(round=world.round, unit=world.unit_a, acting_user=world.users["editor_a"],
                                    data={"difficulties": "z" * (limits.TEXT_MAX["note"] + 1)})
    assert "khó khăn, vướng mắc" in exc.value.message_dict["difficulties"][0]
    documents.report_notes_save(round=world.round, unit=world.unit_a, acting_user=world.users["editor_a"],
                                data={"difficulties": "Thiếu kinh phí"})
    page = f"/ky/{world.round.slug}/van-ban/{world.unit_a.code}/"
    type(world.round).objects.filter(pk=world.round.pk).update(state=RoundState.PUBLISHED)
    documents.report_notes_save(round=world.round, unit=world.unit_a, acting_user=world.users["editor_a"],
                                data={"difficulties": "Thiếu kinh phí"})  # the plan is written from the results
    for state in (RoundState.CLOSED,):
        type(world.round).objects.filter(pk=world.round.pk).update(state=state)
        with pytest.raises(ValidationError, match="nội dung văn bản đã khóa"):
            documents.report_notes_save(round=world.round, unit=world.unit_a, acting_user=world.users["admin"],
                                        data={"difficulties": "Sửa sau khi khóa"})
        resp = world.client_for("editor_a").post(page, {"form": "notes", "nd-difficulties": "Sửa"})
        assert resp.status_code == 403
        shown = world.client_for("editor_a").get(page).content.decode()
        assert "nội dung văn bản đã khóa" in shown
    assert ReportNotes.objects.get(round=world.round, unit=world.unit_a).difficulties == "Thiếu kinh phí"
