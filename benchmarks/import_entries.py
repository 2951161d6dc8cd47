"""Import speed of the entry template: 100.000 filled rows (1.000 units × 100 criteria).

Run: .venv/bin/python benchmarks/import_entries.py [rows]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from dti.engine import Entry, Status, UnitRef, parse_framework, score_round
from dti.importers.template_xlsx import read_template, write_template

RULES = [{"type": "ratio"}, {"type": "count_target", "minimum": 24}, {"type": "boolean"}]


def synthetic(rows: int) -> tuple[object, list[UnitRef], list[Entry]]:
    n_criteria = 100
    groups = [
        {"code": f"G{g}", "name": f"Nhóm {g}", "kind": "group", "children": [
            {"code": f"G{g}.{c}", "name": f"Tiêu chí {g}.{c}", "kind": "criterion", "max_points": 10,
             "rule": RULES[c % 3]} for c in range(1, 11)]}
        for g in range(1, n_criteria // 10 + 1)
    ]
    f = parse_framework({"code": "bench", "name": "Bộ chỉ số thử tải", "kind": "points", "level": "xa", "nodes": groups})
    units = [UnitRef(f"X{i:05d}", f"Xã {i}", "H") for i in range(max(1, rows // n_criteria))]
    rnd = random.Random(7)
    entries = []
    for u in units:
        for n in f.criteria():
            if n.rule.type == "ratio":
                den = rnd.randint(1, 5000)
                entries.append(Entry(u.code, n.code, numerator=rnd.randint(0, den), denominator=den, explanation="Báo cáo quý"))
            elif n.rule.type == "count_target":
                entries.append(Entry(u.code, n.code, count=rnd.randint(0, 60), status=Status.DANG_THUC_HIEN))
            else:
                entries.append(Entry(u.code, n.code, done=rnd.random() < 0.5, status=Status.DAT))
    return f, units, entries


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    f, units, entries = synthetic(rows)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "mau.xlsx"
        t0 = time.perf_counter()
        write_template(path, f, units, existing=entries, round_slug="2024-q4")
        t1 = time.perf_counter()
        got = read_template(path, f)
        t2 = time.perf_counter()
        size = path.stat().st_size
    assert got.entries == entries
    t3 = time.perf_counter()
    score_round(f, got.units, got.entries, year=2024)
    t4 = time.perf_counter()
    n = len(got.entries)
    print(f"rows: {n:,}  file: {size / 1e6:.1f} MB")
    print(f"create template: {t1 - t0:.1f} s ({n / (t1 - t0):,.0f} rows/s)")
    print(f"import template: {t2 - t1:.1f} s ({n / (t2 - t1):,.0f} rows/s)")
    print(f"score imported entries: {t4 - t3:.2f} s")


if __name__ == "__main__":
    main()
