"""One rounding: `dti score`, the stored results, the API and the printed figures agree for every
unit of both demo rounds (issue 10, "one rounding policy")."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dti.cli.main import cli
from dti.engine.numbers import fmt_number, fmt_percent
from dti.web.demo import DEMO_PASSWORD, demo_load, examples_dir
from dti.web.results.models import UnitResult
from dti.web.results.scoring import score_round_db
from dti.web.results.services import results_recompute
from dti.web.rounds.models import Round

FILES = {"ninh-thuan-2022": ["ninh-son-2022.csv", "ninh-thuan-2022-synthetic.csv"],
         "thua-thien-hue-2024-q2": ["nam-dong-2024-q2.csv", "thua-thien-hue-2024-q2-synthetic.csv"]}


@pytest.mark.django_db
@pytest.mark.skipif(not all((examples_dir() / f).exists() for fs in FILES.values() for f in fs),
                    reason="thiếu tệp examples/")
def test_cli_stored_api_and_printed_figures_agree(client) -> None:
    demo_load()
    assert client.login(username="admin", password=DEMO_PASSWORD)
    compared = 0
    for slug in FILES:
        rnd = Round.objects.get(slug=slug)
        if not UnitResult.objects.filter(round=rnd).exists():  # a published round was computed on publishing
            results_recompute(round=rnd)
        engine = score_round_db(rnd)
        d = rnd.framework.parsed().display_precision
        for j, ref in enumerate(engine.units):
            live = engine.unit_result(j)
            stored = UnitResult.objects.get(round=rnd, unit__code=ref.code)
            api = client.get(f"/api/rounds/{slug}/results/{ref.code}/").json()
            for key, stored_value in (("total", stored.total), ("percent", stored.percent),
                                      ("max_points", stored.max_points), ("rank", stored.rank)):
                assert live[key] == stored_value == api[key], (slug, ref.code, key)
            # printed: the text shows the stored number at its precision, which is the number itself
            assert float(fmt_number(stored.total, d).replace(".", "").replace(",", ".")) == stored.total
            assert fmt_percent(stored.percent) == fmt_percent(float(engine.percent_unrounded[j]))
            compared += 1
    assert compared == 16


@pytest.mark.skipif(not all((examples_dir() / f).exists() for f in FILES["ninh-thuan-2022"]), reason="thiếu tệp")
def test_dti_score_json_matches_the_printed_table() -> None:
    paths = [str(examples_dir() / f) for f in FILES["ninh-thuan-2022"]]
    args = ["score", "--framework", "ninh-thuan-2022", *sum((["--entries", p] for p in paths), [])]
    data = json.loads(CliRunner().invoke(cli, [*args, "--json"], catch_exceptions=False).output)
    table = CliRunner().invoke(cli, args, catch_exceptions=False).output
    for unit in data:
        assert f"{fmt_number(unit['total'], 1)}" in table and fmt_percent(unit["percent"]) in table


@pytest.mark.django_db
@pytest.mark.skipif(not all((examples_dir() / f).exists() for fs in FILES.values() for f in fs),
                    reason="thiếu tệp examples/")
@pytest.mark.parametrize("slug", list(FILES))
def test_round_documents_of_both_demo_rounds_print_the_ranking_page(slug: str, tmp_path) -> None:
    """The tổng hợp's Phụ lục 2 and the công bố's appendix, in `--round` mode, equal the ranking page."""
    from docx import Document

    from dti.web.documents import build
    from dti.web.results.selectors import ranking

    demo_load()
    rnd = Round.objects.get(slug=slug)
    if not UnitResult.objects.filter(round=rnd).exists():
        results_recompute(round=rnd)
    d = rnd.framework.parsed().display_precision
    page = [(u.unit.name, f"{fmt_number(u.total, d)}/{fmt_number(u.max_points)}", fmt_percent(u.percent),
             f"{u.rank}/{u.rank_of}") for u in ranking(rnd)]
    for kind in ("tong-hop", "cong-bo"):
        rows = [[c.text for c in r.cells] for r in
                Document(str(build.round_document(rnd, kind, tmp_path / f"{kind}.docx"))).tables[-1].rows]
        assert [(r[1], r[2], r[3], r[5]) for r in rows[1:]] == page, kind
    out = CliRunner().invoke(cli, ["report", "--round", slug, "--kind", "cong-bo", "--out", str(tmp_path / "cli")],
                             catch_exceptions=False)
    assert out.exit_code == 0, out.output
