"""Read the official unit lists shipped by the ``vietnamadminunits`` package (sqlite + JSON)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """One unit of the dataset: level 1 province, 2 district, 3 ward/commune."""

    code: str
    name: str
    level: int
    parent_code: str | None
    lat: float | None
    lon: float | None


def _data_dir() -> Path:
    return Path(str(resources.files("vietnamadminunits") / "data"))


def _connect() -> sqlite3.Connection:
    path = _data_dir() / "dataset.db"
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def legacy_rows(provinces: list[str] | None) -> Iterator[Row]:
    """Province → district → ward before 1/7/2025, in tree order (parents first)."""
    sql = (
        "SELECT province, provinceCode, provinceLat, provinceLon, district, districtCode, districtLat,"
        " districtLon, ward, wardCode, wardLat, wardLon FROM admin_units_legacy"
    )
    params: list[str] = []
    if provinces:
        sql += f" WHERE provinceCode IN ({','.join('?' * len(provinces))})"
        params = list(provinces)
    seen: set[tuple[int, str]] = set()
    with _connect() as con:
        rows = con.execute(sql + " ORDER BY provinceCode, districtCode, wardCode", params).fetchall()
    for p, pc, plat, plon, d, dc, dlat, dlon, w, wc, wlat, wlon in rows:
        for row in (
            Row(pc, p, 1, None, plat, plon),
            Row(dc, d, 2, pc, dlat, dlon),
            Row(wc, w, 3, dc, wlat, wlon),
        ):
            if row.code and (row.level, row.code) not in seen:
                seen.add((row.level, row.code))
                yield row


def rows_2025(provinces: list[str] | None) -> Iterator[Row]:
    """Province → commune from 1/7/2025."""
    sql = "SELECT province, provinceCode, provinceLat, provinceLon, ward, wardCode, wardLat, wardLon FROM admin_units"
    params: list[str] = []
    if provinces:
        sql += f" WHERE provinceCode IN ({','.join('?' * len(provinces))})"
        params = list(provinces)
    seen: set[str] = set()
    with _connect() as con:
        rows = con.execute(sql + " ORDER BY provinceCode, wardCode", params).fetchall()
    for p, pc, plat, plon, w, wc, wlat, wlon in rows:
        if pc not in seen:
            seen.add(pc)
            yield Row(pc, p, 1, None, plat, plon)
        yield Row(wc, w, 3, pc, wlat, wlon)


@cache
def _converter() -> dict:
    return json.loads((_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))


def successors_2025_of_district(province_code: str, district_code: str) -> list[str]:
    """Codes of the 2025 communes that took over a legacy district's wards (the official mapping)."""
    with _connect() as con:
        found = con.execute(
            "SELECT provinceKey, districtKey FROM admin_units_legacy WHERE provinceCode=? AND districtCode=? LIMIT 1",
            (province_code, district_code),
        ).fetchone()
        if found is None:
            return []
        prefix = f"{found[0]}_{found[1]}_"
        conv = _converter()
        new_keys: set[tuple[str, str]] = set()
        for prov_key, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for ward_key, olds in wards.items():
                if any(o.startswith(prefix) for o in olds):
                    new_keys.add((prov_key, ward_key))
        for prov_key, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old, news in olds.items():
                if old.startswith(prefix):
                    new_keys.update((prov_key, n["newWardKey"]) for n in news)
        codes = []
        for prov_key, ward_key in sorted(new_keys):
            row = con.execute(
                "SELECT wardCode FROM admin_units WHERE provinceKey=? AND wardKey=?", (prov_key, ward_key)
            ).fetchone()
            if row:
                codes.append(row[0])
    return sorted(set(codes))


def province_code_2025_of(codes: list[str]) -> list[str]:
    """The 2025 province codes whose communes came from the given legacy provinces."""
    conv = _converter()["DICT_PROVINCE"]
    with _connect() as con:
        keys = {
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT provinceKey FROM admin_units_legacy WHERE provinceCode IN ({','.join('?' * len(codes))})",  # noqa: S608 - placeholders only
                codes,
            )
        }
        new_keys = [new for new, olds in conv.items() if keys & set(olds)]
        out = set()
        for k in new_keys:
            row = con.execute("SELECT provinceCode FROM admin_units WHERE provinceKey=? LIMIT 1", (k,)).fetchone()
            if row:
                out.add(row[0])
    return sorted(out)
