"""One evidence access rule for download, register, export and the entry page, in every round state.

Unit editors and assessors of the unit, owners and admins: every file; agency editors: only the files of
their criteria; viewers, outsiders and the public: none (403, or the login page), even once published.
"""

from __future__ import annotations

import pytest

from dti.web.entries.models import Evidence
from dti.web.rounds import services as rounds
from tests.factories import World
from tests.helpers import ROLES
from tests.web_evidence.conftest import upload

# who may open which file: (unit, criterion) of the three files below
ALLOWED = {
    "admin": {"a-I.1", "a-I.3", "b-I.2"},
    "owner": {"a-I.1", "a-I.3", "b-I.2"},
    "assessor": {"a-I.1", "a-I.3", "b-I.2"},
    "editor_a": {"a-I.1", "a-I.3"},
    "agency_a": {"a-I.3"},
    "viewer": set(),
    "outsider": set(),
    None: set(),
}


@pytest.fixture(params=["open", "published", "closed"])
def filed(request: pytest.FixtureRequest, sworld: World, unsigned_pdf: bytes) -> World:
    upload(sworld.client_for("editor_a"), sworld, unsigned_pdf, name="a-I.1.pdf", code="I.1")
    upload(sworld.client_for("agency_a"), sworld, unsigned_pdf + b"\n", name="a-I.3.pdf", code="I.3")
    upload(sworld.client_for("admin"), sworld, unsigned_pdf + b"\n\n", name="b-I.2.pdf", code="I.2",
           unit=sworld.unit_b.code)
    assert Evidence.objects.count() == 3
    rnd = sworld.round
    if request.param in ("published", "closed"):
        rounds.round_review(round=rnd, actor=None)
        rounds.round_publish(round=rnd, actor=None)
    if request.param == "closed":
        rounds.round_close(round=rnd, actor=None)
    rnd.refresh_from_db()
    return sworld


@pytest.mark.parametrize("who", ROLES)
def test_every_file_follows_the_rule(filed: World, who: str | None) -> None:
    client = filed.client_for(who)
    for ev in Evidence.objects.select_related("entry__unit"):
        tag = ev.original_name.removesuffix(".pdf")
        url = f"/ky/{filed.round.slug}/don-vi/{ev.entry.unit.code}/minh-chung/{ev.pk}/"
        status = client.get(url).status_code
        if tag in ALLOWED[who]:
            assert status == 200, (who, tag)
        else:
            assert status in ((302,) if who is None else (403, 404)), (who, tag, status)


@pytest.mark.parametrize("who", ROLES)
def test_register_export_and_page_list_only_the_allowed_files(filed: World, who: str | None) -> None:
    client = filed.client_for(who)
    register = client.get(f"/ky/{filed.round.slug}/so-minh-chung/")
    export = client.get(f"/ky/{filed.round.slug}/so-minh-chung/", {"dinh_dang": "csv"})
    names = {"a-I.1", "a-I.3", "b-I.2"}
    if not ALLOWED[who]:
        assert register.status_code in ((302,) if who is None else (403, 404))
        assert export.status_code == register.status_code
    else:
        html, csv_text = register.content.decode(), export.content.decode("utf-8-sig")
        assert {n for n in names if f"{n}.pdf" in html} == ALLOWED[who]
        assert {n for n in names if f"{n}.pdf" in csv_text} == ALLOWED[who]
    for unit, prefix in ((filed.unit_a, "a-"), (filed.unit_b, "b-")):
        page = client.get(f"/ky/{filed.round.slug}/don-vi/{unit.code}/")
        if page.status_code == 200:
            shown = {n for n in names if n.startswith(prefix) and f"{n}.pdf" in page.content.decode()}
            assert shown == {n for n in ALLOWED[who] if n.startswith(prefix)}, (who, unit.code)
