"""Round documents (tổng hợp, công bố) from the database: the same numbers as the ranking page."""

from __future__ import annotations

from docx import Document

from dti.engine.numbers import fmt_number, fmt_percent
from dti.web.documents import build
from dti.web.results.selectors import ranking


def test_cong_bo_appendix_equals_the_ranking_page(ninh_thuan, nt_users, tmp_path):
    path = build.round_document(ninh_thuan, "cong-bo", tmp_path / "cong-bo.docx")
    table = [[c.text for c in r.cells] for r in Document(str(path)).tables[-1].rows]
    page = list(ranking(ninh_thuan))
    d = ninh_thuan.framework.parsed().display_precision
    assert [r[1] for r in table[1:]] == [u.unit.name for u in page]
    assert [r[2] for r in table[1:]] == [f"{fmt_number(u.total, d)}/{fmt_number(u.max_points)}" for u in page]
    assert [r[3] for r in table[1:]] == [fmt_percent(u.percent) for u in page]
    assert [r[4] for r in table[1:]] == [u.klass for u in page]
    assert [r[5] for r in table[1:]] == [f"{u.rank}/{u.rank_of}" for u in page]


def test_round_documents_download_for_who_sees_every_unit(ninh_thuan, nt_users):
    from django.test import Client

    owner, editor = Client(), Client()
    owner.force_login(nt_users["owner"])
    editor.force_login(nt_users["editor"])
    r = owner.get(f"/ky/{ninh_thuan.slug}/van-ban-ky/tong-hop.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert "attachment" in r["Content-Disposition"]
    assert owner.get(f"/ky/{ninh_thuan.slug}/van-ban-ky/bien-ban.docx").status_code == 404
    # a unit editor does not see the whole round's dashboard, so not its documents either
    assert editor.get(f"/ky/{ninh_thuan.slug}/van-ban-ky/cong-bo.docx").status_code == 403


def _text(path) -> str:  # type: ignore[no-untyped-def]
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_the_office_sets_number_date_signer_and_recipients_of_the_decision(ninh_thuan, nt_users, tmp_path):
    from django.test import Client

    from dti.web.audit.models import AuditEvent

    owner = Client()
    owner.force_login(nt_users["owner"])
    url = f"/ky/{ninh_thuan.slug}/van-ban-ky/cong-bo/the-thuc/"
    assert owner.get(url).status_code == 200
    r = owner.post(url, {"issuer_name": "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN", "number": "215", "symbol": "QĐ-UBND",
                         "place": "Ninh Thuận", "issued_on": "2023-03-15", "on_behalf_of": "ỦY BAN NHÂN DÂN",
                         "deputy_of": "CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Trịnh Minh Hoàng",
                         "recipients": "Như Điều 3;\nBộ Thông tin và Truyền thông;\nLưu: VT, KGVX.",
                         "basis": "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"})
    assert r.status_code == 302, r.content.decode()[:2000]
    text = _text(build.round_document(ninh_thuan, "cong-bo", tmp_path / "cong-bo.docx"))
    for expected in ("Số: 215/QĐ-UBND", "Ninh Thuận, ngày 15 tháng 3 năm 2023", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                     "Trịnh Minh Hoàng", "Bộ Thông tin và Truyền thông", "Luật Tổ chức chính quyền địa phương"):
        assert expected in text, expected
    assert AuditEvent.objects.filter(action="documents.round_settings_save").count() == 1
    # the báo cáo tổng hợp keeps its own defaults
    assert "Số: 215" not in _text(build.round_document(ninh_thuan, "tong-hop", tmp_path / "tong-hop.docx"))


def test_round_settings_are_the_offices_and_refuse_bad_input(ninh_thuan, nt_users):
    from django.test import Client

    editor, owner = Client(), Client()
    editor.force_login(nt_users["editor"])
    owner.force_login(nt_users["owner"])
    url = f"/ky/{ninh_thuan.slug}/van-ban-ky/tong-hop/the-thuc/"
    assert editor.get(url).status_code == 403
    assert editor.post(url, {"number": "1"}).status_code == 403
    assert owner.get(f"/ky/{ninh_thuan.slug}/van-ban-ky/bien-ban/the-thuc/").status_code == 404
    html = owner.post(url, {"number": "x" * 30, "issued_on": "31/02/2023"}).content.decode()
    assert "tối đa 20 kí tự" in html and "Nhập một ngày hợp lệ" in html


def test_copying_a_round_carries_its_document_settings_but_not_the_number(ninh_thuan, nt_users):
    from dti.web.documents.models import RoundDocumentSettings
    from dti.web.documents.services import round_settings_save
    from dti.web.rounds.planning import round_plan

    round_settings_save(round=ninh_thuan, kind="cong-bo", data={"number": "215", "issued_on": None,
                        "signer_name": "Trịnh Minh Hoàng", "recipients": "Lưu: VT."}, acting_user=nt_users["owner"])
    new = round_plan(owner_unit=ninh_thuan.owner_unit, framework=ninh_thuan.framework, period_kind="year",
                     year=2023, number=None, copy_from=ninh_thuan, actor=nt_users["owner"])
    cfg = RoundDocumentSettings.objects.get(round=new, kind="cong-bo")
    assert (cfg.signer_name, cfg.recipients, cfg.number) == ("Trịnh Minh Hoàng", "Lưu: VT.", "")
