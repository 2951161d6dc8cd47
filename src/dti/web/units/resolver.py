"""One resolver: a unit named by its official code, its key, or its full Vietnamese name."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from dti.engine.entries import fold
from dti.engine.numbers import fmt_date
from dti.web.units.models import OrgUnit


class UnitNotFound(LookupError):
    """Vietnamese message naming what was looked for (and the candidates when ambiguous)."""


def resolve_unit(ref: str, *, within: QuerySet[OrgUnit] | None = None, on: dt.date | None = None) -> OrgUnit:
    """``"585"``, ``"legacy:585"`` or ``"Huyện Ninh Sơn"`` → the unit.

    Official codes are reused after reorganisations (46 was Tỉnh Thừa Thiên Huế, then Thành phố
    Huế), so several units may match: the one valid on ``on`` (default: today, else the latest) wins.
    """
    ref = (ref or "").strip()
    if not ref:
        raise UnitNotFound("Chưa nêu đơn vị (mã hoặc tên đầy đủ)")
    qs = within if within is not None else OrgUnit.objects.all()
    found = list(qs.filter(Q(code=ref) | Q(key=ref) | Q(name__iexact=ref)))
    if not found:
        folded = fold(ref)
        # accents typed differently (“Huyen Ninh Son”): compare folded names among same-length names
        found = [u for u in qs.filter(name__iregex=rf"^.{{{len(ref)}}}$") if fold(u.name) == folded]
    if not found:
        raise UnitNotFound(f"Không tìm thấy đơn vị '{ref}' (dùng mã chính thức hoặc tên đầy đủ, ví dụ 'Huyện Ninh Sơn')")
    if len(found) == 1:
        return found[0]
    exact_key = [u for u in found if u.key == ref]
    if len(exact_key) == 1:
        return exact_key[0]
    day = on or timezone.localdate()
    valid = [u for u in found if u.valid_on(day)]
    if len(valid) == 1:
        return valid[0]
    if on is None and not valid:
        latest = sorted(found, key=lambda u: u.valid_to or dt.date.max)
        if (latest[-1].valid_to or dt.date.max) != (latest[-2].valid_to or dt.date.max):
            return latest[-1]
    names = "; ".join(f"{u.name} [{u.key}] {_validity(u)}" for u in found)
    raise UnitNotFound(f"'{ref}' ứng với nhiều đơn vị: {names}. Hãy dùng khóa trong ngoặc vuông.")


def _validity(u: OrgUnit) -> str:
    start = fmt_date(u.valid_from) if u.valid_from else "…"
    end = fmt_date(u.valid_to) if u.valid_to else "nay"
    return f"({start}–{end})"
