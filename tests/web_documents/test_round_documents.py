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
