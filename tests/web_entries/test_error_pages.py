"""Vietnamese error pages in the site's layout: unknown address, refused access, crash, stale CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.factories import World


def _is_vietnamese_page(html: str) -> bool:
    return '<html lang="vi">' in html and "Chỉ số chuyển đổi số" in html and "Traceback" not in html \
        and "Page not found" not in html and "Forbidden" not in html and "Django" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_address_answers_the_vietnamese_404(world: World, debug: bool) -> None:
    with override_settings(DEBUG=debug):
        for path in ("/khong-co-trang-nay/", "/khong-co", f"/ky/{world.round.slug}/don-vi/999999/",
                     "/ky/khong-co-ky/"):
            resp = world.client_for("editor_a").get(path, follow=True)
            html = resp.content.decode()
            assert resp.status_code == 404, path
            assert _is_vietnamese_page(html) and "Không tìm thấy trang" in html, path


@pytest.mark.django_db
def test_a_refused_page_answers_the_vietnamese_403_with_the_reason(world: World) -> None:
    resp = world.client_for("outsider").get(f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/")
    html = resp.content.decode()
    assert resp.status_code == 403 and _is_vietnamese_page(html)
    assert "Không có quyền truy cập" in html and "Bạn không có quyền thực hiện thao tác này" in html


@pytest.mark.django_db
def test_a_stale_csrf_token_answers_a_vietnamese_page(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["editor_a"])
    resp = client.post(f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/", {"criterion": "I.1"})
    html = resp.content.decode()
    assert resp.status_code == 403 and _is_vietnamese_page(html) and "Phiên làm việc đã hết hạn" in html


@pytest.mark.django_db
def test_a_crash_answers_the_vietnamese_500(world: World, monkeypatch) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr("dti.web.entries.views.score_round_db", boom)
    client = world.client_for("editor_a")
    client.raise_request_exception = False
    for debug in (False, True):
        with override_settings(DEBUG=debug):
            resp = client.get(f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/")
            html = resp.content.decode()
            assert resp.status_code == 500 and _is_vietnamese_page(html) and "Hệ thống gặp lỗi" in html


@pytest.mark.django_db
def test_the_api_keeps_its_json_error_shape(world: World) -> None:
    resp = world.client_for("editor_a").get("/api/khong-co/")
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_opening_a_form_only_address_answers_the_vietnamese_405(world: World) -> None:
    resp = world.client_for("editor_a").get(f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/gui/x/", follow=True)
    assert resp.status_code == 404
    resp = world.client_for("editor_a").get(f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/xem-truoc/")
    html = resp.content.decode()
    assert resp.status_code == 405 and resp["Allow"] == "POST" and _is_vietnamese_page(html)
    assert "Thao tác không hợp lệ" in html
    api = world.client_for("editor_a").delete("/api/agencies/")
    assert api.status_code == 405 and "application/json" in api["Content-Type"]
