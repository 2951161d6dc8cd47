"""DRF permission classes (kept free of view imports: DRF's settings load this module early)."""

from __future__ import annotations

from rest_framework import permissions
from rest_framework.request import Request

from dti.web.api.models import MachineToken


def machine_of(request: Request) -> MachineToken | None:
    return request.auth if isinstance(request.auth, MachineToken) else None


class IsAuthenticated(permissions.IsAuthenticated):
    message = "Chưa đăng nhập hoặc thiếu mã truy cập"


class PeopleOnly(permissions.BasePermission):
    """Scores and the audit trail are for people; a data source only pushes its figures."""

    message = "Mã truy cập máy không được dùng cho tài nguyên này"

    def has_permission(self, request: Request, view: object) -> bool:
        return machine_of(request) is None
