"""Machine tokens: scope (criteria × unit subtree), expiry, revocation, audit as the data source, CLI."""

from __future__ import annotations

import datetime as dt

import click
import pytest
from click.testing import CliRunner
from django.utils import timezone

from dti.web.api import tokens
from dti.web.api.cli import register
from dti.web.api.models import MachineToken
from dti.web.audit.models import AuditEvent
from tests.factories import World


def _push(w: World, who: str = "machine", unit: str | None = None, criterion: str = "I.2", **values: object):
    body = {"round": w.round.slug, "unit": unit or w.unit_a.code, "criterion": criterion,
            **(values or {"numerator": 50, "denominator": 100})}
    return w.client(who).post("/api/entries/", body, format="json")


def test_a_push_is_audited_as_the_source_and_shown_as_the_entry_source(world: World) -> None:
    r = _push(world)
    assert r.status_code == 201, r.json()
    assert r.json()["source"] == "Hue-S" and r.json()["updated_by"] == "Hue-S"
    save = AuditEvent.objects.get(action="entry.save", object_id=str(r.json()["id"]))
    assert save.actor.username == "Hue-S"
    push = AuditEvent.objects.get(action="entry.push")
    assert push.new["source"] == "Hue-S" and push.new["version"] == 1
    # a person's later save makes the entry theirs again
    url = f"/api/entries/{r.json()['id']}/"
    world.client("editor_a").patch(url, {"numerator": 60, "version": 1}, format="json")
    assert world.client("editor_a").get(url).json()["source"] is None
    trail = world.client("admin").get(f"/api/audit/?criterion=I.2&unit={world.unit_a.code}").json()["results"]
    assert [(e["action"], e["actor"], e["is_data_source"]) for e in trail][-2:] == [
        ("entry.push", "Hue-S", True), ("entry.save", "Hue-S", True)]


@pytest.mark.parametrize(("criterion", "unit_attr"), [("I.1", "unit_a"), ("I.2", "unit_b")])
def test_it_refuses_criteria_or_units_outside_the_scope(world: World, criterion: str, unit_attr: str) -> None:
    r = _push(world, unit=getattr(world, unit_attr).code, criterion=criterion)
    assert r.status_code == 403
    assert "Hue-S" in r.json()["error"]["message"]


def test_it_cannot_read_scores_or_the_audit_trail(world: World) -> None:
    c = world.client("machine")
    assert c.get(f"/api/rounds/{world.round.slug}/rankings/").status_code == 403
    assert c.get("/api/audit/").status_code == 403


def test_it_sees_only_entries_in_its_scope(world: World) -> None:
    _push(world)
    world.client("editor_a").post("/api/entries/", {"round": world.round.slug, "unit": world.unit_a.code,
                                                    "criterion": "I.1", "done": True}, format="json")
    rows = world.client("machine").get("/api/entries/").json()["results"]
    assert [r["criterion"] for r in rows] == ["I.2"]


def test_expired_revoked_and_unknown_tokens_get_401(world: World) -> None:
    token = MachineToken.objects.get()
    MachineToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    r = _push(world)
    assert r.status_code == 401 and "hết hạn" in r.json()["error"]["message"]
    MachineToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + dt.timedelta(days=1))
    assert _push(world).status_code == 201
    tokens.token_revoke(token=token, actor=world.users["admin"])
    r = _push(world, criterion="I.3", count=4)
    assert r.status_code == 401 and "thu hồi" in r.json()["error"]["message"]
    world.secrets["fake"] = "dti_m_" + "x" * 43
    assert _push(world, who="fake").status_code == 401


def test_only_a_hash_is_stored(world: World) -> None:
    token = MachineToken.objects.get()
    assert world.secrets["machine"] not in (token.key_hash, token.hint)
    assert token.key_hash == tokens.hash_secret(world.secrets["machine"])


def test_the_service_account_cannot_log_in(world: World) -> None:
    user = MachineToken.objects.get().source.user
    assert not user.has_usable_password()
    with pytest.raises(Exception, match="Tài khoản dịch vụ"):
        tokens.personal_token_issue(user=user, days=1, actor=None)


def test_issue_refuses_unknown_criteria_and_bad_days(world: World) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        tokens.machine_token_issue(source="IOC", criteria=["IX.9"], unit=world.unit_a, days=400, actor=None)
    assert set(exc.value.message_dict) == {"criteria", "days"}


def test_cli_issues_and_revokes(world: World) -> None:
    cli = click.Group()
    register(cli)
    runner = CliRunner()
    out = runner.invoke(cli, ["token", "issue", "--source", "IOC-Hue", "--criteria", "I.3", "--unit", "90",
                              "--days", "90", "--by", "admin"])
    assert out.exit_code == 0, out.output
    secret = out.output.strip().splitlines()[-1]
    token = MachineToken.objects.get(source__name="IOC-Hue")
    assert token.key_hash == tokens.hash_secret(secret) and token.unit == world.province
    world.secrets["ioc"] = secret
    assert _push(world, who="ioc", unit=world.unit_b.code, criterion="I.3", count=5).status_code == 201
    out = runner.invoke(cli, ["token", "revoke", str(token.pk), "--by", "admin"])
    assert out.exit_code == 0, out.output
    assert _push(world, who="ioc", criterion="I.3", count=5).status_code == 401
    out = runner.invoke(cli, ["token", "issue", "--source", "X", "--criteria", "I.3", "--unit", "90"])
    assert out.exit_code != 0 and "không hợp lệ" in out.output
