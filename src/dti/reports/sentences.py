"""Vietnamese sentences written from data: figures, status counts, lost points."""

from __future__ import annotations

import re
from typing import Any

from dti.engine import framework as fw
from dti.engine.entries import Entry
from dti.engine.numbers import fmt_number
from dti.engine.rules import rule_of

# Data-entry notes ("— Ghi chú nhập liệu: …") explain a row to the next editor; they are not part
# of what the unit reports, so documents leave them out.
_NOTE_RE = re.compile(r"\s*[—–-]+\s*Ghi chú nhập liệu\s*:.*$", re.DOTALL)
# A leading status word repeats the status column: "Đạt. …", "Đang triển khai thực hiện. …"
_LEADING_STATUS_RE = re.compile(
    r"^\s*(Đạt|Đã đạt|Không đạt|Chưa đạt|Đang (triển khai )?thực hiện|Đang triển khai|Chưa thực hiện"
    r"|Chưa triển khai)\s*[.:;,]\s*",
    re.IGNORECASE,
)
# "Chưa đạt điểm tối đa (8,8/10)." / "Không đạt điểm (0/20)." before the reason itself
_LEADING_POINTS_RE = re.compile(
    r"^\s*(Chưa đạt điểm tối đa|Không đạt điểm|Đạt điểm tối đa)\s*(\([^)]*\))?\s*[.:;,]?\s*", re.IGNORECASE
)
_FULL_MARKS_RE = re.compile(r"^\s*Đạt điểm tối đa\b", re.IGNORECASE)


# Text that belongs to the people who fill a form, never to the document: template hints copied from
# the blank form ("(Ghi rõ bao nhiêu/ bao nhiêu, đạt 81%)" keeps only "đạt 81%"), editors' remarks
# ("Ô … để trống …", "— mẫu chưa điền …", "(tài liệu không nêu …)", "thân báo cáo ghi …"),
# illustration markers, ``assumed:`` placeholders and file names.
_HINT_RE = re.compile(r"\(\s*Ghi rõ[^,)]*(?:,\s*([^)]*))?\)", re.IGNORECASE)
_INTERNAL_RES = (
    re.compile(r"\s*[—–]\s*mẫu chưa điền.*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*Ô\s.*?để trống.*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"\s*\((?:[^()]*\b(?:tài liệu|văn bản) (?:nguồn )?không (?:nêu|có|ghi)[^()]*)\)", re.IGNORECASE),
    re.compile(r"[;,]?\s*thân báo cáo ghi\b[^.;]*", re.IGNORECASE),
    re.compile(r"\[\s*Số liệu minh họa\s*\]\s*", re.IGNORECASE),
    re.compile(r"\bassumed\s*:.*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"(?:[\w.-]*/)+[\w.-]+\.(?:txt|csv|xlsx|xls|yaml|yml|json|docx|pdf)\b"),
    re.compile(r"\b[\w-]+\.(?:txt|csv|xlsx|xls|yaml|yml|json)\b"),
)
# a hint whose figure was never filled in: "đạt ...%"
_EMPTY_FIGURE_RE = re.compile(r"^\s*(?:đạt\s*)?\.{2,}\s*%?\s*(?:cho từng loại)?\s*$", re.IGNORECASE)


def clean_text(text: str | None) -> str:
    """The unit's own words without data-entry notes, form hints and internal remarks; ``""`` when
    nothing is left."""
    if not text:
        return ""
    text = _NOTE_RE.sub("", text)
    text = _HINT_RE.sub(lambda m: (m.group(1) or "").strip(), text)
    for pattern in _INTERNAL_RES:
        text = pattern.sub("", text)
    text = re.sub(r"\s{2,}", " ", text).strip().strip(";,").strip()
    if _EMPTY_FIGURE_RE.match(text):
        return ""
    return text


def without_status(text: str) -> str:
    """Drop a leading status word that the document already states."""
    return _LEADING_STATUS_RE.sub("", text, count=1).strip()


def reason_text(text: str | None) -> str:
    """The cause in an explanation: from "Nguyên nhân" on when present, else the text without its
    leading points phrase. Texts that only say the criterion reached full marks give nothing."""
    text = clean_text(text)
    if not text or _FULL_MARKS_RE.match(text):
        return ""
    at = text.find("Nguyên nhân")
    if at >= 0:
        return text[at:].strip()
    return _LEADING_POINTS_RE.sub("", text, count=1).strip()


def figures_sentence(entry: Entry | None, node: fw.Node) -> str:
    """The inputs as a Vietnamese phrase: ``1.627/1.663 hồ sơ, đạt 97,84%``; ``""`` if none.

    The rule object writes it (its verb, its minimum)."""
    if entry is None:
        return ""
    return rule_of(node.rule).sentence(entry, node.unit, clean_text)


def counts_phrase(counts: dict[str, int], noun: str = "tiêu chí") -> str:
    """``Đạt 5/10 tiêu chí, đang thực hiện 5/10 tiêu chí`` — categories with zero are left out."""
    total = counts.get("total", 0)
    parts = []
    for key, label in (
        ("dat", "đạt"),
        ("dang_thuc_hien", "đang thực hiện"),
        ("chua_thuc_hien", "chưa thực hiện"),
        ("khong_ap_dung", "không áp dụng"),
    ):
        if counts.get(key):
            parts.append(f"{label} {counts[key]}/{total} {noun}")
    text = ", ".join(parts) or f"chưa có {noun} nào"
    return text[0].upper() + text[1:]


def two_digits(n: int) -> str:
    """``3`` → ``03``: counts and ranks as the documents write them."""
    return f"{n:02d}"


def points(value: float | None, digits: int = 2) -> str:
    return fmt_number(value, digits)


def lost_phrase(crit: dict[str, Any], digits: int = 2) -> str:
    """``chưa đạt điểm tối đa (đạt 8,8/10 điểm tối đa)`` or ``không đạt điểm (0/20 điểm tối đa)``."""
    score, mx = crit["score"], crit["max_points"]
    if score <= 1e-9:
        return f"không đạt điểm (0/{points(mx, digits)} điểm tối đa)"
    return f"chưa đạt điểm tối đa (đạt {points(score, digits)}/{points(mx, digits)} điểm tối đa)"


def join_names(names: list[str]) -> str:
    """``a, b và c``."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]
