"""Permission matrix: every role × every view, allowed or refused, checked server-side."""

from __future__ import annotations

import pytest

from dti.web.entries import services
from dti.web.entries.evidence import evidence_add
from dti.web.rounds import services as rounds
from tests.factories import World
from tests.helpers import ROLES, Case, check_access, pdf_upload


def _cases(w: World) -> list[Case]:
    slug, a, b = w.round.slug, w.unit_a.code, w.unit_b.code
    base = f"/ky/{slug}/don-vi/{a}"
    everyone = {r: 200 for r in ROLES if r}
    ev = services.Entry.objects.get(criterion_code="I.2", unit=w.unit_a).evidence.get()
    return [
        Case("trang chủ", "GET", "/", everyone),
        Case("đơn vị", "GET", f"/don-vi/{a}/", everyone),
        Case("kỳ đánh giá", "GET", f"/ky/{slug}/",
             {"admin": 200, "owner": 200, "assessor": 200, "editor_a": 200, "agency_a": 200}),
        Case("nhập liệu A", "GET", f"{base}/",
             {"admin": 200, "owner": 200, "assessor": 200, "editor_a": 200, "agency_a": 200}),
        Case("nhập liệu B", "GET", f"/ky/{slug}/don-vi/{b}/", {"admin": 200, "owner": 200, "assessor": 200}),
        Case("lưu II.1", "POST", f"{base}/", {"admin": 302, "editor_a": 302},
             data={"criterion": "II.1", "c-II.1-version": "0", "c-II.1-date": "15/01/2024"}),
        Case("lưu I.3 (cơ quan)", "POST", f"{base}/", {"admin": 302, "editor_a": 302, "agency_a": 302},
             data={"criterion": "I.3", "c-I.3-version": "0", "c-I.3-count": "3"}),
        Case("xem trước", "POST", f"{base}/xem-truoc/", {"admin": 200, "assessor": 200, "editor_a": 200},
             data={"criterion": "I.2", "c-I.2-version": "1", "c-I.2-numerator": "5", "c-I.2-denominator": "10"}),
        Case("kiểm tra trước khi gửi", "GET", f"{base}/gui/", {"admin": 200, "editor_a": 200, "agency_a": 200}),
        Case("gửi", "POST", f"{base}/gui/", {"admin": 302, "editor_a": 302, "agency_a": 302},
             data={"xac_nhan": "1"}),
        Case("duyệt", "POST", f"{base}/tieu-chi/I.1/tham-dinh/", {"admin": 302, "assessor": 302},
             data={"action": "approve"}),
        Case("chuyển trạng thái kỳ", "POST", f"/ky/{slug}/trang-thai/", {"admin": 302, "owner": 302},
             data={"action": "round_review"}),
        # the file is on I.2, not one of the agency's criteria: the agency editor may not open it
        Case("tải minh chứng", "GET", f"{base}/minh-chung/{ev.pk}/",
             {"admin": 200, "owner": 200, "assessor": 200, "editor_a": 200}),
        Case("không có đơn vị", "GET", f"/ky/{slug}/don-vi/999/", {r: 404 for r in ROLES if r}),
        Case("quản trị", "GET", "/quan-tri/", {"admin": 200}, denied=302),
    ]


def _prepare(w: World) -> None:
    editor = w.users["editor_a"]
    services.entry_save(round=w.round, unit=w.unit_a, criterion_code="I.1", values={"done": True},
                        expected_version=0, actor=editor)
    services.entry_submit(round=w.round, unit=w.unit_a, actor=editor)
    e = services.entry_save(round=w.round, unit=w.unit_a, criterion_code="I.2",
                            values={"numerator": 1.0, "denominator": 2.0}, expected_version=0, actor=editor)
    evidence_add(entry=e, upload=pdf_upload(), actor=editor)
    w.users["admin"].is_staff = True
    w.users["admin"].save()


CASE_NAMES = [
    "trang chủ", "đơn vị", "kỳ đánh giá", "nhập liệu A", "nhập liệu B", "lưu II.1", "lưu I.3 (cơ quan)",
    "xem trước", "gửi", "duyệt", "chuyển trạng thái kỳ", "tải minh chứng", "không có đơn vị", "quản trị",
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case_name", CASE_NAMES)
def test_it_enforces_the_matrix_on_an_open_round(world: World, role: str | None, case_name: str) -> None:
    _prepare(world)
    case = next(c for c in _cases(world) if c.name == case_name)
    if case_name == "không có đơn vị" and role is None:
        case = Case(case.name, case.method, case.url, {None: 302})
    check_access(world.client_for(role), case, role)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_lets_viewers_read_only_published_rounds(world: World, role: str | None) -> None:
    rounds.round_publish(round=world.round, actor=None)
    slug, a = world.round.slug, world.unit_a.code
    readers = {"admin": 200, "owner": 200, "assessor": 200, "editor_a": 200, "agency_a": 200, "viewer": 200}
    check_access(world.client_for(role), Case("kỳ đã công bố", "GET", f"/ky/{slug}/", readers), role)
    check_access(world.client_for(role), Case("đơn vị A đã công bố", "GET", f"/ky/{slug}/don-vi/{a}/", readers), role)
    # nobody edits a published round, not even the admin
    save = Case("lưu khi đã công bố", "POST", f"/ky/{slug}/don-vi/{a}/", {},
                data={"criterion": "I.1", "c-I.1-version": "0", "c-I.1-done": "1"})
    check_access(world.client_for(role), save, role)


@pytest.mark.django_db
def test_it_resolves_a_unit_by_its_vietnamese_name_in_urls(world: World) -> None:
    c = world.client_for("editor_a")
    assert c.get(f"/ky/{world.round.slug}/don-vi/Huyện An Đông/").status_code == 200
    assert c.get(f"/ky/{world.round.slug}/don-vi/Huyện Đa Lộc/").status_code == 403
