"""``dti evidence``: check evidence files and their digital signatures, as the web upload does."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import click

from dti.cli.output import emit_json, fail
from dti.engine.numbers import fmt_number
from dti.evidence import (
    EvidenceError,
    FileFacts,
    PdfVerification,
    SignatureVerdict,
    inspect_file,
    load_trust_roots,
    trust_roots_dir,
    verify_pdf,
)
from dti.evidence.verdicts import fmt_datetime

EXIT_OK, EXIT_ERROR, EXIT_NOT_OK = 0, 1, 2


@click.group()
def evidence() -> None:
    """Tài liệu kiểm chứng: kiểm tra loại tệp và chữ ký số."""


@evidence.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--trust-roots",
    "roots_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Thư mục chứng thư gốc tin cậy (PEM/DER); mặc định DTI_TRUST_ROOTS_DIR hoặc var/trust-roots.",
)
@click.option("--max-mb", type=float, default=20.0, show_default=True, help="Dung lượng tối đa (MB).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def verify(file: Path, roots_dir: Path | None, max_mb: float, as_json: bool) -> None:
    """Kiểm tra tệp FILE: loại tệp theo nội dung và chữ ký số (nếu là PDF).

    Mã thoát: 0 khi mọi chữ ký hợp lệ, 2 khi tệp không có chữ ký hoặc có chữ ký không hợp lệ,
    1 khi tệp bị từ chối hoặc không đọc được.
    """
    # pyHanko logs every failed path build with a traceback; the verdict already says it in Vietnamese.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    data = file.read_bytes()
    try:
        facts = inspect_file(data, file.name, max_bytes=int(max_mb * 1024 * 1024))
    except EvidenceError as exc:
        fail(f"Tệp bị từ chối: {exc}")
        return
    if facts.kind != "pdf":
        fail(f"Tệp '{facts.filename}' là {facts.label}, không phải PDF: không có chữ ký số để kiểm tra.")
        return
    try:
        roots = load_trust_roots(roots_dir)
        result = verify_pdf(data, trust_roots=roots)
    except EvidenceError as exc:
        fail(f"Lỗi: {exc}")
        return
    if as_json:
        emit_json(
            {
                "file": facts.to_dict(),
                "trust_roots_dir": str(roots_dir or trust_roots_dir()),
                "trust_roots": len(roots),
                **result.to_dict(),
            }
        )
    else:
        click.echo(render(facts, result, roots_dir or trust_roots_dir(), len(roots)))
    raise SystemExit(EXIT_OK if result.all_ok else EXIT_NOT_OK)


def render(facts: FileFacts, result: PdfVerification, roots_dir: Path, n_roots: int) -> str:
    lines = [
        f"Tệp: {facts.filename} ({facts.label}, {fmt_number(facts.size / 1024, 1)} KB)",
        f"SHA-256: {facts.sha256}",
        f"Chứng thư gốc tin cậy: {n_roots} (thư mục {roots_dir})",
        f"Kết luận: {result.verdict}",
    ]
    for i, sig in enumerate(result.signatures, start=1):
        lines += ["", f"Chữ ký {i} ({sig.field_name})", *_signature_lines(sig)]
    return "\n".join(lines)


def _signature_lines(sig: SignatureVerdict) -> list[str]:
    source = {"timestamp": " (theo dấu thời gian)", "signer": " (theo máy người ký)"}.get(
        sig.signed_at_source or "", ""
    )
    rows = [
        ("Người ký", "signer", sig.signer or "—"),
        ("Tổ chức", "organisation", sig.organisation or "—"),
        ("Tổ chức cấp", "issuer", sig.issuer or "—"),
        ("Thời điểm ký", "signed_at", (fmt_datetime(sig.signed_at) + source) if sig.signed_at else "—"),
        ("Nguyên vẹn", "intact", _yes(sig.intact)),
        ("Phủ toàn bộ tệp", "covers_whole_file", _yes(sig.covers_whole_file)),
        ("Tin cậy", "trusted", _yes(sig.trusted)),
        ("Chứng thư hết hạn", "expired", _yes(sig.expired) + _until(sig.cert_valid_until)),
    ]
    width = max(len(f"{label} ({key}):") for label, key, _ in rows)
    out = [f"  {f'{label} ({key}):':<{width}} {value}" for label, key, value in rows]
    out.append(f"  Kết luận: {sig.verdict}")
    return out


def _yes(value: bool) -> str:
    return "có" if value else "không"


def _until(value: datetime | None) -> str:
    return f" (hiệu lực đến {value:%d/%m/%Y})" if value else ""
