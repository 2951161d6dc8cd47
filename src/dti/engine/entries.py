"""Entries (số liệu): the raw inputs of one unit for one criterion, and units (đơn vị)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from enum import IntEnum


class Status(IntEnum):
    """Implementation status (tình trạng thực hiện). 0 means 'not given'."""

    DAT = 1
    DANG_THUC_HIEN = 2
    CHUA_THUC_HIEN = 3
    KHONG_AP_DUNG = 4

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.DAT: "Đạt",
    Status.DANG_THUC_HIEN: "Đang thực hiện",
    Status.CHUA_THUC_HIEN: "Chưa thực hiện",
    Status.KHONG_AP_DUNG: "Không áp dụng",
}
STATUS_KEYS = tuple(s.key for s in Status)


def fold(text: str) -> str:
    """Lower-case, accents removed, đ→d: for matching Vietnamese words typed any way."""
    text = text.strip().lower().replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


# Exactly the status words docs/entries-format.md lists: the four labels, their keys, and the
# two synonyms documents use ("Hoàn thành", "N/A"). Anything else is refused, never guessed.
_STATUS_WORDS = {
    "dat": Status.DAT,
    "hoan thanh": Status.DAT,
    "dang thuc hien": Status.DANG_THUC_HIEN,
    "dang_thuc_hien": Status.DANG_THUC_HIEN,
    "chua thuc hien": Status.CHUA_THUC_HIEN,
    "chua_thuc_hien": Status.CHUA_THUC_HIEN,
    "khong ap dung": Status.KHONG_AP_DUNG,
    "khong_ap_dung": Status.KHONG_AP_DUNG,
    "n/a": Status.KHONG_AP_DUNG,
}


def parse_status(text: str | Status | None) -> Status | None:
    """``Đạt`` / ``dang_thuc_hien`` / ``Không áp dụng`` → Status; raises ValueError if unknown."""
    if text is None or isinstance(text, Status):
        return text
    key = fold(str(text))
    if not key:
        return None
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    raise ValueError(text)


_TRUE = {"co", "x", "1", "true", "dung", "yes", "dat", "da thuc hien"}
_FALSE = {"khong", "0", "false", "sai", "no", "chua"}


def parse_bool(text: str | bool | None) -> bool | None:
    if text is None or isinstance(text, bool):
        return text
    key = fold(str(text))
    if not key:
        return None
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(text)


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit being assessed: official code, display name, and the peer group it is ranked in."""

    code: str
    name: str = ""
    parent: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.code


@dataclass(frozen=True, slots=True)
class Entry:
    """The inputs one unit gave for one criterion (số liệu). Percent values are in percent (81.3)."""

    unit: str
    criterion: str
    status: Status | None = None
    done: bool | None = None
    numerator: float | None = None
    denominator: float | None = None
    count: float | None = None
    value: float | None = None
    value_is_percent: bool = False
    date: dt.date | None = None
    text: str | None = None
    expert_score: float | None = None
    expert_reason: str | None = None
    explanation: str | None = None
    stated: str | None = None

    @property
    def rate(self) -> float | None:
        """numerator/denominator, or a percentage ``value`` as a fraction."""
        if self.numerator is not None and self.denominator:
            return self.numerator / self.denominator
        if self.value is not None and self.value_is_percent:
            return self.value / 100.0
        return None
