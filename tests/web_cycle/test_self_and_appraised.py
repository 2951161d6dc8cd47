"""Both figures live on: the unit's self-assessed score and the appraised score, per criterion and group."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from dti.cli.results_cmds import results as results_cmd
from dti.web.entries import services as entries
from dti.web.entries.models import Entry
from dti.web.results.models import UnitResult
from dti.web.results.services import results_recompute
from tests.factories import World
from tests.web_cycle.conftest import save


def _node(groups: list[dict], code: str) -> dict:
    stack = list(groups)
    while stack:
        n = stack.pop()
        if n["code"] == code:
            return n
        stack.extend(n.get("children") or [])
        stack.extend(n.get("items") or [])
    raise KeyError(code)


def _appraise(w: World) -> None:
    save(w, "editor_a", "I.1", done=True)  # 10/10 by the rule
    save(w, "editor_a", "I.2", numerator=50, denominator=100)  # 10/20
    save(w, "editor_a", "II.1", date=dt.date(2024, 1, 20))  # 10/10
    entries.entry_submit(round=w.round, unit=w.unit_a, actor=w.users["editor_a"])
    entries.entry_unit_approve(round=w.round, unit=w.unit_a, actor=w.users["leader_a"])
    get = lambda code: Entry.objects.get(round=w.round, unit=w.unit_a, criterion_code=code)  # noqa: E731
    entries.entry_set_expert_score(entry=get("I.1"), actor=w.users["assessor"], score=4,
                                   reason="Quyết định không do người đứng đầu ký")
    entries.entry_correct(entry=get("I.2"), actor=w.users["assessor"], values={"numerator": 40},
                          reason="Số hộ có cáp quang theo số liệu nhà mạng là 40")
    entries.entry_approve(entry=get("II.1"), actor=w.users["assessor"])


@pytest.mark.django_db
def test_api_keeps_both_totals_when_they_differ(cycle: World) -> None:
    _appraise(cycle)
    got = cycle.client("owner").get(f"/api/rounds/{cycle.round.slug}/results/{cycle.unit_a.code}/").json()
    # self: 10 + 10 + 0 (I.3 empty) + 10 + 0 (manual II.2 has no expert score) = 30
    assert got["self_total"] == 30
    # appraised: 4 (expert) + 8 (40/100 of 20) + 0 + 10 + 0 = 22 — the total ranks and is published
    assert got["total"] == 22
    i1, i2, ii1, i3 = (_node(got["groups"], c) for c in ("I.1", "I.2", "II.1", "I.3"))
    assert (i1["self_score"], i1["score"], i1["appraised"]) == (10, 4, True)
    assert (i2["self_score"], i2["score"], i2["appraised"]) == (10, 8, True)
    assert (ii1["self_score"], ii1["score"], ii1["appraised"]) == (10, 10, True)
    assert i3["appraised"] is False
    group_i = _node(got["groups"], "I")
    assert (group_i["self_score"], group_i["score"]) == (20, 12)
    assert got["n_appraised"] == 3
    results_recompute(round=cycle.round)  # the stored figures (what pages and exports read)
    stored = UnitResult.objects.get(round=cycle.round, unit=cycle.unit_a)
    assert cycle.client("owner").get(f"/api/rounds/{cycle.round.slug}/results/{cycle.unit_a.code}/").json() == got
    assert (stored.self_total, stored.total, stored.difference) == (30, 22, -8)
    assert stored.group_self_scores["I"] == 20 and stored.group_scores["I"][0] == 12


@pytest.mark.django_db
def test_cli_results_json_has_self_total(cycle: World) -> None:
    _appraise(cycle)
    results_recompute(round=cycle.round)
    out = CliRunner().invoke(results_cmd, ["--round", cycle.round.slug, "--unit", cycle.unit_a.code, "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)[0]
    assert (data["total"], data["self_total"]) == (22, 30)
    assert _node(data["groups"], "I.1")["self_score"] == 10


@pytest.mark.django_db
def test_scorecard_shows_both_side_by_side(cycle: World) -> None:
    _appraise(cycle)
    results_recompute(round=cycle.round)
    page = cycle.client("owner").get(f"/ky/{cycle.round.slug}/ket-qua/{cycle.unit_a.code}/").content.decode()
    assert "Điểm tự đánh giá / Điểm thẩm định: <strong>30</strong> / <strong>22</strong>" in page
    assert "(chênh lệch −8)" in page
    assert "Điểm tự đánh giá</th>" in page and "Điểm thẩm định / tối đa</th>" in page


@pytest.mark.django_db
def test_unit_sees_only_its_self_score_before_preliminary(cycle: World) -> None:
    _appraise(cycle)
    results_recompute(round=cycle.round)
    page = cycle.client("editor_a").get(f"/ky/{cycle.round.slug}/ket-qua/{cycle.unit_a.code}/").content.decode()
    assert "Điểm thẩm định được gửi đơn vị khi có kết quả sơ bộ" in page
    assert "Điểm thẩm định / tối đa" not in page


@pytest.mark.django_db
def test_ranking_uses_the_appraised_score(cycle: World) -> None:
    _appraise(cycle)
    save(cycle, "admin", "I.1", unit=cycle.unit_b, done=True)
    save(cycle, "admin", "I.2", unit=cycle.unit_b, numerator=60, denominator=100)
    save(cycle, "admin", "II.1", unit=cycle.unit_b, date=dt.date(2024, 5, 1))  # late plan: 0
    rows = {r["unit"]: r for r in cycle.client("owner").get(f"/api/rounds/{cycle.round.slug}/rankings/").json()["results"]}
    a, b = rows[cycle.unit_a.code], rows[cycle.unit_b.code]
    # A's self-assessment is above B's, but A's appraised total is below: B ranks first
    assert (a["self_total"], a["total"]) == (30, 22)
    assert b["self_total"] < a["self_total"] and b["total"] > a["total"]
    assert b["rank"] == 1 and a["rank"] == 2


def _docx_text(content: bytes) -> str:
    import io

    from docx import Document

    doc = Document(io.BytesIO(content))
    return "\n".join([p.text for p in doc.paragraphs]
                     + [" | ".join(c.text for c in r.cells) for t in doc.tables for r in t.rows])


def _sheet(content: bytes) -> list[list[object]]:
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


@pytest.mark.django_db
def test_dashboard_averages_both_figures(cycle: World) -> None:
    _appraise(cycle)
    results_recompute(round=cycle.round)
    page = cycle.client("owner").get(f"/ky/{cycle.round.slug}/ket-qua/").content.decode()
    assert 'id="tu-danh-gia"' in page and "1/" in page
    assert "tự đánh giá <strong>" in page and "Xếp hạng và công bố dùng điểm thẩm định" in page


@pytest.mark.django_db
def test_workbooks_carry_the_self_assessed_figures(cycle: World) -> None:
    _appraise(cycle)
    owner = cycle.client("owner")
    rows = _sheet(owner.get(f"/ky/{cycle.round.slug}/bang-tinh/ranking/").content)
    head = rows[0]
    assert head[4:6] == ["Tổng điểm", "Điểm tự đánh giá"]
    a = next(r for r in rows[1:] if r[1] == cycle.unit_a.code)
    assert (a[4], a[5], a[6]) == (22, 30, -8)
    detail = _sheet(owner.get(f"/ky/{cycle.round.slug}/van-ban/{cycle.unit_a.code}/bang-tinh/").content)
    assert detail[0][-2:] == ["Điểm tự đánh giá", "Đã thẩm định"]
    i1 = next(r for r in detail[1:] if r[0] == "I.1")
    assert (i1[11], i1[-2], i1[-1]) == (4, 10, "Có")


@pytest.mark.django_db
def test_the_bao_cao_shows_both_to_the_province_and_only_the_self_assessment_to_the_unit(cycle: World) -> None:
    _appraise(cycle)
    url = f"/ky/{cycle.round.slug}/van-ban/{cycle.unit_a.code}/bao-cao.docx"
    province = _docx_text(cycle.client("owner").get(url).content)
    assert "Tổng điểm thẩm định đạt 22/" in province and "điểm tự đánh giá 30" in province
    assert "Điểm tự đánh giá" in province and "Điểm thẩm định" in province
    unit = _docx_text(cycle.client("editor_a").get(url).content)  # the round is not yet preliminary
    assert "Tổng điểm đạt 30/" in unit
    assert "thẩm định" not in unit.lower()
    own = _sheet(cycle.client("editor_a").get(f"/ky/{cycle.round.slug}/van-ban/{cycle.unit_a.code}/bang-tinh/").content)
    assert next(r for r in own[1:] if r[0] == "I.1")[11] == 10 and "Đã thẩm định" not in own[0]


@pytest.mark.django_db
def test_expert_scores_loaded_from_the_provinces_table_count_in_both_readings(ninh_thuan) -> None:
    # Ninh Thuận's published table gives the council's points: no appraisal is recorded, so the
    # unit's own reading is that same figure (not 0 for every manually scored criterion)
    res = UnitResult.objects.get(round=ninh_thuan, unit__code="585")
    assert (res.total, res.self_total) == (698.8, 698.8)
