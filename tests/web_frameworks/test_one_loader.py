"""One framework loader: a framework written as docs/frameworks.md shows loads in the CLI and the web."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dti.cli.main import cli
from dti.engine.framework import FrameworkError, parse_framework_text
from dti.web.frameworks.services import framework_load

DOC = Path(__file__).resolve().parents[2] / "docs" / "frameworks.md"


def doc_framework() -> str:
    """The doc's example, with one criterion per rule line of the doc's rule list (unquoted `on:`)."""
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    rules_block, example = blocks[0], blocks[1]
    rules = [line.split("#")[0].strip().removeprefix("rule: ") for line in rules_block.splitlines() if line.strip()]
    extra = []
    for i, rule in enumerate(r for r in rules if "type: sum" not in r):
        scored = "not_scored" not in rule
        extra.append(f"      - code: I.{i + 2}\n        name: Tiêu chí {i + 2}\n        kind: criterion\n"
                     + ("        max_points: 5\n" if scored else "") + f"        rule: {rule}\n")
    return example + "".join(extra)


def test_the_doc_uses_on_unquoted() -> None:
    assert "on: count" in doc_framework()


def test_the_doc_framework_loads_in_the_engine_and_the_cli(tmp_path: Path) -> None:
    fw = parse_framework_text(doc_framework())
    gate = fw.by_code["I.7"].rule
    assert gate is not None and gate.type == "gate" and gate.on == "count"  # type: ignore[union-attr]
    path = tmp_path / "vi-du.yaml"
    path.write_text(doc_framework(), encoding="utf-8")
    out = CliRunner().invoke(cli, ["framework", "validate", str(path)], catch_exceptions=False)
    assert out.exit_code == 0, out.output


@pytest.mark.django_db
def test_the_doc_framework_loads_in_the_web() -> None:
    version = framework_load(yaml_text=doc_framework(), source="vi-du.yaml")
    assert version.code == "vi-du"
    assert version.parsed().by_code["I.7"].rule.on == "count"  # type: ignore[union-attr]


def test_an_unparsable_target_is_a_validation_error_naming_the_node() -> None:
    text = doc_framework().replace("        data_source: Tự đánh giá\n",
                                   "        data_source: Tự đánh giá\n        target: nhiều\n", 1)
    with pytest.raises(FrameworkError, match=r"mã I\.1.*target"):
        parse_framework_text(text)
