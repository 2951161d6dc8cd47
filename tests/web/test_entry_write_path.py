"""The one entry write path: the rules table, the round lock, atomic evidence, results after commit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dti.engine.entries import Entry as EngineEntry
from dti.web.audit.models import AuditEvent
from dti.web.entries import write
from dti.web.entries.models import Entry, Workflow
from dti.web.entries.services import EntryError, entries_import, entry_approve, entry_save, entry_submit
from dti.web.rounds import services as rounds
from dti.web.rounds.models import RoundState
from tests.factories import World
from tests.helpers import exe_bytes


def _save(world: World, code: str = "I.1", version: int = 0) -> Entry:
    return entry_save(round=world.round, unit=world.unit_a, criterion_code=code, values={"done": True},
                      expected_version=version, actor=world.users["editor_a"])


@pytest.mark.parametrize("state", [RoundState.DRAFT, RoundState.REVIEW, RoundState.PUBLISHED, RoundState.CLOSED])
def test_inputs_only_in_an_open_round(world: World, state: str) -> None:
    type(world.round).objects.filter(pk=world.round.pk).update(state=state)
    # the caller's copy still says "open": the write re-reads the state on the locked row
    assert world.round.state == RoundState.OPEN
    with pytest.raises(EntryError, match="không nhận số liệu"):
        _save(world)
    assert not Entry.objects.filter(round=world.round).exists()


def test_the_table_decides_every_workflow_refusal(world: World) -> None:
    entry = _save(world)
    entry_submit(round=world.round, unit=world.unit_a, actor=world.users["editor_a"])
    with pytest.raises(EntryError, match="không sửa được"):
        _save(world, version=2)
    entry_approve(entry=entry, actor=world.users["assessor"])
    with pytest.raises(EntryError, match="Chỉ duyệt được số liệu đã gửi"):
        entry_approve(entry=entry, actor=world.users["assessor"])
    assert write.RULES[write.Change.INPUTS].workflows == {None, Workflow.DRAFT, Workflow.RETURNED}
    assert not write.editable(Entry.objects.get(pk=entry.pk))


def test_fields_outside_the_change_are_refused(world: World) -> None:
    with pytest.raises(EntryError) as exc:
        entry_save(round=world.round, unit=world.unit_a, criterion_code="I.1",
                   values={"done": True, "workflow": Workflow.APPROVED}, expected_version=0,
                   actor=world.users["editor_a"])
    assert "workflow" in exc.value.message_dict


def test_a_refused_evidence_file_leaves_no_entry_and_no_audit_row(world: World) -> None:
    before = AuditEvent.objects.count()
    url = f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}/tieu-chi/I.1/minh-chung/"
    f = SimpleUploadedFile("quyet-dinh.pdf", exe_bytes(), content_type="application/pdf")
    resp = world.client_for("editor_a").post(url, {"file": f}, follow=True)
    assert resp.status_code == 200
    assert not Entry.objects.filter(round=world.round, criterion_code="I.1").exists()
    assert AuditEvent.objects.count() == before


def test_loading_files_into_a_published_round_is_refused(world: World) -> None:
    rounds.round_publish(round=world.round, actor=None)
    e = EngineEntry(unit=world.unit_a.code, criterion="I.1", done=True)
    with pytest.raises(EntryError, match="không nhận số liệu"):
        entries_import(round=world.round, entries=[e], units_by_code={world.unit_a.code: world.unit_a},
                       workflow=Workflow.APPROVED, is_sample=False, actor=None)


def test_a_failing_recompute_never_turns_a_committed_save_into_an_error(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    from dti.web.results import services as results

    def broken(**kwargs: object) -> None:
        raise RuntimeError("máy tính kết quả hỏng")

    monkeypatch.setattr(results, "results_recompute", broken)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        entry = _save(world)
    assert len(callbacks) == 1 and Entry.objects.get(pk=entry.pk).done is True
