"""What both documents share: settings defaults from the unit, template variables, helpers."""

from __future__ import annotations

import dataclasses
from typing import Any

from docx.document import Document as DocxDocument

from dti.engine.numbers import fmt_number
from dti.reports import layout
from dti.reports.data import criteria_of, lost_points, unit_in_sentence, unit_short_name
from dti.reports.sentences import clean_text, without_status
from dti.reports.settings import DocumentSettings

SYMBOLS = {"bao-cao": "BC-UBND", "ke-hoach": "KH-UBND"}


def with_defaults(settings: DocumentSettings | None, data: dict[str, Any], kind: str) -> DocumentSettings:
    """Fill what the settings leave empty from the unit: issuer, place, symbol, signer."""
    s = dataclasses.replace(settings) if settings else DocumentSettings()
    name = data.get("unit_name") or data["unit"]
    if not s.issuer_name:
        s.issuer_name = f"ỦY BAN NHÂN DÂN\n{name.upper()}"
    body = issuer_body(s.issuer_name)
    if not s.symbol:
        s.symbol = SYMBOLS.get(kind, "UBND") if body is None else f"{SYMBOLS.get(kind, 'BC-UBND')[:2]}-{body[2]}"
    if not s.place:
        s.place = unit_short_name(name)
    if not s.reporter:
        s.reporter = f"UBND {unit_in_sentence(name)}" if body is None else f"{body[3]} {unit_in_sentence(name)}"
    if body is not None and s.on_behalf_of.upper() in ("", "ỦY BAN NHÂN DÂN") and s.signer_title.upper() in (
            "", "CHỦ TỊCH"):
        # the signature follows the issuer: a Ban chỉ đạo signs "TM. BAN CHỈ ĐẠO / TRƯỞNG BAN"
        s.on_behalf_of, s.signer_title = body[0], body[1]
    if not (s.on_behalf_of or s.deputy_of or s.signer_title):
        s.on_behalf_of = "ỦY BAN NHÂN DÂN"
        s.signer_title = "CHỦ TỊCH"
    return s


_BODIES = (
    ("ban chỉ đạo", ("BAN CHỈ ĐẠO", "TRƯỞNG BAN", "BCĐ", "Ban Chỉ đạo chuyển đổi số")),
    ("ban điều hành", ("BAN ĐIỀU HÀNH", "TRƯỞNG BAN", "BĐH", "Ban Điều hành chuyển đổi số")),
)


def issuer_body(issuer_name: str) -> tuple[str, str, str, str] | None:
    """(TM., chức vụ, ký hiệu, tên trong câu) of a collective issuer other than the People's Committee."""
    folded = issuer_name.lower()
    for word, body in _BODIES:
        if word in folded:
            return body
    return None


def _deadline_phrase(deadlines: list[str]) -> str:
    """``["30/5", "15/11"]`` → ``định kỳ 06 tháng (trước ngày 30/5) và hằng năm (trước ngày 15/11)``."""
    if len(deadlines) == 2:
        return f"định kỳ 06 tháng (trước ngày {deadlines[0]}) và hằng năm (trước ngày {deadlines[1]})"
    return " và ".join(f"trước ngày {d}" for d in deadlines) or "theo quy định"


def variables(data: dict[str, Any], s: DocumentSettings, kind: str = "bao-cao") -> dict[str, Any]:
    year = data.get("year")
    name = data.get("unit_name") or data["unit"]
    plan_year = s.plan_year or ((year + 1) if year else None)
    period = s.period or (f"năm {year}" if year else "")
    number = s.number or "\u2003\u2003"
    rank = f"{data['rank']}/{data['rank_of']}" if data.get("rank") else ""
    return {
        "unit": unit_in_sentence(name),
        "Unit": name,
        "UNIT": name.upper(),
        "reporter": s.reporter,
        "period": period,
        "next_period": s.next_period or (f"năm {plan_year}" if plan_year else "kỳ tiếp theo"),
        "year": year or "",
        "plan_year": plan_year or "",
        "framework": data["framework"]["name"],
        "basis": s.basis or f"Thực hiện {data['framework']['name']}",
        "number_symbol": s.number_symbol,
        "number_short": f"số {number}/{s.symbol}",
        "date": s.date_text(plan_year if kind == "ke-hoach" else year),
        "class": (data.get("class") or "").lower(),
        "rank": rank,
        "deadlines": _deadline_phrase(s.deadlines),
        "report_deadlines": _deadline_phrase(s.report_deadlines),
        "leads": "",
    }


def free_text(s: DocumentSettings, key: str) -> list[str]:
    """Paragraphs the user wrote for a section (``texts`` in the settings), if any."""
    value = s.texts.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.split("\n") if p.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def result_text(crit: dict[str, Any]) -> str:
    """What a criterion achieved, for body and appendix alike: computed figures when the entry has
    numbers (so a mistyped percentage in the free text cannot contradict them), else the unit's
    explanation."""
    inputs = crit.get("inputs", {})
    numeric = any(k in inputs for k in ("Tử số / mẫu số", "Số lượng", "Giá trị"))
    explanation = without_status(clean_text(crit.get("explanation")))
    if numeric and crit.get("figures"):
        return crit["figures"]
    return explanation or crit.get("figures", "")


def sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    return text if text.endswith((".", "./.", ":", ";", "!", "?")) else text + "."


def score_text(value: float | None, digits: int = 2) -> str:
    return fmt_number(value, digits)


def biggest_gaps(groups: list[dict[str, Any]], limit: int = 5) -> list[dict[str, Any]]:
    crits = [c for g in groups for c in criteria_of(g) if lost_points(c) > 1e-9]
    return sorted(crits, key=lambda c: -lost_points(c))[:limit]


class Editable:
    """Paragraphs the drafter may rewrite in the platform: each has a stable key; ``edits`` holds
    the drafter's version. Tables, counts and scores are never keyed, so they stay generated."""

    def __init__(self, doc: DocxDocument, edits: dict[str, str]):
        self.doc, self.edits = doc, edits
        self.keys: list[tuple[str, str]] = []

    def body(self, key: str, text: str, *, bullet: bool = False) -> None:
        self.keys.append((key, text))
        text = self.edits.get(key, text).strip()
        if not text:
            return
        if bullet:
            layout.add_bullet(self.doc, sentence(text))
        else:
            layout.add_body(self.doc, text)
