"""The API takes the same II.1 save as the form: PATCH with the current version, full marks in the results."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dti.web.entries.models import Entry

pytestmark = [pytest.mark.slow]


def _find(node: object, code: str) -> dict | None:
    """The criterion's object anywhere in the results document."""
    if isinstance(node, dict):
        if node.get("code") == code or node.get("criterion") == code:
            return node
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _find(child, code)
        if found is not None:
            return found
    return None


@pytest.mark.django_db
def test_nam_dong_patches_ii1_with_a_january_plan_and_scores_full_marks(demo) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username="nam-dong"))
    entry = Entry.objects.get(round__slug="thua-thien-hue-2024-q2", unit__code="483", criterion_code="II.1")
    Entry.objects.filter(pk=entry.pk).update(date=None)  # as if not yet entered
    resp = client.patch(f"/api/entries/{entry.pk}/", json.dumps({"date": "2024-01-08"}),
                        content_type="application/json", HTTP_IF_MATCH=f'"{entry.version}"')
    assert resp.status_code == 200, resp.content
    assert resp.json()["date"] == "2024-01-08" and resp.json()["version"] == entry.version + 1
    results = client.get("/api/rounds/thua-thien-hue-2024-q2/results/483/")
    assert results.status_code == 200
    ii1 = _find(results.json(), "II.1")
    assert ii1 is not None and ii1["score"] == ii1["max_points"] == 10
