"""AuditEvent (nhật ký): append-only record of every write."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField("thao tác", max_length=60, db_index=True)
    object_type = models.CharField("loại đối tượng", max_length=60)
    object_id = models.CharField("mã đối tượng", max_length=64, blank=True)
    object_repr = models.CharField("đối tượng", max_length=255, blank=True)
    old = models.JSONField("giá trị cũ", null=True, blank=True)
    new = models.JSONField("giá trị mới", null=True, blank=True)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    created_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "sự kiện nhật ký"
        verbose_name_plural = "nhật ký thao tác"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Nhật ký chỉ được ghi thêm, không được sửa")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Nhật ký chỉ được ghi thêm, không được xóa")
