"""What-if simulator: JSON, CSRF-protected, nothing saved."""

from __future__ import annotations

import json

from django.test import Client

from dti.web.entries.models import Entry

URL = "/ky/ninh-thuan-2022/ket-qua/585/mo-phong/"


def _post(client: Client, payload) -> object:
    return client.post(URL, json.dumps(payload), content_type="application/json")


def test_raising_3_5_to_full(ninh_thuan, nt_users):
    c = Client()
    c.force_login(nt_users["owner"])
    d = _post(c, {"changes": [{"criterion": "3.5", "full": True}]}).json()
    assert d["before"]["total"] == 698.8 and d["before"]["rank_text"] == "3/7"
    assert d["after"]["total"] == 718.8 and d["after"]["rank"] == 2 and d["after"]["rank_of"] == 7
    assert d["after"]["total_text"] == "718,8" and d["after"]["class"] == "Tốt"
    assert [ch["code"] for ch in d["changes"]] == ["3.5"]


def test_changing_an_input_and_nothing_is_saved(ninh_thuan, nt_users):
    c = Client()
    c.force_login(nt_users["editor"])
    before = list(Entry.objects.filter(round=ninh_thuan).values_list("id", "done", "version"))
    d = _post(c, {"changes": [{"criterion": "3.5", "done": True}, {"criterion": "3.7", "expert_score": "20"}]}).json()
    assert d["after"]["total"] == 738.8 and d["after"]["rank"] == 2
    assert list(Entry.objects.filter(round=ninh_thuan).values_list("id", "done", "version")) == before


def test_bad_input_names_the_field(ninh_thuan, nt_users):
    c = Client()
    c.force_login(nt_users["owner"])
    r = _post(c, {"changes": [{"criterion": "3.1", "numerator": "abc"}]})
    assert r.status_code == 400
    assert "Tiêu chí 3.1, ô 'Tử số'" in r.json()["error"] and "không phải là số" in r.json()["error"]
    r = _post(c, {"changes": [{"criterion": "khong-co", "full": True}]})
    assert r.status_code == 400 and "khong-co" in r.json()["error"]
    r = _post(c, {"changes": [{"criterion": "3.7", "done": True}]})  # 3.7 is scored by experts
    assert r.status_code == 400 and "không dùng ô 'Đã thực hiện'" in r.json()["error"]
    assert _post(c, {"changes": []}).status_code == 400
    assert c.post(URL, "không phải json", content_type="application/json").status_code == 400


def test_csrf_is_required(ninh_thuan, nt_users):
    c = Client(enforce_csrf_checks=True)
    c.force_login(nt_users["owner"])
    assert _post(c, {"changes": [{"criterion": "3.5", "full": True}]}).status_code == 403


def test_get_is_not_allowed(ninh_thuan, nt_users):
    c = Client()
    c.force_login(nt_users["owner"])
    assert c.get(URL).status_code == 405
