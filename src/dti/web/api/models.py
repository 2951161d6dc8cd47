"""Access tokens (mã truy cập) of the API: personal tokens for people, scoped tokens for data sources.

Only a SHA-256 hash of each secret is stored; the secret itself is shown once, when issued.
A random 256-bit secret needs no slow hash: nothing can be guessed from its digest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class DataSource(models.Model):
    """Nguồn dữ liệu (Hue-S, IOC…): pushes figures as its own service account, so the audit
    trail names it as the actor."""

    name = models.CharField("tên nguồn", max_length=60, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="tài khoản dịch vụ", on_delete=models.PROTECT,
        related_name="data_source",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "nguồn dữ liệu"
        verbose_name_plural = "nguồn dữ liệu"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TokenBase(models.Model):
    key_hash = models.CharField("mã băm", max_length=64, unique=True, editable=False)
    hint = models.CharField("gợi nhớ", max_length=16, editable=False, help_text="vài ký tự đầu của mã")
    expires_at = models.DateTimeField("hết hạn lúc")
    revoked = models.BooleanField("đã thu hồi", default=False)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người cấp", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("cấp lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return not self.revoked and self.expires_at > timezone.now()


class PersonalToken(TokenBase):
    """Mã truy cập cá nhân: acts as its user, with exactly that user's roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người dùng", on_delete=models.CASCADE, related_name="api_tokens"
    )
    label = models.CharField("mô tả", max_length=100, blank=True)

    class Meta:
        verbose_name = "mã truy cập cá nhân"
        verbose_name_plural = "mã truy cập cá nhân"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.hint}… ({self.user})"


class MachineToken(TokenBase):
    """Mã truy cập máy: a data source may push only the named criteria for units in one subtree."""

    source = models.ForeignKey(DataSource, verbose_name="nguồn dữ liệu", on_delete=models.PROTECT, related_name="tokens")
    criteria = models.JSONField("tiêu chí được phép", default=list, help_text="danh sách mã tiêu chí, ví dụ [\"III.1\"]")
    unit = models.ForeignKey(
        "units.OrgUnit", verbose_name="phạm vi đơn vị", on_delete=models.PROTECT, related_name="+",
        help_text="đơn vị và toàn bộ đơn vị cấp dưới",
    )

    class Meta:
        verbose_name = "mã truy cập máy"
        verbose_name_plural = "mã truy cập máy"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.hint}…"

    def covers(self, unit: object, criterion_code: str | None = None) -> bool:
        within = unit.is_within(self.unit)  # type: ignore[attr-defined]
        return within and (criterion_code is None or criterion_code in self.criteria)
