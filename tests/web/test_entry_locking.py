"""Optimistic locking: a save based on a stale version is refused and the typed input is kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dti.web.entries import services
from dti.web.entries.models import Entry
from tests.factories import World, entry_post


@pytest.mark.django_db
def test_it_refuses_a_stale_save_and_keeps_the_input(world: World) -> None:
    base = f"/ky/{world.round.slug}/don-vi/{world.unit_a.code}"
    first, second = world.client_for("editor_a"), world.client_for("admin")
    assert first.post(f"{base}/", entry_post("I.3", version=0, count="2")).status_code == 302
    # both opened version 1; the admin saves first
    assert second.post(f"{base}/", entry_post("I.3", version=1, count="3")).status_code == 302
    resp = first.post(f"{base}/", entry_post("I.3", version=1, count="4", explanation="Số liệu quý II"))
    assert resp.status_code == 409
    html = resp.content.decode()
    assert "vừa được người khác cập nhật" in html
    assert 'value="4"' in html and "Số liệu quý II" in html, "the user's input must be shown again"
    entry = Entry.objects.get()
    assert (entry.count, entry.version) == (3, 2), "the other user's save is intact"


@pytest.mark.django_db
def test_it_refuses_a_second_create_of_the_same_entry(world: World) -> None:
    kwargs = dict(round=world.round, unit=world.unit_a, criterion_code="I.1", values={"done": True},
                  expected_version=0, actor=world.users["editor_a"])
    services.entry_save(**kwargs)
    with pytest.raises(services.StaleEntry):
        services.entry_save(**kwargs)
    with pytest.raises(ValidationError):
        services.entry_save(**(kwargs | {"expected_version": 5}))
    assert Entry.objects.get().version == 1
