"""Writes of the content the unit gives its documents: the register of issued documents, per-group
texts, sub-unit figures, edited paragraphs and issued versions. Each write is one transaction with
its audit row; every input is bounded and checked against the round's framework."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from dti.engine.numbers import parse_date
from dti.web.audit.services import audit_record
from dti.web.documents.models import (
    DocumentEdit,
    GroupText,
    IssuedDirective,
    IssuedDocument,
    SubUnitFigure,
)
from dti.web.entries.models import Evidence
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

MAX_SUMMARY = 1000
MAX_TEXT = 10_000
MAX_ROWS = 500


def _user(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def _check_unit(rnd: Round, unit: OrgUnit) -> None:
    if not rnd.units.filter(pk=unit.pk).exists():
        raise ValidationError(f"{unit.name} không tham gia kỳ '{rnd.name}'")


def _criteria(rnd: Round, raw: str) -> str:
    """``"I.1, ii.2"`` → ``"I.1, II.2"``; unknown codes are refused by name."""
    codes = [c.strip() for c in re.split(r"[,;]", raw or "") if c.strip()]
    known = {c.upper(): c for c in rnd.framework.parsed().by_code}
    unknown = [c for c in codes if c.upper() not in known]
    if unknown:
        raise ValidationError(f"Không có tiêu chí {', '.join(unknown)} trong bộ chỉ số của kỳ")
    return ", ".join(known[c.upper()] for c in codes)


def _directive_fields(rnd: Round, data: dict[str, Any]) -> dict[str, Any]:
    number = str(data.get("number") or "").strip()
    summary = str(data.get("summary") or "").strip()
    if not number:
        raise ValidationError("Cần số, ký hiệu văn bản (ví dụ: 125/KH-UBND)")
    if len(number) > 80:
        raise ValidationError("Số, ký hiệu dài quá 80 ký tự")
    if not summary:
        raise ValidationError(f"Văn bản {number}: cần trích yếu")
    if len(summary) > MAX_SUMMARY:
        raise ValidationError(f"Văn bản {number}: trích yếu dài quá {MAX_SUMMARY} ký tự")
    issued_on = data.get("issued_on")
    if issued_on and not isinstance(issued_on, dt.date):
        try:
            issued_on = parse_date(str(issued_on))
        except ValueError:
            raise ValidationError(f"Văn bản {number}: ngày '{issued_on}' không hợp lệ (dd/mm/yyyy)") from None
    return {"number": number, "summary": summary, "issued_on": issued_on or None,
            "issuer": str(data.get("issuer") or "").strip()[:200],
            "criteria": _criteria(rnd, str(data.get("criteria") or ""))}


@transaction.atomic
def directive_add(*, round: Round, unit: OrgUnit, data: dict[str, Any], acting_user: AbstractBaseUser | None,
                  evidence: Evidence | None = None) -> IssuedDirective:
    """Add a document to the unit's register; a number already there is refused."""
    _check_unit(round, unit)
    fields = _directive_fields(round, data)
    if IssuedDirective.objects.filter(round=round, unit=unit, number=fields["number"]).exists():
        raise ValidationError(f"Văn bản {fields['number']} đã có trong sổ")
    obj = IssuedDirective.objects.create(round=round, unit=unit, evidence=evidence, created_by=_user(acting_user),
                                         **fields)
    audit_record(actor=acting_user, action="documents.directive_add", obj=obj,
                 new={k: str(v) for k, v in fields.items()})
    return obj


@transaction.atomic
def directive_delete(*, directive: IssuedDirective, acting_user: AbstractBaseUser | None) -> None:
    audit_record(actor=acting_user, action="documents.directive_delete", obj=directive,
                 old={"number": directive.number, "summary": directive.summary})
    directive.delete()


_NUMBER_IN_NAME = re.compile(r"(\d{1,5})[\s_-]*[/_-][\s_-]*([A-Za-zĐđ&]+(?:[-_][A-Za-zĐđ&]+)*)")
_DOC_TYPES = {"KH", "QĐ", "QD", "CV", "BC", "TB", "CT", "NQ", "UBND"}


def number_from_file_name(name: str) -> str | None:
    """``196-QD-UBND_kien-toan.pdf`` → ``196/QĐ-UBND`` when the name carries a number and symbol:
    the symbol is the run of upper-case parts that starts with a document type."""
    for m in _NUMBER_IN_NAME.finditer(Path(name).stem):
        parts = re.split(r"[-_]", m.group(2))
        if parts[0].upper() not in _DOC_TYPES:
            continue
        symbol = [parts[0].upper()]
        for part in parts[1:]:
            if not part.isupper():
                break
            symbol.append(part)
        if symbol[0] == "QD":
            symbol[0] = "QĐ"
        return f"{m.group(1)}/{'-'.join(symbol)}"
    return None


