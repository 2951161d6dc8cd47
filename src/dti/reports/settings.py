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
    # hạn cơ quan thường trực báo cáo (kế hoạch, mục Tổ chức thực hiện): ["15/6", "30/11"]
    report_deadlines: list[str] = dataclasses.field(default_factory=list)
    texts: dict[str, Any] = dataclasses.field(default_factory=dict)  # free text per section
    # Sổ văn bản chỉ đạo, điều hành: [{number, date, issuer, summary, criteria}] (section I + appendix)
    directives: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    # Per group code: {highlights, limitations, causes, solutions: [paragraph, …]}
    groups: dict[str, dict[str, list[str]]] = dataclasses.field(default_factory=dict)
    # Per criterion code: [{unit: "Trường Mầm non Hương Phú", value: 14}] (chi tiết theo đơn vị)
    breakdowns: dict[str, list[dict[str, Any]]] = dataclasses.field(default_factory=dict)
    # Paragraphs the drafter edited in the platform: paragraph key → text (data blocks never are)
    edits: dict[str, str] = dataclasses.field(default_factory=dict)

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

    def date_text(self, year: int | None = None) -> str:
        """``ngày 24/6/2024``; undated: ``ngày    tháng    năm 2023`` (the year is known)."""
        if self.date is None:
            return f"ngày    tháng    năm {year}" if year else "ngày    tháng    năm ….."
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
_LIST_FIELDS = {"recipients", "addressees", "deadlines", "report_deadlines"}


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
        elif key in ("texts", "edits"):
            if not isinstance(raw, dict):
                raise SettingsError(f"{where}trường '{key}' phải là một bảng tên mục → nội dung")
            values[key] = {**values.get(key, {}), **raw}
        elif key == "directives":
            values[key] = _directives(raw, where)
        elif key == "groups":
            values[key] = _groups(raw, where)
        elif key == "breakdowns":
            values[key] = _breakdowns(raw, where)
        else:
            if not isinstance(raw, str | int | float):
                raise SettingsError(f"{where}trường '{key}' phải là chuỗi")
            values[key] = str(raw)
    return DocumentSettings(**values)


def _directives(raw: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise SettingsError(f"{where}trường 'directives' phải là danh sách văn bản")
    out = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not str(item.get("number") or "").strip():
            raise SettingsError(f"{where}văn bản thứ {i} trong 'directives' thiếu số, ký hiệu (number)")
        unknown = set(item) - {"number", "date", "issuer", "summary", "criteria", "note"}
        if unknown:
            raise SettingsError(f"{where}văn bản thứ {i}: trường '{sorted(unknown)[0]}' không hợp lệ")
        try:
            date = parse_date(item.get("date")) if item.get("date") else None
        except ValueError:
            raise SettingsError(f"{where}văn bản thứ {i}: ngày '{item.get('date')}' không hợp lệ (dd/mm/yyyy)") from None
        criteria = item.get("criteria") or []
        out.append({"number": str(item["number"]).strip(), "date": date, "issuer": str(item.get("issuer") or ""),
                    "summary": str(item.get("summary") or ""), "note": str(item.get("note") or ""),
                    "criteria": [str(c) for c in (criteria if isinstance(criteria, list) else [criteria])]})
    return out


GROUP_TEXT_KEYS = ("highlights", "limitations", "causes", "solutions")


def _groups(raw: Any, where: str) -> dict[str, dict[str, list[str]]]:
    if not isinstance(raw, dict):
        raise SettingsError(f"{where}trường 'groups' phải là bảng mã nhóm → nội dung")
    out: dict[str, dict[str, list[str]]] = {}
    for code, texts in raw.items():
        if not isinstance(texts, dict):
            raise SettingsError(f"{where}nhóm '{code}' phải là bảng mục → nội dung")
        unknown = set(texts) - set(GROUP_TEXT_KEYS)
        if unknown:
            raise SettingsError(f"{where}nhóm '{code}': mục '{sorted(unknown)[0]}' không hợp lệ "
                                f"(có: {', '.join(GROUP_TEXT_KEYS)})")
        out[str(code)] = {k: [str(v) for v in (t if isinstance(t, list) else [t]) if str(v).strip()]
                          for k, t in texts.items() if t}
    return out


def _breakdowns(raw: Any, where: str) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(raw, dict):
        raise SettingsError(f"{where}trường 'breakdowns' phải là bảng mã tiêu chí → danh sách đơn vị")
    out: dict[str, list[dict[str, Any]]] = {}
    for code, rows in raw.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) and "unit" in r for r in rows):
            raise SettingsError(f"{where}tiêu chí '{code}' trong 'breakdowns' cần danh sách {{unit, value}}")
        out[str(code)] = [{"unit": str(r["unit"]), "value": r.get("value")} for r in rows]
    return out


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
