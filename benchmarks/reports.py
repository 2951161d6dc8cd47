"""Time the documents: one báo cáo, one kế hoạch, and a batch for every unit of a round (DOCX, then PDF).

Run: ``.venv/bin/python benchmarks/reports.py [--pdf]``. Prints figures; not a timed test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from dti.engine import get_framework, score_round
from dti.importers.entries_file import read_entries
from dti.reports import unit_document_data, write_batch, write_document

ROOT = Path(__file__).resolve().parents[1]


def _round(code: str, *files: str, year: int):
    framework = get_framework(code)
    units, entries = [], []
    for name in files:
        data = read_entries(ROOT / "examples" / name, framework)
        units += data.units
        entries += data.entries
    return score_round(framework, units, entries, year=year)


def main() -> None:
    pdf = "--pdf" in sys.argv
    hue = _round("thua-thien-hue-2024", "thua-thien-hue-2024-q2-synthetic.csv", year=2024)
    ninh_thuan = _round("ninh-thuan-2022", "ninh-son-2022.csv", "ninh-thuan-2022-synthetic.csv", year=2022)
    with tempfile.TemporaryDirectory() as tmp:
        for kind, result, unit in (("bao-cao", hue, hue.units[0].code), ("ke-hoach", ninh_thuan, "585")):
            t = time.perf_counter()
            write_document(kind, unit_document_data(result, unit), Path(tmp) / f"{kind}.docx")
            print(f"{kind}: 1 văn bản DOCX trong {time.perf_counter() - t:.3f} s")
        for kind, result in (("bao-cao", hue), ("ke-hoach", ninh_thuan)):
            for fmt in ("docx", "pdf") if pdf else ("docx",):
                t = time.perf_counter()
                paths = write_batch(kind, result, Path(tmp) / f"{kind}-{fmt}", lambda c, n: None, fmt=fmt)
                took = time.perf_counter() - t
                print(f"{kind}: lô {len(paths)} đơn vị ({fmt}) trong {took:.2f} s ({took / len(paths):.3f} s/đơn vị)")


if __name__ == "__main__":
    main()
