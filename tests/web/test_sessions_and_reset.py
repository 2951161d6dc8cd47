"""Session idle timeout, password reset by e-mail, request body cap, /healthz, CSP."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, World


@pytest.mark.django_db
def test_an_idle_session_is_logged_out(world: World, settings: Any) -> None:
    c = world.client_for("editor_a")
    home = c.get("/")
    assert home.status_code == 200
    session = c.session
    session["dti_seen"] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    resp = c.get("/")
    assert resp.status_code == 302 and resp["Location"].startswith("/dang-nhap/")
    page = c.get(resp["Location"]).content.decode()
    assert "hết hạn do lâu không thao tác" in page
    assert "_auth_user_id" not in c.session


@pytest.mark.django_db
def test_an_active_session_stays(world: World, settings: Any) -> None:
    c = world.client_for("editor_a")
    c.get("/")
    session = c.session
    session["dti_seen"] = int(time.time()) - settings.SESSION_IDLE_SECONDS + 60
    session.save()
    assert c.get("/").status_code == 200
    assert c.session["dti_seen"] >= int(time.time()) - 5  # the request refreshed the clock


@pytest.mark.django_db
def test_password_reset_by_email(world: World) -> None:
    user = get_user_model().objects.get(username="editor_a")
    user.email = "editor@example.vn"
    user.save()
    c = Client()
    form = c.get("/quen-mat-khau/").content.decode()
    assert "Quên mật khẩu" in form
    resp = c.post("/quen-mat-khau/", {"email": "editor@example.vn"})
    assert resp.status_code == 302 and resp["Location"] == "/quen-mat-khau/da-gui/"
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "đặt lại mật khẩu" in body.lower() and "editor_a" in body
    link = re.search(r"http://testserver(/dat-lai-mat-khau/\S+/)", body)
    assert link is not None
    page = c.get(link.group(1), follow=True)
    assert "Mật khẩu mới" in page.content.decode()
    set_url = page.redirect_chain[-1][0]
    done = c.post(set_url, {"new_password1": "Moi-mat-khau-2024!", "new_password2": "Moi-mat-khau-2024!"})
    assert done.status_code == 302 and done["Location"] == "/dat-lai-mat-khau/xong/"
    assert Client().login(username="editor_a", password="Moi-mat-khau-2024!")
    # the link is single-use
    again = c.get(link.group(1), follow=True).content.decode()
    assert "không hợp lệ hoặc đã được dùng" in again


@pytest.mark.django_db
def test_password_reset_reveals_no_account(world: World) -> None:
    resp = Client().post("/quen-mat-khau/", {"email": "khong-ai@example.vn"})
    assert resp.status_code == 302 and resp["Location"] == "/quen-mat-khau/da-gui/"
    assert mail.outbox == []


@pytest.mark.django_db
def test_request_bodies_above_the_cap_are_refused_before_reading(world: World, settings: Any) -> None:
    settings.DTI_MAX_REQUEST_BYTES = 1000
    c = world.client_for("editor_a")
    resp = c.post("/dang-nhap/", {"username": "x" * 2000, "password": PASSWORD})
    assert resp.status_code == 413 and "quá lớn" in resp.content.decode()
    api = c.post("/api/entries/", data="{" + " " * 2000 + "}", content_type="application/json")
    assert api.status_code == 413
    assert api.json()["error"]["code"] == "too_large"


@pytest.mark.django_db
def test_healthz_reports_database_queue_and_storage(world: World) -> None:
    resp = Client().get("/healthz")
    assert resp.status_code == 200
    body = json.loads(resp.content)
    assert body["status"] == "ok"
    assert {body[k]["status"] for k in ("database", "queue", "storage")} == {"ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_storage_fails(world: World, settings: Any, tmp_path: Any) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker  # a file where the storage directory should be
    resp = Client().get("/healthz")
    assert resp.status_code == 503
    assert resp.json()["storage"] == {"status": "error"} and resp.json()["database"]["status"] == "ok"


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(world: World) -> None:
    resp = Client().get("/dang-nhap/")
    policy = resp["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("style-src-attr")[0]
