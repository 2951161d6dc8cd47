"""The template import writes in bulk: a bounded number of queries whatever the rows, the same
entries and audit rows as one-by-one saves, and a limit on rows (the round's units × criteria)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dti.importers.template_xlsx import TemplateImportError
from dti.web.audit.models import AuditEvent
from dti.web.entries.models import Entry
from dti.web.imports import services
from tests.factories import World

from .template import fill
from .test_round_trip import FILLED, download


@pytest.mark.django_db
def test_an_import_writes_in_bulk_with_one_audit_row_per_entry(world: World) -> None:
    client = world.client_for("editor_a")
    a = world.unit_a.code
    data, _ = fill(download(client, world, a), {(a, code): v for code, v in FILLED.items()})
    rows = services.template_read(round=world.round, data=data, actor=world.users["editor_a"])
    with CaptureQueriesContext(connection) as ctx:
        report = services.entries_apply_template(round=world.round, rows=rows, actor=world.users["editor_a"], ip="10.0.0.1")
    assert len(report.changed) == 5
    writes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "COPY"))]
    assert len(writes) <= 3, writes  # the entries, their audit rows (and the results' own writes after commit)
    events = {e.object_id: e for e in AuditEvent.objects.filter(action="entry.import_xlsx")}
    for entry in Entry.objects.filter(round=world.round, unit=world.unit_a):
        event = events[str(entry.pk)]
        assert event.object_type == "entries.entry" and event.object_repr == str(entry)
        assert event.old is None and event.new["version"] == 1 and event.ip == "10.0.0.1"
        assert event.actor == world.users["editor_a"] and entry.entered_by == world.users["editor_a"]
    # a second file changing the same rows updates them in bulk and audits old → new
    again = {(a, "I.3"): {"count": 7}}
    data2, _ = fill(download(client, world, a), again)
    rows2 = services.template_read(round=world.round, data=data2, actor=world.users["editor_a"])
    services.entries_apply_template(round=world.round, rows=rows2, actor=world.users["editor_a"])
    entry = Entry.objects.get(round=world.round, unit=world.unit_a, criterion_code="I.3")
    assert (entry.count, entry.version) == (7.0, 2)
    last = AuditEvent.objects.filter(action="entry.import_xlsx", object_id=str(entry.pk)).order_by("-id").first()
    assert last is not None and last.old["count"] == 5.0 and last.new["count"] == 7.0


@pytest.mark.django_db
def test_a_file_with_more_rows_than_the_round_is_refused(world: World, monkeypatch) -> None:
    client = world.client_for("editor_a")
    a = world.unit_a.code
    data, _ = fill(download(client, world, a), {(a, code): v for code, v in FILLED.items()})
    monkeypatch.setattr(services, "round_max_rows", lambda rnd: 3)
    with pytest.raises(TemplateImportError, match="nhiều dòng hơn"):
        services.template_read(round=world.round, data=data, actor=world.users["editor_a"])
    assert not Entry.objects.filter(round=world.round).exists()
