"""Writes on org units: the official-list import and the historical units it lacks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dti.web.audit.services import audit_record
from dti.web.units import dataset
from dti.web.units.models import Level, OrgUnit, Structure, UnitType

LEGACY_END = dt.date(2025, 6, 30)
START_2025 = dt.date(2025, 7, 1)

_PREFIXES = [
    ("Thành phố", {1: UnitType.THANH_PHO_TW, 2: UnitType.THANH_PHO}),
    ("Tỉnh", {1: UnitType.TINH}),
    ("Huyện", {2: UnitType.HUYEN}),
    ("Quận", {2: UnitType.QUAN}),
    ("Thị xã", {2: UnitType.THI_XA}),
    ("Thị trấn", {3: UnitType.THI_TRAN}),
    ("Phường", {3: UnitType.PHUONG}),
    ("Xã", {3: UnitType.XA}),
    ("Đặc khu", {3: UnitType.DAC_KHU}),
]


def unit_type_of(name: str, level: int) -> str:
    low = name.lower()
    for prefix, by_level in _PREFIXES:
        if low.startswith(prefix.lower()) and level in by_level:
            return by_level[level]
    return {1: UnitType.TINH, 2: UnitType.HUYEN, 3: UnitType.XA}[level]


@dataclass
class ImportStats:
    created: int = 0
    updated: int = 0

    def __str__(self) -> str:
        return f"{self.created} tạo mới, {self.updated} cập nhật"


def _upsert(
    *, key: str, code: str, name: str, level: int, structure: str, parent: OrgUnit | None,
    lat: float | None = None, lon: float | None = None, valid_from: dt.date | None = None,
    valid_to: dt.date | None = None, note: str = "", stats: ImportStats,
) -> OrgUnit:
    before = OrgUnit.objects.filter(key=key).values_list("path", flat=True).first()
    unit, created = OrgUnit.objects.update_or_create(
        key=key,
        defaults={
            "code": code, "name": name, "level": level, "structure": structure, "parent": parent,
            "type": unit_type_of(name, level), "lat": lat, "lon": lon,
            "valid_from": valid_from, "valid_to": valid_to, "note": note,
        },
    )
    if before is not None and before != unit.path:
        subtree_repath(old_path=before, new_path=unit.path)
    if created:
        stats.created += 1
    else:
        stats.updated += 1
    return unit


def subtree_repath(*, old_path: str, new_path: str) -> int:
    """Carry the descendants of a unit whose path changed from ``old_path`` to ``new_path``; returns how
    many moved. Their parents are unchanged, so this is their ``save()``'s path, written in bulk."""
    moved = list(OrgUnit.objects.filter(path__startswith=old_path + "/"))
    for u in moved:
        u.path = new_path + u.path[len(old_path):]
    OrgUnit.objects.bulk_update(moved, ["path"], batch_size=500)
    return len(moved)


UNIT_FIELDS = ("key", "code", "name", "type", "level", "structure", "parent", "lat", "lon", "valid_from",
               "valid_to", "note")


def _unit_values(unit: OrgUnit, names: Iterable[str]) -> dict[str, object]:
    return {n: ((unit.parent.key if unit.parent is not None else None) if n == "parent" else getattr(unit, n))
            for n in names}


@transaction.atomic
def unit_save(*, unit: OrgUnit, actor: AbstractBaseUser | None, changed: Iterable[str] | None = None,
              ip: str | None = None) -> OrgUnit:
    """Create or change a unit as given (the admin's form): the path follows the parent and the code,
    the whole subtree moves with it (so every role scoped there keeps its reach), audited with old and
    new values and how many descendants moved."""
    names = [n for n in (changed if changed is not None else UNIT_FIELDS) if n in UNIT_FIELDS]
    stored = OrgUnit.objects.select_for_update().filter(pk=unit.pk).first() if unit.pk else None
    if unit.parent is not None and stored is not None:
        parent_path = OrgUnit.objects.get(pk=unit.parent.pk).path
        if parent_path == stored.path or parent_path.startswith(stored.path + "/"):
            raise ValidationError({"parent": f"Không thể đặt {unit.name} vào trong chính nó hoặc đơn vị cấp dưới của nó"})
    unit.save()
    moved = subtree_repath(old_path=stored.path, new_path=unit.path) if stored and stored.path != unit.path else 0
    audit_record(
        actor=actor, action="unit.update" if stored is not None else "unit.create", obj=unit,
        old=_unit_values(stored, names) | {"path": stored.path} if stored is not None else None,
        new=_unit_values(unit, names) | {"path": unit.path, "descendants_moved": moved}, ip=ip,
    )
    return unit


def _import_rows(rows: Iterable[dataset.Row], structure: str, stats: ImportStats) -> None:
    by_code: dict[tuple[int, str], OrgUnit] = {}
    for row in rows:
        parent = None
        if row.parent_code:
            parent_level = row.level - 1 if structure == Structure.LEGACY else 1
            parent = by_code[(parent_level, row.parent_code)]
        valid_from, valid_to = (None, LEGACY_END) if structure == Structure.LEGACY else (START_2025, None)
        unit = _upsert(
            key=f"{structure}:{row.code}", code=row.code, name=row.name, level=row.level,
            structure=structure, parent=parent, lat=row.lat, lon=row.lon,
            valid_from=valid_from, valid_to=valid_to, stats=stats,
        )
        by_code[(row.level, row.code)] = unit


