"""The demo round as it is (units not approved) cannot be published through the API without a reason."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from dti.web.audit.models import AuditEvent
from dti.web.demo import demo_load, examples_dir
from dti.web.rounds.models import Round

SLUG = "thua-thien-hue-2024-q2"


@pytest.mark.django_db
@pytest.mark.skipif(not (examples_dir() / "nam-dong-2024-q2.csv").exists(), reason="thiếu tệp examples/")
def test_demo_round_publish_refused_then_overridden_with_a_reason() -> None:
    demo_load()
    client = APIClient()
    client.force_login(get_user_model().objects.get(username="so-tttt-hue"))
    r = client.post(f"/api/rounds/{SLUG}/transition/", {"action": "publish"}, format="json")
    assert r.status_code == 409
    items = {i["code"]: i for i in r.json()["error"]["items"]}
    assert items["units"]["count"] == 9  # no unit has every criterion approved
    assert Round.objects.get(slug=SLUG).state == "open"
    reason = "Công bố theo chỉ đạo của UBND tỉnh; các huyện bổ sung sau"
    r = client.post(f"/api/rounds/{SLUG}/transition/", {"action": "publish", "reason": reason}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "published"
    ev = AuditEvent.objects.filter(action="round.publish", new__reason=reason).get()
    assert ev.actor.username == "so-tttt-hue" and ev.new["override"]
