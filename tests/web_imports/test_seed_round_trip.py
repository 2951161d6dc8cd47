"""The real Ninh Thuận 2022 round: its pre-filled template goes back in unchanged, value for value."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dti.web.accounts.models import Role
from dti.web.accounts.services import role_assign, user_ensure
from dti.web.audit.models import AuditEvent
from dti.web.entries.models import Entry
from dti.web.results.scoring import score_round_db
from dti.web.rounds.extensions import extension_grant
from dti.web.units.models import OrgUnit
from tests.factories import PASSWORD, build_ninh_thuan

from .template import fill
from .test_round_trip import upload


@pytest.mark.slow
@pytest.mark.django_db
def test_the_real_round_round_trips_without_a_change(client) -> None:
    rnd = build_ninh_thuan(publish=False)
    ninh_son = OrgUnit.objects.get(key="legacy:585")
    editor = user_ensure(username="nt-editor", password=PASSWORD, full_name="Biên tập Ninh Sơn")
    role_assign(user=editor, role=Role.UNIT_EDITOR, org_unit=ninh_son)
    # the 2022 deadline has long passed: the office reopens Ninh Sơn, as it would for a late unit
    owner = user_ensure(username="nt-owner", password=PASSWORD, full_name="Sở Ninh Thuận")
    extension_grant(round=rnd, unit=ninh_son, until=timezone.localdate() + dt.timedelta(days=7),
                    reason="Đối chiếu mẫu Excel", actor=owner)
    client.force_login(editor)
    before = score_round_db(rnd).unit_result("585")
    versions = dict(Entry.objects.filter(round=rnd).values_list("pk", "version"))
    audits = AuditEvent.objects.count()
    resp = client.get(f"/ky/{rnd.slug}/mau-excel/", {"don-vi": "Huyện Ninh Sơn"})
    assert resp.status_code == 200
    _, rows = fill(resp.content, {})
    n_criteria = len(rnd.framework.parsed().criteria())
    assert len(rows) == n_criteria and {u for u, _ in rows} == {"585"}
    # an editor's template has no expert columns: rows holding only the appraiser's score come back empty
    stored = sum(
        any(getattr(e, f) not in (None, "", False) for f in Entry.INPUT_FIELDS)
        for e in Entry.objects.filter(round=rnd, unit__code="585")
    )
    resp = upload(client, type("W", (), {"round": rnd})(), resp.content)
    assert resp.status_code == 302, [str(p) for p in resp.context["problems"]][:5]
    page = client.get(resp["Location"]).content.decode()
    assert f"Đã nhập 0 tiêu chí; {stored} dòng không thay đổi" in page
    assert dict(Entry.objects.filter(round=rnd).values_list("pk", "version")) == versions
    assert AuditEvent.objects.count() == audits
    assert score_round_db(rnd).unit_result("585") == before
