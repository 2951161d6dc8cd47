from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dti.cli.evidence_cmds import evidence
from tests import pki


@pytest.fixture
def roots_dir(tmp_path, root):
    d = tmp_path / "trust-roots"
    d.mkdir()
    (d / "root.pem").write_bytes(root.pem)
    return d


def run(*args: str):
    return CliRunner().invoke(evidence, ["verify", *args])


def test_it_prints_each_signature_and_exits_0_when_valid(tmp_path, signed_pdf, roots_dir):
    f = tmp_path / "bao-cao.pdf"
    f.write_bytes(signed_pdf)
    result = run(str(f), "--trust-roots", str(roots_dir))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Kết luận: Tệp có 1 chữ ký số hợp lệ." in out
    for line in (
        "Người ký (signer):",
        "Thời điểm ký (signed_at):",
        "Nguyên vẹn (intact):",
        "Phủ toàn bộ tệp (covers_whole_file):",
        "Tin cậy (trusted):",
    ):
        assert line in out
    assert "Nguyễn Văn An" in out and "UBND huyện Nam Đông" in out


def test_json_output_has_the_verdict_fields(tmp_path, signed_pdf, roots_dir):
    f = tmp_path / "bao-cao.pdf"
    f.write_bytes(pki.append_content_change(signed_pdf))
    result = run(str(f), "--trust-roots", str(roots_dir), "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    sig = data["signatures"][0]
    assert (sig["intact"], sig["covers_whole_file"], sig["trusted"]) == (False, False, True)
    assert sig["signer"] == "Nguyễn Văn An" and sig["signed_at"]
    assert data["file"]["kind"] == "pdf" and data["trust_roots"] == 1
    assert "tài liệu đã bị sửa đổi sau khi ký" in sig["verdict"]


def test_unknown_root_is_not_trusted(tmp_path, signed_pdf):
    empty = tmp_path / "roots"
    empty.mkdir()
    f = tmp_path / "bao-cao.pdf"
    f.write_bytes(signed_pdf)
    result = run(str(f), "--trust-roots", str(empty))
    assert result.exit_code == 2
    assert "Tin cậy (trusted):                   không" in result.output
    assert "không xác định được tổ chức cấp" in result.output


def test_unsigned_pdf_exits_2(tmp_path, unsigned_pdf, roots_dir):
    f = tmp_path / "chua-ky.pdf"
    f.write_bytes(unsigned_pdf)
    result = run(str(f), "--trust-roots", str(roots_dir))
    assert result.exit_code == 2
    assert "Kết luận: Tệp không có chữ ký số." in result.output


def test_a_renamed_executable_is_rejected(tmp_path, roots_dir):
    f = tmp_path / "bao-cao.pdf"
    f.write_bytes(b"MZ\x90\x00" + b"\0" * 200)
    result = run(str(f), "--trust-roots", str(roots_dir))
    assert result.exit_code == 1
    assert "Tệp bị từ chối: Tệp 'bao-cao.pdf' là chương trình thực thi Windows" in result.stderr


def test_a_docx_has_nothing_to_verify(tmp_path, roots_dir):
    from tests.evidence.test_inspect_file import docx_bytes

    f = tmp_path / "ke-hoach.docx"
    f.write_bytes(docx_bytes())
    result = run(str(f), "--trust-roots", str(roots_dir))
    assert result.exit_code == 1
    assert "không phải PDF" in result.stderr