@transaction.atomic
def directive_from_evidence(*, round: Round, unit: OrgUnit, evidence: Evidence, summary: str,
                            acting_user: AbstractBaseUser | None) -> IssuedDirective:
    """A register row from an evidence file of the unit: number read from the file name (never the
    name itself in the document), the evidence's criterion linked, the summary typed by the drafter."""
    if evidence.entry.round_id != round.pk or evidence.entry.unit_id != unit.pk:
        raise ValidationError("Tệp minh chứng không thuộc đơn vị và kỳ này")
    number = number_from_file_name(evidence.original_name)
    if number is None:
        raise ValidationError("Không đọc được số, ký hiệu từ tên tệp; hãy nhập văn bản bằng tay")
    return directive_add(round=round, unit=unit, acting_user=acting_user, evidence=evidence,
                         data={"number": number, "summary": summary, "criteria": evidence.entry.criterion_code})


_HEADERS = {
    "number": ("so ky hieu", "so, ky hieu", "so/ky hieu", "ky hieu", "so"),
    "issued_on": ("ngay ban hanh", "ngay"),
    "issuer": ("co quan ban hanh",),
    "summary": ("trich yeu", "noi dung"),
    "criteria": ("tieu chi", "tieu chi lien quan", "ma tieu chi"),
}


def read_directives_xlsx(path: Path) -> list[dict[str, Any]]:
    """Rows of an XLSX register (header row with Số ký hiệu, Ngày ban hành, Trích yếu, …)."""
    from openpyxl import load_workbook

    from dti.engine.entries import fold

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — any unreadable upload is one message
        raise ValidationError("Không đọc được tệp Excel (.xlsx)") from None
    ws = wb.worksheets[0]
    header: dict[int, str] | None = None
    rows: list[dict[str, Any]] = []
    for values in ws.iter_rows(values_only=True):
        cells = ["" if v is None else v for v in values]
        if header is None:
            labels = {i: fold(str(c)).strip().rstrip(":") for i, c in enumerate(cells)}
            found = {i: key for i, label in labels.items() for key, names in _HEADERS.items() if label in names}
            if "number" in found.values() and "summary" in found.values():
                header = found
            continue
        row = {key: cells[i] for i, key in header.items() if i < len(cells)}
        if not any(str(v).strip() for v in row.values()):
            continue
        if isinstance(row.get("issued_on"), dt.datetime):
            row["issued_on"] = row["issued_on"].date()
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ValidationError(f"Tệp có quá {MAX_ROWS} văn bản")
    if header is None:
        raise ValidationError("Không tìm thấy dòng tiêu đề (cần cột Số ký hiệu và Trích yếu)")
    return rows


@transaction.atomic
def directives_import(*, round: Round, unit: OrgUnit, rows: list[dict[str, Any]],
                      acting_user: AbstractBaseUser | None) -> int:
    """All rows or none: every problem of the file is listed in one message."""
    _check_unit(round, unit)
    problems, fields_list = [], []
    seen = set(IssuedDirective.objects.filter(round=round, unit=unit).values_list("number", flat=True))
    for i, row in enumerate(rows, start=2):
        try:
            fields = _directive_fields(round, row)
        except ValidationError as exc:
            problems.append(f"Dòng {i}: {' '.join(exc.messages)}")
            continue
        if fields["number"] in seen:
            problems.append(f"Dòng {i}: văn bản {fields['number']} đã có trong sổ")
            continue
        seen.add(fields["number"])
        fields_list.append(fields)
    if problems:
        raise ValidationError(problems)
    IssuedDirective.objects.bulk_create(
        [IssuedDirective(round=round, unit=unit, created_by=_user(acting_user), **f) for f in fields_list])
    audit_record(actor=acting_user, action="documents.directives_import", object_type="documents.issueddirective",
                 object_repr=f"{unit.name} – {round.name}", new={"rows": len(fields_list)})
    return len(fields_list)


@transaction.atomic
def group_text_save(*, round: Round, unit: OrgUnit, group_code: str, data: dict[str, str],
                    acting_user: AbstractBaseUser | None) -> GroupText:
    _check_unit(round, unit)
    groups = {n.code for n in round.framework.parsed().nodes}
    if group_code not in groups:
        raise ValidationError(f"Không có nhóm '{group_code}' trong bộ chỉ số của kỳ")
    for field in GroupText.TEXT_FIELDS:
        if len(data.get(field) or "") > MAX_TEXT:
            raise ValidationError(f"Nội dung '{GroupText._meta.get_field(field).verbose_name}' dài quá {MAX_TEXT} ký tự")
    obj, created = GroupText.objects.select_for_update().get_or_create(round=round, unit=unit, group_code=group_code)
    old, new = {}, {}
    for field in GroupText.TEXT_FIELDS:
        value = (data.get(field) or "").strip()
        if getattr(obj, field) != value:
            old[field], new[field] = getattr(obj, field), value
            setattr(obj, field, value)
    if old or created:
        obj.updated_by = _user(acting_user)
        obj.save()
        audit_record(actor=acting_user, action="documents.group_text_save", obj=obj, old=old or None, new=new)
    return obj


