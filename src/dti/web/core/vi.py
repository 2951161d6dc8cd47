"""Vietnamese text helpers: sorting order and slugs."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils.text import slugify

T = TypeVar("T")

# 'đ' does not decompose under NFD; map it just after 'd' (and before 'e') so 'Đông' follows 'Dương'.
_D_AFTER = "d\x7f"


def vi_sort_key(text: str) -> tuple[str, str]:
    """Sort key for Vietnamese names: accents folded, đ after d; the exact text breaks ties."""
    lowered = text.strip().lower()
    decomposed = unicodedata.normalize("NFD", lowered)
    base = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return base.replace("đ", _D_AFTER), unicodedata.normalize("NFC", lowered)


def vi_sorted(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    return sorted(items, key=lambda x: vi_sort_key(key(x)))


def vi_slugify(text: str) -> str:
    """``Đắk Lắk`` → ``dak-lak`` (Django's slugify alone drops the đ)."""
    return slugify(text.replace("đ", "d").replace("Đ", "D"))
