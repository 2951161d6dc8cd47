"""Accounts the office creates: one-time password shown once, forced change, reset, lock, scope."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.test import Client

from dti.web.accounts.models import AccountState
from dti.web.audit.models import AuditEvent


def test_owner_creates_an_agency_editor_who_must_change_the_password(world) -> None:
    owner = world.client_for("owner")
    resp = owner.post("/so/tai-khoan/", {"username": "ca-an-dong", "full_name": "Công an An Đông",
                                         "role": "agency_editor", "unit": world.unit_a.key,
                                         "agency": str(world.agency.pk)})
    assert resp.status_code == 200
    otp = re.search(r'<code id="otp">([^<]+)</code>', resp.content.decode()).group(1)
    assert "Mật khẩu chỉ hiển thị một lần" in resp.content.decode()
    assert otp not in owner.get("/so/tai-khoan/").content.decode()
    user = get_user_model().objects.get(username="ca-an-dong")
    assert AccountState.objects.get(user=user).must_change_password
    c = Client()
    assert c.post("/dang-nhap/", {"username": "ca-an-dong", "password": otp}).status_code == 302
    assert c.get(f"/ky/{world.round.slug}/").url.startswith("/doi-mat-khau/")
    bad = c.post("/doi-mat-khau/", {"old_password": otp, "new_password": "ngan", "new_password2": "ngan"})
    assert bad.status_code == 400
    ok = c.post("/doi-mat-khau/", {"old_password": otp, "new_password": "Cong-an-2024!x",
                                   "new_password2": "Cong-an-2024!x"})
    assert ok.status_code == 302
    assert c.get(f"/ky/{world.round.slug}/").status_code == 200
    assert not AccountState.objects.get(user=user).must_change_password
    assert AuditEvent.objects.filter(action="account.create").exists()
    assert AuditEvent.objects.filter(action="account.change_password").exists()


def test_reset_and_lock_are_audited_and_scoped(world) -> None:
    owner = world.client_for("owner")
    editor = world.users["editor_a"]
    resp = owner.post(f"/so/tai-khoan/{editor.pk}/", {"action": "reset"})
    otp = re.search(r'<code id="otp">([^<]+)</code>', resp.content.decode()).group(1)
    editor.refresh_from_db()
    assert editor.check_password(otp) and AccountState.objects.get(user=editor).must_change_password
    owner.post(f"/so/tai-khoan/{editor.pk}/", {"action": "deactivate"})
    editor.refresh_from_db()
    assert not editor.is_active
    outsider = world.users["outsider"]
    assert owner.post(f"/so/tai-khoan/{outsider.pk}/", {"action": "reset"}).status_code == 403
    assert world.client_for("editor_a").get("/so/tai-khoan/").status_code in (302, 403)
    assert {e.action for e in AuditEvent.objects.filter(object_id=str(editor.pk))} >= {
        "account.reset_password", "account.deactivate"}
    denied = owner.post("/so/tai-khoan/", {"username": "x", "role": "unit_editor", "unit": "t:911"})
    assert denied.status_code == 400
