"""Each kind of PDF uploaded through the web view: the Vietnamese verdict on the page and in the record."""

from __future__ import annotations

from dti.web.audit.models import AuditEvent
from dti.web.entries.models import Evidence
from tests import pki
from tests.factories import World
from tests.web_evidence.conftest import page_url, upload

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + b"\x00" * 64


def _assessor_page(w: World) -> str:
    return w.client_for("assessor").get(page_url(w)).content.decode()


def test_a_valid_signature_from_a_trusted_root(sworld: World, signed_pdf, root, trust) -> None:
    trust(root)
    html = upload(sworld.client_for("editor_a"), sworld, signed_pdf)
    assert "Kiểm tra chữ ký số: Tệp có 1 chữ ký số hợp lệ." in html
    ev = Evidence.objects.get()
    check = ev.signature_check
    assert check["all_ok"] is True and ev.verified_at is not None
    sig = check["signatures"][0]
    assert sig["signer"] == "Nguyễn Văn An" and sig["organisation"] == "UBND huyện Nam Đông"
    assert sig["issuer"] == "DTI Test Root CA" and sig["intact"] and sig["trusted"] and not sig["expired"]
    assert sig["covers_whole_file"] is True and sig["signed_at"]
    assert "tài liệu còn nguyên vẹn" in sig["verdict"] and "Nguyễn Văn An (UBND huyện Nam Đông)" in html
    assert ev.kind_label == "PDF" and ev.extension == "pdf"
    assert "Đạt: có chữ ký số hợp lệ" in _assessor_page(sworld)
    assert "Tiêu chí này cần tệp minh chứng có chữ ký số hợp lệ" not in html


def test_a_file_modified_after_signing(sworld: World, signed_pdf, root, trust) -> None:
    trust(root)
    html = upload(sworld.client_for("editor_a"), sworld, pki.append_content_change(signed_pdf))
    assert "tài liệu đã bị thay đổi sau khi ký hoặc chữ ký không hợp lệ" in html
    assert "tài liệu đã bị sửa đổi sau khi ký" in html
    check = Evidence.objects.get().signature_check
    assert check["all_ok"] is False and check["signatures"][0]["intact"] is False
    assert "Tiêu chí này cần tệp minh chứng có chữ ký số hợp lệ" in html
    assert "Chữ ký không hợp lệ" in _assessor_page(sworld)


def test_a_signature_from_an_unknown_root(sworld: World, signed_pdf, other_root, trust) -> None:
    trust(other_root)
    html = upload(sworld.client_for("editor_a"), sworld, signed_pdf)
    assert "không xác định được tổ chức cấp chứng thư số (DTI Test Root CA)" in html
    sig = Evidence.objects.get().signature_check["signatures"][0]
    assert sig["intact"] is True and sig["trusted"] is False
    assert "Không xác định được tổ chức cấp" in _assessor_page(sworld)


def test_a_certificate_expired_at_signing_time(sworld: World, unsigned_pdf, expired_signer, root, trust) -> None:
    trust(root)
    html = upload(sworld.client_for("editor_a"), sworld, pki.sign_pdf(unsigned_pdf, expired_signer, [root]))
    assert "chứng thư số đã hết hạn tại thời điểm ký (hết hạn ngày 01/01/2021)" in html
    sig = Evidence.objects.get().signature_check["signatures"][0]
    assert sig["expired"] is True and sig["trusted"] is False
    assert "Chữ ký không hợp lệ" in _assessor_page(sworld)


def test_an_unsigned_pdf(sworld: World, unsigned_pdf, root, trust) -> None:
    trust(root)
    html = upload(sworld.client_for("editor_a"), sworld, unsigned_pdf)
    assert "Kiểm tra chữ ký số: Tệp không có chữ ký số." in html
    ev = Evidence.objects.get()
    assert ev.signature_check["signed"] is False and ev.signature_check["signatures"] == []
    assert "Tiêu chí này cần tệp minh chứng có chữ ký số hợp lệ" in html
    assert "Thiếu tệp có chữ ký số" in html


def test_a_non_pdf_renamed_to_pdf_is_refused(sworld: World) -> None:
    html = upload(sworld.client_for("editor_a"), sworld, PNG, name="quyet-dinh.pdf")
    assert "không khớp nội dung tệp (nội dung thực là Ảnh PNG)" in html
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence.add").exists()


def test_a_png_is_kept_without_a_signature_check(sworld: World) -> None:
    html = upload(sworld.client_for("editor_a"), sworld, PNG, name="anh-chup.png")
    ev = Evidence.objects.get()
    assert ev.signature_check is None and ev.kind_label == "Ảnh PNG" and ev.extension == "png"
    assert "Không kiểm tra chữ ký số (không phải tệp PDF)" in html


def test_a_criterion_without_files_is_missing(sworld: World) -> None:
    html = _assessor_page(sworld)
    assert "Minh chứng cần ký số (1 tiêu chí)" in html and "Thiếu tệp" in html


def test_recheck_after_installing_the_trust_root(sworld: World, signed_pdf, root, trust) -> None:
    upload(sworld.client_for("editor_a"), sworld, signed_pdf)
    ev = Evidence.objects.get()
    assert ev.signature_check["all_ok"] is False
    url = f"/ky/{sworld.round.slug}/don-vi/{sworld.unit_a.code}/minh-chung/{ev.pk}/kiem-tra-lai/"
    assert sworld.client_for("editor_a").post(url).status_code == 403
    trust(root)
    resp = sworld.client_for("assessor").post(url, {"next": "https://evil.example/"}, follow=True)
    assert resp.redirect_chain[-1][0].startswith(page_url(sworld))
    assert "Đã kiểm tra lại" in resp.content.decode() and "Tệp có 1 chữ ký số hợp lệ." in resp.content.decode()
    ev.refresh_from_db()
    assert ev.signature_check["all_ok"] is True
    event = AuditEvent.objects.get(action="evidence.recheck")
    assert event.actor == sworld.users["assessor"]


def test_explanation_carries_the_signature_status(sworld: World, signed_pdf, root, trust) -> None:
    from dti.web.results.explain import criterion_explanation, peer_result

    trust(root)
    upload(sworld.client_for("editor_a"), sworld, signed_pdf)
    rnd, unit = sworld.round, sworld.unit_a
    out = criterion_explanation(rnd, unit, "I.1", result=peer_result(rnd, unit), with_files=True)
    assert out["signature_status"] == {"code": "ok", "text": "Đạt: có chữ ký số hợp lệ"}
    assert out["evidence_hint"].endswith("Chữ ký số: Đạt: có chữ ký số hợp lệ")
    assert out["files"][0]["signature"] == "Tệp có 1 chữ ký số hợp lệ."
    other = criterion_explanation(rnd, unit, "I.2", result=peer_result(rnd, unit), with_files=True)
    assert other["signature_status"] is None
