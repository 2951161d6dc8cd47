"""The scorecard flags a figure the unit wrote that disagrees with the computed one (seed 002's
"Đạt 97,36%" against 921/968 = 95,14 %)."""

from __future__ import annotations

from dti.web.entries.models import Entry
from dti.web.results.services import results_recompute


def test_scorecard_lists_stated_figures_that_disagree(world):
    Entry.objects.create(round=world.round, unit=world.unit_a, criterion_code="I.2", numerator=921, denominator=968,
                         stated="97,36%", explanation="921/968 tài khoản. Đạt 97,36%.")
    results_recompute(round=world.round)
    html = world.client_for("owner").get(f"/ky/{world.round.slug}/ket-qua/{world.unit_a.code}/").content.decode()
    assert 'id="sai-lech"' in html
    section = html.split('id="sai-lech"')[1].split("</section>")[0]
    assert "Tiêu chí I.2" in section and "97,36%" in section and "95,14%" in section


def test_no_flag_when_the_figures_agree(world):
    Entry.objects.create(round=world.round, unit=world.unit_a, criterion_code="I.2", numerator=921, denominator=968,
                         stated="95,14%")
    results_recompute(round=world.round)
    html = world.client_for("owner").get(f"/ky/{world.round.slug}/ket-qua/{world.unit_a.code}/").content.decode()
    assert 'id="sai-lech"' not in html
