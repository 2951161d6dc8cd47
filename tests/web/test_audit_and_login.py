"""Audit rows are append-only; login attempts are throttled."""

from __future__ import annotations

import pytest
from django.test import Client

from dti.web.audit.models import AuditEvent
from tests.factories import PASSWORD, World


@pytest.mark.django_db
def test_it_keeps_audit_events_append_only(world: World) -> None:
    event = AuditEvent.objects.filter(action="round.open").get()
    assert event.old == {"state": "draft"} and event.new == {"state": "open"}
    event.action = "sửa"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.django_db
def test_it_throttles_repeated_failed_logins(world: World) -> None:
    c = Client()
    for _ in range(5):
        resp = c.post("/dang-nhap/", {"username": "editor_a", "password": "sai"})
        assert resp.status_code == 200 and "không đúng" in resp.content.decode()
    blocked = c.post("/dang-nhap/", {"username": "editor_a", "password": PASSWORD})
    assert blocked.status_code == 429 and "quá nhiều lần" in blocked.content.decode()
    other = Client().post("/dang-nhap/", {"username": "assessor", "password": PASSWORD})
    assert other.status_code == 302


@pytest.mark.django_db
def test_it_requires_csrf_tokens(world: World) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.users["editor_a"])
    url = f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/gui/"
    assert c.post(url).status_code == 403
