"""Backup → wipe → restore round trip (runs on SQLite and, under `make test-postgres`, on PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.management import call_command

from dti.cli.main import cli
from dti.web.audit.models import AuditEvent
from dti.web.entries import services as entries
from dti.web.entries.evidence import evidence_add
from dti.web.entries.models import Entry, Evidence
from dti.web.results.services import results_recompute, results_verify
from dti.web.rounds.models import Round
from tests.factories import build_world
from tests.helpers import pdf_upload


def _content_hashes() -> dict[str, str]:
    out = {}
    for ev in Evidence.objects.all():
        with ev.file.open("rb") as fh:
            out[ev.sha256] = hashlib.sha256(fh.read()).hexdigest()
    return out


def _snapshot() -> dict[str, Any]:
    return {
        "entries": sorted(Entry.objects.values_list("unit__code", "criterion_code", "numerator", "denominator", "version", "workflow")),
        "audit": AuditEvent.objects.count(),
        "evidence": sorted(Evidence.objects.values_list("sha256", "original_name")),
    }


@pytest.fixture
def filled(transactional_db: None, settings: Any, tmp_path: Path) -> Round:
    settings.MEDIA_ROOT = tmp_path / "media"
    w = build_world()
    editor = w.users["editor_a"]
    e = entries.entry_save(round=w.round, unit=w.unit_a, criterion_code="I.2",
                           values={"numerator": 3.0, "denominator": 4.0}, expected_version=0, actor=editor)
    evidence_add(entry=e, upload=pdf_upload("kế hoạch.pdf"), actor=editor)
    results_recompute(round=w.round)
    assert results_verify(round=w.round) == []
    return w.round


def test_backup_wipe_restore_round_trip(filled: Round, tmp_path: Path, settings: Any) -> None:
    before, hashes = _snapshot(), _content_hashes()
    assert hashes and all(k == v for k, v in hashes.items())
    out = tmp_path / "sao-luu"
    result = CliRunner().invoke(cli, ["backup", str(out)])
    assert result.exit_code == 0, result.output
    assert "Đã sao lưu" in result.output and "1 tệp" in result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["format"] == "dti-backup/1" and len(manifest["files"]) == 1
    assert {f["sha256"] for f in manifest["files"].values()} == set(hashes)

    # wipe: the database and every stored file
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Round.objects.exists()

    result = CliRunner().invoke(cli, ["restore", str(out)])
    assert result.exit_code == 0, result.output
    assert "kết quả khớp khi tính lại" in result.output
    assert _snapshot() == before
    assert _content_hashes() == hashes
    assert results_verify(round=Round.objects.get()) == []


def test_restore_refuses_a_damaged_backup_before_touching_anything(filled: Round, tmp_path: Path) -> None:
    out = tmp_path / "sao-luu"
    assert CliRunner().invoke(cli, ["backup", str(out)]).exit_code == 0
    stored = next((out / "files").rglob("*.pdf"))
    stored.write_bytes(stored.read_bytes() + b"x")
    before = _snapshot()
    result = CliRunner().invoke(cli, ["restore", "--replace", str(out)])
    assert result.exit_code != 0 and "đã thay đổi" in result.output
    assert _snapshot() == before


def test_restore_into_a_live_database_needs_replace(filled: Round, tmp_path: Path) -> None:
    out = tmp_path / "sao-luu"
    assert CliRunner().invoke(cli, ["backup", str(out)]).exit_code == 0
    result = CliRunner().invoke(cli, ["restore", str(out)])
    assert result.exit_code != 0 and "--replace" in result.output
    assert CliRunner().invoke(cli, ["restore", "--replace", str(out)]).exit_code == 0


def test_backup_refuses_a_non_empty_directory(filled: Round, tmp_path: Path) -> None:
    (tmp_path / "cu").mkdir()
    (tmp_path / "cu" / "x.txt").write_text("x")
    result = CliRunner().invoke(cli, ["backup", str(tmp_path / "cu")])
    assert result.exit_code != 0 and "đã có dữ liệu" in result.output
