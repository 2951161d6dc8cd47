"""OrgUnit (đơn vị hành chính) tree with validity dates and successor links, and Agency (cơ quan)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models


class Structure(models.TextChoices):
    LEGACY = "legacy", "3 cấp (trước 01/7/2025)"
    V2025 = "2025", "2 cấp (từ 01/7/2025)"


class UnitType(models.TextChoices):
    TINH = "tinh", "Tỉnh"
    THANH_PHO_TW = "thanh_pho_tw", "Thành phố trực thuộc trung ương"
    HUYEN = "huyen", "Huyện"
    QUAN = "quan", "Quận"
    THI_XA = "thi_xa", "Thị xã"
    THANH_PHO = "thanh_pho", "Thành phố thuộc tỉnh"
    XA = "xa", "Xã"
    PHUONG = "phuong", "Phường"
    THI_TRAN = "thi_tran", "Thị trấn"
    DAC_KHU = "dac_khu", "Đặc khu"


class Level(models.IntegerChoices):
    TINH = 1, "Cấp tỉnh"
    HUYEN = 2, "Cấp huyện"
    XA = 3, "Cấp xã"


def path_for(parent: OrgUnit | None, code: str) -> str:
    """A unit's path: its parent's path, then its own code (the one place this is computed)."""
    return f"{parent.path}/{code}" if parent is not None else code


class OrgUnit(models.Model):
    """Đơn vị hành chính. Official codes are reused across reorganisations, so ``key`` is the identity."""

    key = models.CharField("khóa", max_length=64, unique=True)
    code = models.CharField("mã", max_length=10, db_index=True)
    name = models.CharField("tên", max_length=200, db_index=True)
    type = models.CharField("loại", max_length=20, choices=UnitType.choices)
    level = models.PositiveSmallIntegerField("cấp", choices=Level.choices)
    structure = models.CharField("hệ thống", max_length=10, choices=Structure.choices)
    parent = models.ForeignKey(
        "self", verbose_name="đơn vị cấp trên", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    # official codes of the ancestors and self, "/"-joined: subtree queries (and every role's scope)
    # are one prefix match. Derived, never typed: ``save()`` sets it from the parent, and moving a unit
    # goes through ``units.services.unit_save``, which carries its subtree along.
    path = models.CharField("đường dẫn", max_length=255, db_index=True)
    lat = models.FloatField("vĩ độ", null=True, blank=True)
    lon = models.FloatField("kinh độ", null=True, blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name="đơn vị kế thừa", symmetrical=False, blank=True, related_name="predecessors"
    )
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.path = path_for(self.parent, self.code)
        fields = kwargs.get("update_fields")
        if fields is not None and ("parent" in fields or "code" in fields):
            kwargs["update_fields"] = {*fields, "path"}
        super().save(*args, **kwargs)

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def is_within(self, other: OrgUnit) -> bool:
        """True when this unit is ``other`` or lies in its subtree."""
        return self.path == other.path or self.path.startswith(other.path + "/")


class Agency(models.Model):
    """Cơ quan, phòng ban: belongs to an org unit; lead or coordinator of criteria in a round."""

    code = models.SlugField("mã", max_length=80)
    name = models.CharField("tên", max_length=200)
    org_unit = models.ForeignKey(OrgUnit, verbose_name="thuộc đơn vị", on_delete=models.PROTECT, related_name="agencies")
    # a merged agency stays (its audit trail and old rounds point at it) but is no longer offered
    active = models.BooleanField("đang hoạt động", default=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="đã hợp nhất vào", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan, phòng ban"
        constraints = [models.UniqueConstraint(fields=["org_unit", "code"], name="agency_code_unique_per_unit")]

    def __str__(self) -> str:
        return self.name
