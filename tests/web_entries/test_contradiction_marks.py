"""A status the unit set that its score contradicts is marked on the scorecard, as in the form and the check."""

from __future__ import annotations

import pytest

from dti.engine.consistency import contradiction_mark, contradicts
from dti.web.entries.models import EntryStatus
from dti.web.entries.services import entry_save
from dti.web.results.services import results_recompute
from tests.factories import World


def _row(html: str, code: str) -> str:
    table = html.split('id="bang-tieu-chi"', 1)[1]
    return table.split(f"<td>{code}</td>", 1)[1].split("</tr>", 1)[0]


@pytest.mark.django_db
def test_the_scorecard_marks_dat_with_zero_points_and_only_that(world: World) -> None:
    editor = world.users["editor_a"]
    entry_save(round=world.round, unit=world.unit_a, criterion_code="I.1", expected_version=0, actor=editor,
               values={"done": False, "status": int(EntryStatus.DAT)})
    entry_save(round=world.round, unit=world.unit_a, criterion_code="I.3", expected_version=0, actor=editor,
               values={"count": 5.0, "status": int(EntryStatus.DAT)})
    results_recompute(round=world.round, acting_user=None)  # the refresh after commit, inside the test's transaction
    html = world.client_for("owner").get(f"/ky/{world.round.slug}/ket-qua/{world.unit_a.code}/").content.decode()
    i1, i3 = _row(html, "I.1"), _row(html, "I.3")
    assert "Mâu thuẫn với điểm" in i1 and "Tình trạng &#x27;Đạt&#x27; nhưng chỉ được 0/10 điểm" in i1
    assert "Mâu thuẫn với điểm" not in i3  # Đạt with full points is consistent


def test_one_rule_for_forms_checks_and_documents() -> None:
    assert contradicts(1, 0.0, 10.0) and contradicts(3, 5.0, 10.0) and contradicts(2, 10.0, 10.0)
    assert not contradicts(2, 0.0, 10.0) and not contradicts(4, 0.0, 10.0) and not contradicts(1, 0.0, None)
    assert contradiction_mark(1, 0.0, 20.0) == "mâu thuẫn với điểm 0/20"
    assert contradiction_mark(1, 20.0, 20.0) == ""
