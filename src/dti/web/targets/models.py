"""Target (chỉ tiêu): a comparator text (``>60``, ``≥ 80 %``) for one criterion, one unit, one year.

A target set on the province is the province-wide target; one set on a district is that district's
own, and wins over the province's; without either the framework's own target applies.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Target(models.Model):
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="targets")
    framework_code = models.SlugField("mã bộ chỉ số", max_length=80)
    year = models.PositiveSmallIntegerField("năm")
    criterion_code = models.CharField("mã tiêu chí", max_length=40)
    text = models.CharField("chỉ tiêu", max_length=60)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người đặt", null=True, blank=True,
                               on_delete=models.SET_NULL)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        constraints = [models.UniqueConstraint(fields=["unit", "framework_code", "year", "criterion_code"],
                                               name="target_unique")]

    def __str__(self) -> str:
        return f"{self.criterion_code} {self.text} ({self.year})"
