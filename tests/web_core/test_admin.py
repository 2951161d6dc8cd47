"""The Django admin goes through the services or stays read-only: every write audited (and readable
in /api/audit/), derived fields not editable, a unit move carries its subtree, published and closed
rounds immutable, domain deletions refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dti.web.accounts.models import Role, RoleAssignment
from dti.web.audit.models import AuditEvent
from dti.web.entries.models import Entry
from dti.web.rounds.models import Assignment, Round, RoundState
from dti.web.units.models import Level, OrgUnit
from dti.web.units.selectors import subtree
from tests.factories import PASSWORD, World, make_unit

ADMIN = "/quan-tri"


@pytest.fixture
def su(world: World) -> Client:
    user = get_user_model().objects.create_superuser("sieu-quan-tri", "qt@example.vn", PASSWORD)
    c = Client()
    c.force_login(user)
    return c


def _form_data(response: Any, **changes: Any) -> dict[str, Any]:
    """The admin change form as the browser would post it, with ``changes`` typed in."""
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget = field.widget
        if hasattr(widget, "widgets") and hasattr(widget, "decompress"):  # split date and time
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for i, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True)):
                data[f"{name}_{i}"] = sub.format_value(part) or ""
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is None:
            data[name] = ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    for name, value in changes.items():
        data[name] = value
    for formset in response.context.get("inline_admin_formsets", []):
        mgmt = formset.formset.management_form
        for name in mgmt.fields:
            data[f"{formset.formset.prefix}-{name}"] = mgmt[name].value()
    return data


def _events(world: World, action: str) -> list[dict[str, Any]]:
    r = world.client("admin").get("/api/audit/", {"action": action})
    assert r.status_code == 200
    return r.json()["results"]


def test_adding_a_role_in_the_admin_is_audited_and_in_the_api(world: World, su: Client) -> None:
    page = su.get(f"{ADMIN}/accounts/roleassignment/add/")
    data = _form_data(page, user=str(world.users["viewer"].pk), role=Role.ASSESSOR, org_unit=str(world.unit_b.pk))
    r = su.post(f"{ADMIN}/accounts/roleassignment/add/", data)
    assert r.status_code == 302, r.context["adminform"].form.errors if r.context else r
    ra = RoleAssignment.objects.get(user=world.users["viewer"], role=Role.ASSESSOR)
    (event,) = [e for e in _events(world, "admin.add") if e["object_type"] == "accounts.roleassignment"]
    assert event["object_id"] == str(ra.pk) and event["actor"] == "sieu-quan-tri"
    assert event["new"]["role"] == Role.ASSESSOR


def test_a_change_and_a_password_in_the_user_admin_are_audited_without_the_hash(world: World, su: Client) -> None:
    viewer = world.users["viewer"]
    page = su.get(f"{ADMIN}/auth/user/{viewer.pk}/change/")
    r = su.post(f"{ADMIN}/auth/user/{viewer.pk}/change/", _form_data(page, email="nguoi-xem@example.vn"))
    assert r.status_code == 302, r.context["adminform"].form.errors
    change = AuditEvent.objects.get(action="admin.change", object_type="auth.user")
    assert change.new["email"] == "nguoi-xem@example.vn" and change.old["email"] == ""
    r = su.post(f"{ADMIN}/auth/user/{viewer.pk}/password/",
                {"password1": "Mat-khau-moi-2024!", "password2": "Mat-khau-moi-2024!", "usable_password": "true"})
    assert r.status_code == 302, r.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="admin.password", object_id=str(viewer.pk))
    assert "pbkdf2" not in str(event.new) and "md5" not in str(event.new)


def test_moving_a_unit_carries_its_subtree_and_the_scopes_follow(world: World, su: Client) -> None:
    other = OrgUnit.objects.get(key="t:91")
    commune = make_unit("t:90201", "90201", "Xã Đa Lộc Thượng", Level.XA, world.unit_b)
    assert commune not in subtree(other)
    page = su.get(f"{ADMIN}/units/orgunit/{world.unit_b.pk}/change/")
    assert "path" not in page.context["adminform"].form.fields  # derived: shown, never typed
    r = su.post(f"{ADMIN}/units/orgunit/{world.unit_b.pk}/change/", _form_data(page, parent=str(other.pk)))
    assert r.status_code == 302, r.context["adminform"].form.errors if r.context else r
    world.unit_b.refresh_from_db()
    commune.refresh_from_db()
    assert (world.unit_b.path, commune.path) == ("91/902", "91/902/90201")
    assert commune in subtree(other) and commune not in subtree(world.province)
    assert commune.is_within(other)
    event = AuditEvent.objects.get(action="unit.update", object_id=str(world.unit_b.pk))
    assert event.old["path"] == "90/902" and event.new["path"] == "91/902" and event.new["descendants_moved"] == 1
    assert _events(world, "unit.update")


def test_a_unit_cannot_move_into_its_own_subtree(world: World, su: Client) -> None:
    commune = make_unit("t:90101", "90101", "Xã An Đông Hạ", Level.XA, world.unit_a)
    page = su.get(f"{ADMIN}/units/orgunit/{world.unit_a.pk}/change/")
    r = su.post(f"{ADMIN}/units/orgunit/{world.unit_a.pk}/change/", _form_data(page, parent=str(commune.pk)))
    assert r.status_code == 200
    assert "trong chính nó" in str(r.context["adminform"].form.errors["parent"])
    world.unit_a.refresh_from_db()
    assert world.unit_a.path == "90/901"


def test_a_draft_round_changes_through_the_service_and_its_dates_stay_derived(world: World, su: Client) -> None:
    Round.objects.filter(pk=world.round.pk).update(state=RoundState.DRAFT)
    page = su.get(f"{ADMIN}/rounds/round/{world.round.pk}/change/")
    form = page.context["adminform"].form
    assert not {"start", "end", "state", "period_kind", "year", "framework"} & set(form.fields)
    data = _form_data(page, name="Kỳ thử nghiệm 2024 (sửa)", start="2020-01-01")
    r = su.post(f"{ADMIN}/rounds/round/{world.round.pk}/change/", data)
    assert r.status_code == 302, r.context["adminform"].form.errors if r.context else r
    rnd = Round.objects.get(pk=world.round.pk)
    assert rnd.name == "Kỳ thử nghiệm 2024 (sửa)" and str(rnd.start) == "2024-01-01"
    event = AuditEvent.objects.get(action="round.update", object_id=str(rnd.pk))
    assert event.old["name"] == "Kỳ thử nghiệm 2024" and event.new["name"] == rnd.name


def test_a_draft_round_edit_the_service_refuses_is_a_form_error_not_a_500(world: World, su: Client) -> None:
    Round.objects.filter(pk=world.round.pk).update(state=RoundState.DRAFT)
    page = su.get(f"{ADMIN}/rounds/round/{world.round.pk}/change/")
    before = Round.objects.get(pk=world.round.pk).submission_deadline
    data = _form_data(page, submission_deadline="2019-01-01")  # before the period starts
    r = su.post(f"{ADMIN}/rounds/round/{world.round.pk}/change/", data)
    assert r.status_code == 200
    assert r.context["adminform"].form.non_field_errors()
    assert Round.objects.get(pk=world.round.pk).submission_deadline == before


@pytest.mark.parametrize("state", [RoundState.PUBLISHED, RoundState.CLOSED])
def test_published_and_closed_rounds_are_immutable_in_the_admin(world: World, su: Client, state: str) -> None:
    Round.objects.filter(pk=world.round.pk).update(state=state)
    url = f"{ADMIN}/rounds/round/{world.round.pk}"
    page = su.get(f"{url}/change/")
    assert page.status_code == 200 and not page.context["has_change_permission"]
    r = su.post(f"{url}/change/", {"name": "Đổi tên sau khi công bố"})
    assert r.status_code == 403
    assert su.post(f"{url}/delete/", {"post": "yes"}).status_code == 403
    assignment = Assignment.objects.filter(round=world.round).first()
    assert assignment is not None
    assert su.post(f"{ADMIN}/rounds/assignment/{assignment.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Round.objects.get(pk=world.round.pk).name == "Kỳ thử nghiệm 2024"
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_deleting_domain_objects_is_refused(world: World, su: Client) -> None:
    from dti.web.entries.services import entry_save

    entry = entry_save(round=world.round, unit=world.unit_a, criterion_code="I.1", values={"done": True},
                       expected_version=0, actor=world.users["editor_a"])
    for url in (f"entries/entry/{entry.pk}", f"units/orgunit/{world.unit_a.pk}", f"units/agency/{world.agency.pk}",
                f"frameworks/frameworkversion/{world.round.framework_id}"):
        assert su.post(f"{ADMIN}/{url}/delete/", {"post": "yes"}).status_code == 403, url
    assert su.post(f"{ADMIN}/entries/entry/{entry.pk}/change/", {"done": "False"}).status_code == 403
    assert Entry.objects.filter(pk=entry.pk).exists()
    assert not AuditEvent.objects.filter(action="admin.delete").exists()


def test_an_allowed_deletion_is_audited(world: World, su: Client) -> None:
    ra = RoleAssignment.objects.get(user=world.users["viewer"])
    r = su.post(f"{ADMIN}/accounts/roleassignment/{ra.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    (event,) = _events(world, "admin.delete")
    assert event["object_id"] == str(ra.pk) and event["old"]["role"] == Role.VIEWER
