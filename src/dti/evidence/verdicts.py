"""Vietnamese wording of signature verdicts (kết luận kiểm tra chữ ký số)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel

if TYPE_CHECKING:
    from dti.evidence.signatures import SignatureVerdict

NO_SIGNATURE = "Tệp không có chữ ký số."
UNKNOWN_ISSUER = "không xác định được tổ chức cấp chứng thư số"

# Vietnam has no daylight saving time: a fixed offset needs no tz database.
VN_TZ = timezone(timedelta(hours=7), "ICT")

_REVOKED = {AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE, AdESFailure.REVOKED}
_NO_CHAIN = {AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND, AdESIndeterminate.NO_SIGNING_CERTIFICATE_FOUND}
_TIME_BOUNDS = {
    AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
    AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
    AdESIndeterminate.EXPIRED,
    AdESIndeterminate.NOT_YET_VALID,
}


def fmt_datetime(value: datetime | None) -> str:
    """``14:05 ngày 12/03/2025`` in Vietnam time."""
    if value is None:
        return "không rõ thời điểm"
    local = value.astimezone(VN_TZ)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def signature_problems(v: SignatureVerdict, status: PdfSignatureStatus, *, now: datetime) -> list[str]:
    """Everything that makes the signature invalid or untrusted, most serious first."""
    problems: list[str] = []
    if not status.valid:
        problems.append("chữ ký không khớp với chứng thư số của người ký (chữ ký giả hoặc bị hỏng)")
    elif not status.intact:
        problems.append("nội dung tài liệu đã bị thay đổi sau khi ký (mã băm không khớp)")
    coverage = status.coverage or SignatureCoverageLevel.UNCLEAR
    if coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        problems.append("chữ ký không bao phủ toàn bộ tài liệu tại thời điểm ký")
    elif status.docmdp_ok is not True:
        problems.append("tài liệu đã bị sửa đổi sau khi ký (có bản cập nhật bổ sung làm thay đổi nội dung)")
    if status.valid and not v.trusted:
        problems.append(_trust_problem(v, status))
    return problems


def _trust_problem(v: SignatureVerdict, status: PdfSignatureStatus) -> str:
    indic = status.trust_problem_indic
    at = v.signed_at
    if at is not None and v.cert_valid_until is not None and at > v.cert_valid_until:
        return f"chứng thư số đã hết hạn tại thời điểm ký (hết hạn ngày {v.cert_valid_until.astimezone(VN_TZ):%d/%m/%Y})"
    if at is not None and v.cert_valid_from is not None and at < v.cert_valid_from:
        return "chứng thư số chưa có hiệu lực tại thời điểm ký"
    if indic in _REVOKED:
        return "chứng thư số đã bị thu hồi"
    if indic in _NO_CHAIN or status.validation_path is None:
        issuer = f" ({v.issuer})" if v.issuer else ""
        return f"{UNKNOWN_ISSUER}{issuer}: tổ chức này không có trong danh sách chứng thư gốc tin cậy"
    if indic in _TIME_BOUNDS:
        return "chứng thư số hoặc chứng thư của tổ chức cấp không còn hiệu lực tại thời điểm ký"
    if indic == AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE:
        return "chứng thư số không được phép dùng để ký văn bản (sai mục đích sử dụng)"
    name = getattr(indic, "name", None) or "không rõ"
    return f"không xác thực được chuỗi chứng thư số ({name})"


def signature_notes(v: SignatureVerdict, *, now: datetime) -> list[str]:
    """Facts worth knowing that do not by themselves make the signature invalid."""
    notes: list[str] = []
    if v.intact and not v.covers_whole_file:
        notes.append(
            "sau khi ký tệp có phần bổ sung được phép (chữ ký khác, dấu thời gian hoặc điền biểu mẫu)"
        )
    signed_before_expiry = (
        v.signed_at is None or v.cert_valid_until is None or v.signed_at <= v.cert_valid_until
    )
    if v.expired and signed_before_expiry and v.cert_valid_until is not None:
        notes.append(
            f"chứng thư số đã hết hạn ngày {v.cert_valid_until.astimezone(VN_TZ):%d/%m/%Y}, sau thời điểm ký"
        )
    if v.signed_at_source == "signer":
        notes.append("thời điểm ký do máy của người ký ghi (không có dấu thời gian)")
    elif v.timestamp_trusted is False:
        notes.append("dấu thời gian không xác thực được")
    return notes


def signature_verdict(v: SignatureVerdict, notes: list[str] | None = None) -> str:
    who = v.signer or "người ký không rõ tên"
    if v.organisation:
        who += f" ({v.organisation})"
    signed = f"ký bởi {who} lúc {fmt_datetime(v.signed_at)}"
    if v.intact and v.trusted:
        text = f"Chữ ký hợp lệ: {signed}; tài liệu còn nguyên vẹn."
    elif not v.intact:
        text = f"Chữ ký KHÔNG hợp lệ ({signed}): {'; '.join(v.problems)}."
    else:
        text = f"Chữ ký chưa được xác thực ({signed}): {'; '.join(v.problems)}."
    if notes:
        text += " Lưu ý: " + "; ".join(notes) + "."
    return text


def file_verdict(verdicts: list[SignatureVerdict]) -> str:
    if not verdicts:
        return NO_SIGNATURE
    bad = sum(1 for v in verdicts if not v.ok)
    n = len(verdicts)
    if bad == 0:
        return f"Tệp có {n} chữ ký số, tất cả hợp lệ." if n > 1 else "Tệp có 1 chữ ký số hợp lệ."
    if any(not v.intact for v in verdicts):
        return f"Tệp có {n} chữ ký số; tài liệu đã bị thay đổi sau khi ký hoặc chữ ký không hợp lệ."
    return f"Tệp có {n} chữ ký số; {bad} chữ ký chưa được xác thực."
