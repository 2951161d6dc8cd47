"""Org units: official-list import (idempotent), historical units and successors, the resolver."""

from __future__ import annotations

import datetime as dt

import pytest

from dti.web.core.vi import vi_slugify, vi_sort_key
from dti.web.units.models import OrgUnit
from dti.web.units.resolver import UnitNotFound, resolve_unit
from dti.web.units.services import units_import


@pytest.mark.django_db
def test_it_imports_one_province_idempotently() -> None:
    first = units_import(provinces=["58"], structure="legacy")
    count = OrgUnit.objects.count()
    assert first.created == count and first.updated == 0
    second = units_import(provinces=["58"], structure="legacy")
    assert (second.created, OrgUnit.objects.count()) == (0, count)
    districts = OrgUnit.objects.filter(parent__key="legacy:58").order_by("code")
    assert [d.code for d in districts] == ["582", "584", "585", "586", "587", "588", "589"]
    ninh_son = resolve_unit("Huyện Ninh Sơn")
    assert (ninh_son.code, ninh_son.type, ninh_son.path) == ("585", "huyen", "58/585")
    assert ninh_son.lat is not None and ninh_son.children.count() > 5


@pytest.mark.django_db
def test_it_creates_hue_historical_units_with_successors() -> None:
    units_import(provinces=["46"], structure="legacy")
    tth = OrgUnit.objects.get(key="legacy:46~2024")
    assert tth.name == "Tỉnh Thừa Thiên Huế" and tth.valid_to == dt.date(2024, 12, 31)
    assert [s.name for s in tth.successors.all()] == ["Thành phố Huế"]
    nam_dong = resolve_unit("483")
    assert nam_dong.name == "Huyện Nam Đông" and nam_dong.valid_to == dt.date(2024, 12, 31)
    assert [s.code for s in nam_dong.successors.all()] == ["482"]
    phu_loc = OrgUnit.objects.get(key="legacy:482")
    successors = list(phu_loc.successors.all())
    assert len(successors) >= 5 and all(s.structure == "2025" and s.level == 3 for s in successors)
    assert all(s.valid_from == dt.date(2025, 7, 1) for s in successors)
    # 46 names two units over time: the date decides
    assert resolve_unit("46", on=dt.date(2024, 6, 30)).name == "Tỉnh Thừa Thiên Huế"
    assert resolve_unit("474", on=dt.date(2024, 6, 30)).name == "Thành phố Huế"
    assert resolve_unit("474", on=dt.date(2025, 3, 1)).name == "Quận Thuận Hóa"


@pytest.mark.django_db
def test_it_explains_an_unknown_or_ambiguous_unit() -> None:
    units_import(provinces=["46"], structure="legacy")
    with pytest.raises(UnitNotFound, match="Không tìm thấy đơn vị 'Huyện Không Có'"):
        resolve_unit("Huyện Không Có")
    assert resolve_unit("huyện nam đông").code == "483"
    assert resolve_unit("Huyen Nam Dong").code == "483"


def test_it_sorts_vietnamese_names_with_d_before_dd() -> None:
    names = ["Đông Hà", "Dương Kinh", "Ân Thi", "Bắc Ninh", "Duy Tiên", "Ea Kar", "Đà Lạt"]
    assert sorted(names, key=vi_sort_key) == ["Ân Thi", "Bắc Ninh", "Dương Kinh", "Duy Tiên", "Đà Lạt",
                                              "Đông Hà", "Ea Kar"]
    assert vi_slugify("Đắk Lắk") == "dak-lak"
