"""Every documents view × every role, in an open round and once published (allowed, 403, or login)."""

from __future__ import annotations

import pytest

from dti.web.documents import services
from dti.web.entries.models import Entry
from dti.web.results.services import results_recompute
from dti.web.rounds import services as rounds
from tests.helpers import ROLES, Case, check_access

STAFF = {"admin": 200, "owner": 200, "assessor": 200}
MANAGERS = {"admin": 200, "owner": 200}


def _prepare(world, *, published: bool) -> int:
    Entry.objects.create(round=world.round, unit=world.unit_a, criterion_code="I.1", done=True)
    if published:
        rounds.round_publish(round=world.round, actor=None)
    else:
        results_recompute(round=world.round)
    batch = services.batch_request(round=world.round, kind="bao-cao", fmt="docx", acting_user=None)
    services.batch_start(batch)
    return batch.pk


def _cases(slug: str, a: str, b: str, batch: int, *, published: bool) -> list[Case]:
    own = {**STAFF, "editor_a": 200}
    if published:
        own.update(viewer=200, agency_a=200)
    other = {**STAFF, **({"viewer": 200} if published else {})}
    base = f"/ky/{slug}/van-ban"
    return [
        Case("document page own unit", "GET", f"{base}/{a}/", own),
        Case("document page other unit", "GET", f"{base}/{b}/", other),
        Case("báo cáo DOCX own unit", "GET", f"{base}/{a}/bao-cao.docx", own),
        Case("báo cáo DOCX other unit", "GET", f"{base}/{b}/bao-cao.docx", other),
        Case("kế hoạch DOCX own unit", "GET", f"{base}/{a}/ke-hoach.docx", own),
        Case("unit workbook own unit", "GET", f"{base}/{a}/bang-tinh/", own),
        Case("unit workbook other unit", "GET", f"{base}/{b}/bang-tinh/", other),
        Case("ranking workbook", "GET", f"/ky/{slug}/bang-tinh/ranking/", other),
        Case("targets workbook", "GET", f"/ky/{slug}/bang-tinh/targets/", other),
        Case("assignments workbook", "GET", f"/ky/{slug}/bang-tinh/assignments/", other),
        Case("batch page", "GET", f"{base}/", MANAGERS),
        Case("batch request", "POST", f"{base}/", {"admin": 302, "owner": 302}, data={"kind": "bao-cao", "fmt": "docx"}),
        Case("batch download", "GET", f"{base}/hang-loat/{batch}/tai/", MANAGERS),
        Case("notes own unit", "POST", f"{base}/{a}/", {"admin": 302, "owner": 302, "editor_a": 302},
             data={"form": "notes", "nd-difficulties": "Thiếu nhân lực"}),
        Case("notes other unit", "POST", f"{base}/{b}/", {"admin": 302, "owner": 302},
             data={"form": "notes", "nd-difficulties": "Thiếu nhân lực"}),
        Case("settings own unit", "POST", f"{base}/{a}/", {"admin": 302, "owner": 302},
             data={"form": "settings", "tt-signer_name": "Nguyễn Văn A", "tt-symbol_report": "BC-UBND"}),
    ]


@pytest.mark.parametrize("published", [False, True], ids=["open", "published"])
@pytest.mark.parametrize("role", ROLES)
def test_documents_views(world, role, published):
    batch = _prepare(world, published=published)
    client = world.client_for(role)
    for case in _cases(world.round.slug, world.unit_a.code, world.unit_b.code, batch, published=published):
        check_access(client, case, role)


def test_unit_outside_the_round_is_404(world):
    _prepare(world, published=False)
    r = world.client_for("admin").get(f"/ky/{world.round.slug}/van-ban/911/bao-cao.docx")
    assert r.status_code == 404


def test_unknown_kind_or_format_is_404(world):
    _prepare(world, published=False)
    client = world.client_for("owner")
    assert client.get(f"/ky/{world.round.slug}/van-ban/901/bien-ban.docx").status_code == 404
    assert client.get(f"/ky/{world.round.slug}/van-ban/901/bao-cao.exe").status_code == 404
    assert client.get(f"/ky/{world.round.slug}/bang-tinh/unit/").status_code == 404


def test_scorecard_shows_the_download_buttons_only_to_who_may_download(world):
    _prepare(world, published=False)
    html = world.client_for("editor_a").get(f"/ky/{world.round.slug}/ket-qua/901/").content.decode()
    for label in ("Tải báo cáo (DOCX)", "Tải báo cáo (PDF)", "Tải kế hoạch nâng cao DTI", "Bảng tính XLSX"):
        assert label in html
    assert f"/ky/{world.round.slug}/van-ban/901/bao-cao.docx" in html
    # the public scorecard of a published round never offers them
    rounds.round_publish(round=world.round, actor=None)
    public = world.client_for(None).get(f"/cong-khai/{world.round.slug}/901/").content.decode()
    assert "Tải báo cáo" not in public


def test_round_page_offers_round_workbooks_and_batches_only_to_managers(world):
    _prepare(world, published=False)
    url = f"/ky/{world.round.slug}/"
    owner = world.client_for("owner").get(url).content.decode()
    assert f"/ky/{world.round.slug}/bang-tinh/ranking/" in owner and f"/ky/{world.round.slug}/van-ban/\"" in owner
    assert f"/ky/{world.round.slug}/van-ban/901/" in owner
    editor = world.client_for("editor_a").get(url).content.decode()
    assert "/bang-tinh/ranking/" not in editor and f"/ky/{world.round.slug}/van-ban/\"" not in editor
