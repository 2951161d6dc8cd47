"""Cheapest paths of every unit at once equal ``analysis.cheapest_path`` unit by unit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dti.engine import EntryTable, UnitRef, get_framework, score_round
from dti.engine.analysis import cheapest_path
from dti.engine.gains import cheapest_paths
from dti.importers.entries_file import read_entries

ROOT = Path(__file__).resolve().parents[2]


def _expected(result, j: int, limit: int) -> list[dict]:
    return [{"code": r["code"], "lost": r["lost"], "total_after": r["total_after"], "rank_after": r["rank_after"]}
            for r in cheapest_path(result, j, limit=limit)]


@pytest.mark.parametrize(("code", "files", "year"), [
    ("thua-thien-hue-2024", ["thua-thien-hue-2024-q2-synthetic.csv"], 2024),
    ("ninh-thuan-2022", ["ninh-son-2022.csv", "ninh-thuan-2022-synthetic.csv"], 2022),
])
def test_examples(code: str, files: list[str], year: int) -> None:
    framework = get_framework(code)
    units, entries = [], []
    for name in files:
        data = read_entries(ROOT / "examples" / name, framework)
        units += data.units
        entries += data.entries
    result = score_round(framework, units, entries, year=year)
    paths = cheapest_paths(result, limit=5)
    for j in range(len(result.units)):
        assert paths[j] == _expected(result, j, 5), result.units[j].code


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_synthetic_with_relative_rules_and_many_groups(seed: int) -> None:
    framework = get_framework("thua-thien-hue-2024")  # two relative criteria
    rng = np.random.default_rng(seed)
    units = [UnitRef(f"{i:04d}", f"Xã {i}", f"P{i % 7}") for i in range(60)]
    t = EntryTable.empty(framework, units)
    shape = t.numerator.shape
    t.denominator[:] = rng.integers(1, 50, shape)
    t.numerator[:] = np.floor(t.denominator * rng.random(shape))
    t.count[:] = rng.integers(0, 6, shape)  # few values: ties and shared extremes
    t.value[:] = rng.integers(0, 5, shape)
    t.done[:] = rng.random(shape) < 0.5
    t.status[:] = rng.choice([0, 0, 0, 4], shape)
    result = score_round(framework, units, t, year=2024)
    paths = cheapest_paths(result, limit=6)
    for j in range(len(units)):
        assert paths[j] == _expected(result, j, 6), units[j].code
