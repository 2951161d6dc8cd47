"""RoleAssignment (phân quyền): a user's role scoped to an org-unit subtree (and an agency)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", "Quản trị hệ thống"
    FRAMEWORK_OWNER = "framework_owner", "Cơ quan chủ trì bộ chỉ số"
    ASSESSOR = "assessor", "Thẩm định"
    UNIT_LEADER = "unit_leader", "Lãnh đạo đơn vị"
    UNIT_EDITOR = "unit_editor", "Cán bộ nhập liệu đơn vị"
    AGENCY_EDITOR = "agency_editor", "Cán bộ nhập liệu cơ quan"
    VIEWER = "viewer", "Xem kết quả"
    DATA_OFFICE = "data_office", "Cán bộ dữ liệu của tỉnh"


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người dùng", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    # None = the whole platform (only meaningful for admins and national viewers)
    org_unit = models.ForeignKey(
        "units.OrgUnit", verbose_name="phạm vi đơn vị", null=True, blank=True, on_delete=models.PROTECT
    )
    agency = models.ForeignKey(
        "units.Agency", verbose_name="cơ quan", null=True, blank=True, on_delete=models.PROTECT
    )

    # assessors: the criteria or groups they appraise (codes separated by commas/spaces; a group covers
    # its criteria); blank = every criterion
    criteria = models.CharField("tiêu chí/nhóm được thẩm định", max_length=500, blank=True)
    # assessors who sit on the council (hội đồng thẩm định): answer feedback on preliminary results
    is_council = models.BooleanField("thành viên hội đồng", default=False)

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "org_unit", "agency"], name="role_assignment_unique")
        ]

    def __str__(self) -> str:
        scope = self.agency or self.org_unit or "toàn hệ thống"
        return f"{self.get_role_display()} – {scope}"

    def clean(self) -> None:
        if self.role == Role.AGENCY_EDITOR and self.agency is None:
            raise ValidationError({"agency": "Cán bộ nhập liệu cơ quan phải gắn với một cơ quan"})
        if self.role == Role.UNIT_LEADER and self.org_unit is None:
            raise ValidationError({"org_unit": "Lãnh đạo đơn vị phải gắn với một đơn vị"})

    @property
    def criteria_codes(self) -> frozenset[str]:
        return frozenset(c for c in self.criteria.replace(",", " ").split() if c)




class AccountState(models.Model):
    """Per-user flags the auth User lacks: a one-time password must be changed at first login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="người dùng", on_delete=models.CASCADE, related_name="account_state"
    )
    must_change_password = models.BooleanField("phải đổi mật khẩu", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người tạo", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "trạng thái tài khoản"
        verbose_name_plural = "trạng thái tài khoản"

    def __str__(self) -> str:
        return str(self.user)