@transaction.atomic
def units_import(
    *, provinces: list[str] | None = None, structure: str = "legacy", actor: AbstractBaseUser | None = None
) -> ImportStats:
    """Load units from the official lists; idempotent (update_or_create by key = structure:code)."""
    stats = ImportStats()
    if structure in ("legacy", "all"):
        _import_rows(dataset.legacy_rows(provinces), Structure.LEGACY, stats)
        units_add_historical(provinces=provinces, stats=stats)
    if structure in ("2025", "all"):
        codes_2025 = dataset.province_code_2025_of(provinces) if provinces else None
        _import_rows(dataset.rows_2025(codes_2025), Structure.V2025, stats)
        units_link_successors(stats=stats)
    audit_record(
        actor=actor, action="units.import", object_type="units.orgunit",
        new={"provinces": provinces or "all", "structure": structure, "created": stats.created, "updated": stats.updated},
    )
    return stats


def units_add_historical(*, provinces: list[str] | None, stats: ImportStats) -> None:
    """Units the lists no longer carry, with their validity and successors (Huế's 2025 changes)."""
    if provinces and "46" not in provinces:
        return
    hue_2025 = OrgUnit.objects.filter(key="legacy:46").first()
    if hue_2025 is None:
        return
    # The list already shows the 1/1/2025 state: Thành phố Huế (46) with Quận Thuận Hóa/Phú Xuân.
    OrgUnit.objects.filter(key__in=["legacy:46", "legacy:474", "legacy:475"]).update(valid_from=dt.date(2025, 1, 1))
    tth = _upsert(
        key="legacy:46~2024", code="46", name="Tỉnh Thừa Thiên Huế", level=Level.TINH,
        structure=Structure.LEGACY, parent=None, lat=hue_2025.lat, lon=hue_2025.lon, valid_to=dt.date(2024, 12, 31),
        note="Trở thành Thành phố Huế trực thuộc trung ương từ 01/01/2025 (Nghị quyết 1314/NQ-UBTVQH15).",
        stats=stats,
    )
    tth.successors.set([hue_2025])
    city = _upsert(
        key="legacy:474~2024", code="474", name="Thành phố Huế", level=Level.HUYEN,
        structure=Structure.LEGACY, parent=tth, valid_to=dt.date(2024, 12, 31),
        note="Thành phố thuộc tỉnh Thừa Thiên Huế; từ 01/01/2025 chia thành Quận Thuận Hóa và Quận Phú Xuân.",
        stats=stats,
    )
    city.successors.set(OrgUnit.objects.filter(key__in=["legacy:474", "legacy:475"]))
    nam_dong = _upsert(
        key="legacy:483", code="483", name="Huyện Nam Đông", level=Level.HUYEN,
        structure=Structure.LEGACY, parent=tth, valid_to=dt.date(2024, 12, 31),
        note="Nhập vào Huyện Phú Lộc từ 01/01/2025.", stats=stats,
    )
    nam_dong.successors.set(OrgUnit.objects.filter(key="legacy:482"))
    # Each historical unit gets its own seat's coordinates: Nam Đông's is Thị trấn Khe Tre (20161,
    # listed under Phú Lộc since the merger), so it never hides under the city's dot on a map.
    khe_tre = OrgUnit.objects.filter(key="legacy:20161").first()
    seats = {tth: hue_2025, city: OrgUnit.objects.filter(key="legacy:474").first() or hue_2025,
             nam_dong: khe_tre or hue_2025}
    for u, seat in seats.items():
        u.lat, u.lon = seat.lat, seat.lon
        u.save(update_fields=["lat", "lon"])
    # Phú Lộc ends with the district tier; its successors are the 2025 communes the mapping names.
    OrgUnit.objects.filter(key="legacy:482").update(
        note="Giải thể cấp huyện từ 01/7/2025; các xã mới kế thừa theo bảng chuyển đổi 2025."
    )
    _import_rows(dataset.rows_2025(["46"]), Structure.V2025, stats)
    units_link_successors(stats=stats)


def units_link_successors(*, stats: ImportStats) -> None:
    """Legacy districts dissolved on 1/7/2025 → the 2025 communes that took their wards over."""
    present_2025 = {u.code: u for u in OrgUnit.objects.filter(structure=Structure.V2025, level=Level.XA)}
    if not present_2025:
        return
    districts = OrgUnit.objects.filter(structure=Structure.LEGACY, level=Level.HUYEN, valid_to=LEGACY_END)
    for district in districts.select_related("parent"):
        if district.parent is None:
            continue
        codes = dataset.successors_2025_of_district(district.parent.code, district.code)
        succ = [present_2025[c] for c in codes if c in present_2025]
        if succ:
            district.successors.set(succ)
