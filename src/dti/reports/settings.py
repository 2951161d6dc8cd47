"""Per-unit document settings (thể thức văn bản): who issues, number, place, date, signer, recipients.

Settings are plain data: a :class:`DocumentSettings` built from a dict (a YAML/JSON file, a form, a
database row). A settings file may hold shared ``defaults`` and per-unit overrides under ``units``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from dti.engine.numbers import parse_date


class SettingsError(ValueError):
    """Settings that cannot be used; the message is Vietnamese and names the field."""


@dataclasses.dataclass
class DocumentSettings:
    """Thể thức của một văn bản: cơ quan ban hành, số/ký hiệu, địa danh, ngày, người ký, nơi nhận."""

    issuer_parent: str = ""  # cơ quan chủ quản (dòng 1), may be empty
    issuer_name: str = ""  # cơ quan ban hành (dòng 2, in đậm)
    number: str = ""  # số; empty ⇒ left blank for the clerk, as drafts are
    symbol: str = ""  # ký hiệu: BC-UBND, KH-BĐHCĐS
    place: str = ""  # địa danh: Nam Đông
    date: dt.date | None = None  # empty ⇒ "ngày … tháng … năm …"
    on_behalf_of: str = ""  # TM. <tập thể>: ỦY BAN NHÂN DÂN
    deputy_of: str = ""  # KT. <chức vụ người đứng đầu>: CHỦ TỊCH
    signer_title: str = ""  # PHÓ CHỦ TỊCH
    signer_name: str = ""
    recipients: list[str] = dataclasses.field(default_factory=list)  # nơi nhận
    addressees: list[str] = dataclasses.field(default_factory=list)  # kính gửi
    reporter: str = ""  # cơ quan trong câu văn: "UBND huyện Nam Đông"
    basis: str = ""  # căn cứ / thực hiện (the request the report answers)
    period: str = ""  # kỳ báo cáo: "Quý II năm 2024"
    next_period: str = ""  # kỳ tiếp theo: "Quý III năm 2024"
    plan_year: int | None = None  # năm của kế hoạch (default: round year + 1)
    deadlines: list[str] = dataclasses.field(default_factory=list)  # hạn báo cáo: ["30/5", "15/11"]
    texts: dict[str, Any] = dataclasses.field(default_factory=dict)  # free text per section

    @property
    def number_symbol(self) -> str:
        """``Số: 12/BC-BCĐ``; a missing number leaves room to write it in."""
        number = self.number or "\u2003\u2003"
        return f"Số: {number}/{self.symbol}" if self.symbol else f"Số: {number}"

    def place_date(self, year: int | None = None) -> str:
        place = self.place or "…"
        if self.date is None:
            return f"{place}, ngày    tháng    năm {year or '….'}"
        d = self.date
        # Decree 30: days below 10 and months below 3 take a leading zero
        day = f"{d.day:02d}"
        month = f"{d.month:02d}" if d.month < 3 else str(d.month)
        return f"{place}, ngày {day} tháng {month} năm {d.year}"

    def date_text(self) -> str:
        if self.date is None:
            return "ngày    /    /"
        return f"ngày {self.date.day}/{self.date.month}/{self.date.year}"

    def signature_lines(self) -> list[str]:
        lines = []
        if self.on_behalf_of:
            lines.append(f"TM. {self.on_behalf_of}")
        if self.deputy_of:
            lines.append(f"KT. {self.deputy_of}")
        if self.signer_title:
            lines.append(self.signer_title)
        return lines


_FIELDS = {f.name: f for f in dataclasses.fields(DocumentSettings)}
_LIST_FIELDS = {"recipients", "addressees", "deadlines"}


def settings_from_dict(data: dict[str, Any], *, base: DocumentSettings | None = None, source: str = "") -> DocumentSettings:
    """Overlay ``data`` on ``base`` (or the empty settings); unknown keys are errors, not ignored."""
    where = f"{source}: " if source else ""
    values = dataclasses.asdict(base) if base else {}
    for key, raw in data.items():
        if key not in _FIELDS:
            known = ", ".join(sorted(_FIELDS))
            raise SettingsError(f"{where}trường '{key}' không hợp lệ (các trường: {known})")
        if raw is None:
            continue
        if key == "date":
            try:
                values[key] = parse_date(raw)
            except ValueError:
                raise SettingsError(f"{where}trường 'date': '{raw}' không phải ngày (dd/mm/yyyy)") from None
        elif key == "plan_year":
            try:
                values[key] = int(raw)
            except (TypeError, ValueError):
                raise SettingsError(f"{where}trường 'plan_year': '{raw}' không phải năm") from None
        elif key in _LIST_FIELDS:
            if isinstance(raw, str):
                raw = [raw]
            if not isinstance(raw, list) or not all(isinstance(x, str | int) for x in raw):
                raise SettingsError(f"{where}trường '{key}' phải là danh sách chuỗi")
            values[key] = [str(x) for x in raw]
        elif key == "texts":
            if not isinstance(raw, dict):
                raise SettingsError(f"{where}trường 'texts' phải là một bảng tên mục → nội dung")
            values[key] = {**values.get("texts", {}), **raw}
        else:
            if not isinstance(raw, str | int | float):
                raise SettingsError(f"{where}trường '{key}' phải là chuỗi")
            values[key] = str(raw)
    return DocumentSettings(**values)


@dataclasses.dataclass
class SettingsFile:
    """Shared defaults plus per-unit overrides (by unit code or unit name)."""

    defaults: dict[str, Any]
    units: dict[str, dict[str, Any]]
    source: str = ""

    def for_unit(self, code: str, name: str = "", *, base: DocumentSettings | None = None) -> DocumentSettings:
        settings = settings_from_dict(self.defaults, base=base, source=self.source)
        override = self.units.get(code) or self.units.get(name) or {}
        return settings_from_dict(override, base=settings, source=f"{self.source}, đơn vị {code}")


def load_settings(path: str | Path) -> SettingsFile:
    """Read a YAML or JSON settings file: either flat fields, or ``defaults:`` and ``units:``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except OSError as exc:
        raise SettingsError(f"{path.name}: không đọc được tệp ({exc.strerror})") from None
    except (yaml.YAMLError, json.JSONDecodeError):
        raise SettingsError(f"{path.name}: nội dung không phải YAML/JSON hợp lệ") from None
    data = data or {}
    if not isinstance(data, dict):
        raise SettingsError(f"{path.name}: cần một bảng các trường thiết lập")
    if "defaults" in data or "units" in data:
        extra = set(data) - {"defaults", "units"}
        if extra:
            raise SettingsError(f"{path.name}: khóa '{sorted(extra)[0]}' không hợp lệ (chỉ có defaults, units)")
        units = {str(k): v for k, v in (data.get("units") or {}).items()}
        if not all(isinstance(v, dict) for v in units.values()):
            raise SettingsError(f"{path.name}: mỗi đơn vị trong 'units' phải là một bảng trường")
        out = SettingsFile(data.get("defaults") or {}, units, path.name)
    else:
        out = SettingsFile(data, {}, path.name)
    out.for_unit("")  # validate now: a bad file fails before any document is written
    for code in out.units:
        out.for_unit(code)
    return out