def parse_figures(text: str) -> list[tuple[str, Decimal]]:
    """``Trường Mầm non Hương Phú: 14`` per line → [(name, 14)]; a bad line is refused by number."""
    out = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, value = line.rpartition(":")
        try:
            number = Decimal(value.strip().replace(".", "").replace(",", "."))
        except InvalidOperation:
            number = None
        if not sep or not name.strip() or number is None:
            raise ValidationError(f"Dòng {i}: cần dạng 'Tên đơn vị: số' (ví dụ 'Xã Hương Sơn: 10')")
        out.append((name.strip()[:200], number))
        if len(out) > MAX_ROWS:
            raise ValidationError(f"Quá {MAX_ROWS} đơn vị trực thuộc")
    return out


@transaction.atomic
def sub_unit_figures_set(*, round: Round, unit: OrgUnit, criterion_code: str, text: str,
                         acting_user: AbstractBaseUser | None) -> int:
    """Replace a criterion's breakdown by sub-unit (chi tiết theo xã, trường)."""
    _check_unit(round, unit)
    code = _criteria(round, criterion_code)
    if not code or "," in code:
        raise ValidationError("Chọn đúng một tiêu chí")
    rows = parse_figures(text)
    old = list(SubUnitFigure.objects.filter(round=round, unit=unit, criterion_code=code)
               .values_list("sub_unit", "value"))
    SubUnitFigure.objects.filter(round=round, unit=unit, criterion_code=code).delete()
    SubUnitFigure.objects.bulk_create([SubUnitFigure(round=round, unit=unit, criterion_code=code, sub_unit=n, value=v)
                                       for n, v in rows])
    audit_record(actor=acting_user, action="documents.sub_unit_figures_set", object_type="documents.subunitfigure",
                 object_id=code, object_repr=f"{unit.name} – {code}",
                 old={"rows": [[n, str(v)] for n, v in old]}, new={"rows": [[n, str(v)] for n, v in rows]})
    return len(rows)


@transaction.atomic
def document_edit_save(*, round: Round, unit: OrgUnit, kind: str, edits: dict[str, str], allowed: set[str],
                       acting_user: AbstractBaseUser | None) -> int:
    """Save the drafter's versions of generated paragraphs; only keys of editable paragraphs are
    taken (``allowed``), so a table, a count or a score can never be overwritten."""
    _check_unit(round, unit)
    bad = sorted(set(edits) - allowed)
    if bad:
        raise ValidationError(f"Đoạn '{bad[0]}' không sửa được (bảng, số liệu được tạo từ số liệu)")
    changed = 0
    for key, text in edits.items():
        text = (text or "").strip()
        if len(text) > 5000:
            raise ValidationError(f"Đoạn '{key}' dài quá 5.000 ký tự")
        obj = DocumentEdit.objects.select_for_update().filter(round=round, unit=unit, kind=kind, key=key).first()
        old = obj.text if obj else None
        if old == text:
            continue
        if obj is None:
            obj = DocumentEdit(round=round, unit=unit, kind=kind, key=key)
        obj.text, obj.updated_by = text, _user(acting_user)
        obj.save()
        audit_record(actor=acting_user, action="documents.edit_save", obj=obj, old={"text": old}, new={"text": text})
        changed += 1
    return changed


@transaction.atomic
def document_edit_reset(*, round: Round, unit: OrgUnit, kind: str, acting_user: AbstractBaseUser | None) -> int:
    qs = DocumentEdit.objects.filter(round=round, unit=unit, kind=kind)
    n = qs.count()
    if n:
        audit_record(actor=acting_user, action="documents.edit_reset", object_type="documents.documentedit",
                     object_repr=f"{unit.name} – {kind}", old={"edits": n})
        qs.delete()
    return n


def data_hash(data: dict[str, Any], settings: dict[str, Any]) -> str:
    """SHA-256 of the plain data and settings a document is made from (stable JSON)."""
    payload = json.dumps({"data": data, "settings": settings}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@transaction.atomic
def document_issue(*, round: Round, unit: OrgUnit, kind: str, docx_bytes: bytes, digest: str,
                   problems: list[dict[str, Any]], acting_user: AbstractBaseUser | None) -> IssuedDocument:
    """Keep the issued file with the hash of its data; a blocking problem refuses the issue."""
    blocking = [p for p in problems if p.get("blocking")]
    if blocking:
        raise ValidationError(f"Chưa ban hành được: {blocking[0]['message']}")
    last = (IssuedDocument.objects.select_for_update().filter(round=round, unit=unit, kind=kind)
            .aggregate(v=Max("version"))["v"]) or 0
    doc = IssuedDocument(round=round, unit=unit, kind=kind, version=last + 1, data_hash=digest, problems=problems,
                         issued_by=_user(acting_user))
    doc.file.save(f"{kind}-{round.slug}-{unit.code}-v{last + 1}.docx", ContentFile(docx_bytes), save=False)
    doc.save()
    audit_record(actor=acting_user, action="documents.issue", obj=doc,
                 new={"kind": kind, "version": doc.version, "data_hash": digest})
    return doc
