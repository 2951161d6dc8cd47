"""``dti template create --round`` and ``dti import entries --round``: the same services as the web."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dti.cli.io_cmds import register
from dti.web.audit.models import AuditEvent
from dti.web.entries import services as entry_services
from dti.web.entries.models import Entry
from tests.factories import World

from .template import fill


@pytest.fixture
def cli() -> click.Group:
    @click.group()
    def root() -> None:
        pass

    register(root)
    return root


def _run(cli: click.Group, *args: str) -> tuple[int, str]:
    r = CliRunner().invoke(cli, list(args))
    return r.exit_code, r.output


@pytest.mark.django_db
def test_it_creates_a_prefilled_template_and_imports_it(world: World, cli: click.Group, tmp_path: Path) -> None:
    entry_services.entry_save(round=world.round, unit=world.unit_a, criterion_code="I.3", values={"count": 2},
                              expected_version=0, actor=world.users["admin"])
    out = tmp_path / "mau.xlsx"
    code, text = _run(cli, "template", "create", "--round", world.round.slug, "--unit", "Huyện An Đông", "--out", str(out))
    assert code == 0, text
    assert "1 đơn vị × 5 tiêu chí = 5 dòng" in text
    a = world.unit_a.code
    data, _ = fill(out.read_bytes(), {(a, "I.3"): {"count": 6}, (a, "I.1"): {"done": "có"}})
    filled = tmp_path / "da-dien.xlsx"
    filled.write_bytes(data)
    code, text = _run(cli, "import", "entries", str(filled), "--round", world.round.slug, "--user", "editor_a", "--json")
    assert code == 0, text
    assert json.loads(text) == {"valid": True, "round": world.round.slug, "changed": 2, "unchanged": 0}
    assert dict(Entry.objects.values_list("criterion_code", "count")) == {"I.1": None, "I.3": 6}
    assert Entry.objects.get(criterion_code="I.3").version == 2
    audits = AuditEvent.objects.count()
    code, text = _run(cli, "import", "entries", str(filled), "--round", world.round.slug, "--user", "editor_a")
    assert code == 0 and "0 tiêu chí thay đổi, 2 dòng không đổi" in text
    assert AuditEvent.objects.count() == audits


@pytest.mark.django_db
def test_it_refuses_rows_outside_the_users_rights(world: World, cli: click.Group, tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    code, text = _run(cli, "template", "create", "--round", world.round.slug, "--units", f"{world.unit_a.code},902",
                      "--out", str(out))
    assert code == 0 and "2 đơn vị × 5 tiêu chí" in text, text
    data, rows = fill(out.read_bytes(), {("902", "I.3"): {"count": 6}, (world.unit_a.code, "I.2"): {"numerator": 5, "denominator": 2}})
    out.write_bytes(data)
    code, text = _run(cli, "import", "entries", str(out), "--round", world.round.slug, "--user", "editor_a")
    assert code == 1
    assert f"Số liệu, dòng {rows[('902', 'I.3')]}, cột A (Đơn vị): Bạn không có quyền" in text
    assert f"dòng {rows[(world.unit_a.code, 'I.2')]}, cột I (Tử số): tử số (5) lớn hơn mẫu số (2)" in text
    assert Entry.objects.count() == 0


@pytest.mark.django_db
def test_an_agency_template_has_only_its_criteria(world: World, cli: click.Group, tmp_path: Path) -> None:
    out = tmp_path / "ca.xlsx"
    code, text = _run(cli, "template", "create", "--round", world.round.slug, "--agency", "cong-an", "--out", str(out))
    assert code == 0, text
    _, rows = fill(out.read_bytes(), {})
    assert list(rows) == [(world.unit_a.code, "I.3")]


@pytest.mark.django_db
def test_clear_errors(world: World, cli: click.Group, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    code, text = _run(cli, "template", "create", "--round", "khong-co", "--unit", "901", "--out", str(out))
    assert code == 1 and "Không có kỳ đánh giá 'khong-co'" in text
    code, text = _run(cli, "template", "create", "--round", world.round.slug, "--unit", "Huyện Không Có", "--out", str(out))
    assert code == 1 and "Không tìm thấy đơn vị 'Huyện Không Có'" in text
    _run(cli, "template", "create", "--round", world.round.slug, "--unit", "901", "--out", str(out))
    code, text = _run(cli, "import", "entries", str(out), "--round", world.round.slug)
    assert code == 1 and "cần --user" in text
    code, text = _run(cli, "import", "entries", str(out), "--round", world.round.slug, "--user", "ai-do")
    assert code == 1 and "Không có người dùng 'ai-do'" in text
    csv = tmp_path / "a.csv"
    csv.write_text("unit,criterion,count\n901,I.3,4\n", encoding="utf-8")
    code, text = _run(cli, "import", "entries", str(csv), "--round", world.round.slug, "--user", "editor_a")
    assert code == 1 and "chỉ nhận mẫu XLSX" in text
