"""The demo loader on the real example files: Ninh Sơn scores 698,8, Nam Đông counts 20/28/5."""

from __future__ import annotations

import pytest

from dti.web.audit.models import AuditEvent
from dti.web.demo import demo_load, examples_dir
from dti.web.entries.models import Entry
from dti.web.results.scoring import score_round_db
from dti.web.rounds.models import Round

NEEDED = ["ninh-son-2022.csv", "ninh-thuan-2022-synthetic.csv", "nam-dong-2024-q2.csv",
          "thua-thien-hue-2024-q2-synthetic.csv"]


@pytest.mark.django_db
@pytest.mark.skipif(not all((examples_dir() / n).exists() for n in NEEDED), reason="thiếu tệp examples/")
def test_it_loads_the_demo_and_reproduces_the_seed_figures(client) -> None:
    demo_load()
    entries = Entry.objects.count()
    demo_load()  # idempotent
    assert Entry.objects.count() == entries and Round.objects.count() == 2

    nt = Round.objects.get(slug="ninh-thuan-2022")
    assert nt.state == "published" and nt.units.count() == 7
    ninh_son = score_round_db(nt).unit_result("585")
    assert (ninh_son["total"], ninh_son["rank"], ninh_son["rank_of"]) == (698.8, 3, 7)

    hue = Round.objects.get(slug="thua-thien-hue-2024-q2")
    assert hue.state == "open" and hue.units.count() == 9
    nam_dong = score_round_db(hue).unit_result("483")["status_counts"]
    assert (nam_dong["dat"], nam_dong["dang_thuc_hien"], nam_dong["chua_thuc_hien"]) == (20, 28, 5)
    assert Entry.objects.filter(round=hue, is_sample=True).exclude(unit__code="483").exists()
    assert not Entry.objects.filter(round=hue, unit__code="483", is_sample=True).exists()

    assert client.login(username="lanh-dao-ninh-thuan", password="dti-demo-2024")
    html = client.get("/ky/ninh-thuan-2022/").content.decode()
    assert "698,8" in html and "Huyện Ninh Sơn" in html
    assert AuditEvent.objects.filter(action="round.publish").count() == 1


@pytest.mark.django_db
@pytest.mark.skipif(not all((examples_dir() / n).exists() for n in NEEDED), reason="thiếu tệp examples/")
def test_the_demo_round_stays_enterable_whatever_the_date() -> None:
    from dti.web.rounds.deadlines import entry_lock_reason
    from dti.web.units.models import OrgUnit

    demo_load()
    hue = Round.objects.get(slug="thua-thien-hue-2024-q2")
    nam_dong = OrgUnit.objects.get(key="legacy:483")
    assert entry_lock_reason(hue, nam_dong, "I.1") is None
    assert AuditEvent.objects.filter(action="round.amend", object_id=str(hue.pk)).count() <= 1
    demo_load()  # a second load moves nothing more
    assert AuditEvent.objects.filter(action="round.amend").count() <= 1
