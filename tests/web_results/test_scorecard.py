"""Unit scorecard, criterion and group explanations (Ninh Sơn 2022)."""

from __future__ import annotations

from django.test import Client

from dti.web.entries.evidence import evidence_add
from dti.web.entries.models import Entry
from tests.helpers import pdf_upload

URL = "/ky/ninh-thuan-2022/ket-qua/585/"


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_scorecard_numbers(ninh_thuan, nt_users):
    html = _client(nt_users["owner"]).get(URL).content.decode()
    assert "698,8" in html and "/ 880" in html and "Khá" in html and "3/7" in html
    assert "62/83 đạt, 8 đang thực hiện, 13 chưa thực hiện" in html
    # group table: maximum and score of group 3 (Hạ tầng số)
    assert "3. Hạ tầng số" in html and "59,7" in html
    gap = html[html.index('id="bang-mat-diem"'):]
    assert gap.index(">3.5<") < gap.index("Mức độ ứng dụng Trí tuệ nhân tạo")  # 3.5 and 3.7, both 0/20
    assert gap.count("0/20") >= 2


def test_scorecard_looks_up_unit_by_name(ninh_thuan, nt_users):
    r = _client(nt_users["owner"]).get("/ky/ninh-thuan-2022/ket-qua/Huyện Ninh Sơn/")
    assert r.status_code == 200 and "698,8" in r.content.decode()


def test_criterion_explanation_has_rule_inputs_formula_and_files(ninh_thuan, nt_users, settings, tmp_path):
    entry = Entry.objects.get(round=ninh_thuan, unit__code="585", criterion_code="3.5")
    evidence_add(entry=entry, upload=pdf_upload("bao-cao-3-5.pdf"), actor=None, ip=None)
    d = _client(nt_users["owner"]).get(URL + "tieu-chi/3.5/").json()
    assert d["score"] == 0 and d["max_points"] == 20
    assert d["rule"] == "boolean" and "20 điểm" in d["rule_text"]
    assert d["inputs"]["Hoàn thành"] == "Không"
    assert "0 điểm" in d["formula"]
    assert d["files"][0]["name"] == "bao-cao-3-5.pdf" and d["n_files"] == 1


def test_group_explanation_lists_lost_criteria(ninh_thuan, nt_users):
    d = _client(nt_users["owner"]).get(URL + "nhom/3/").json()
    codes = [r["code"] for r in d["lost"]]
    assert codes[:2] == ["3.5", "3.7"] or set(codes[:2]) == {"3.5", "3.7"}
    assert all(r["lost"] > 0 for r in d["lost"])
    assert d["max_points"] == 100


def test_unknown_criterion_or_group_is_404(ninh_thuan, nt_users):
    c = _client(nt_users["owner"])
    assert c.get(URL + "tieu-chi/99.9/").status_code == 404
    assert c.get(URL + "nhom/3.5/").status_code == 404  # a criterion is not a group


def test_public_scorecard_hides_files_and_simulator(ninh_thuan):
    html = Client().get("/cong-khai/ninh-thuan-2022/585/").content.decode()
    assert "698,8" in html and 'id="mo-phong"' not in html and "minh-chung" not in html
    d = Client().get("/cong-khai/ninh-thuan-2022/585/tieu-chi/3.5/").json()
    assert d["files"] == [] and "formula" in d


def test_not_computed_round_says_so(world):
    c = _client(world.users["owner"])
    r = c.get(f"/ky/{world.round.slug}/ket-qua/{world.unit_a.code}/")
    assert r.status_code == 200 and "chưa được tính" in r.content.decode()
