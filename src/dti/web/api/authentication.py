"""``Authorization: Bearer <token>`` for personal and machine tokens (session auth is DRF's own)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from dti.web.api.models import MachineToken
from dti.web.api.tokens import token_lookup

# last_used_at is informative; writing it on every request would turn each read into a write
_TOUCH_EVERY = dt.timedelta(minutes=5)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Tiêu đề Authorization phải có dạng 'Bearer <mã truy cập>'")
        token = token_lookup(header[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed("Mã truy cập không đúng")
        if token.revoked:
            raise exceptions.AuthenticationFailed("Mã truy cập đã bị thu hồi")
        if not token.is_active:
            raise exceptions.AuthenticationFailed("Mã truy cập đã hết hạn")
        user = token.source.user if isinstance(token, MachineToken) else token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed("Tài khoản của mã truy cập đã bị khóa")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "dti.web.api.authentication.BearerTokenAuthentication"
    name = "maTruyCap"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http", "scheme": "bearer",
            "description": "Mã truy cập cá nhân (dti_u_…) hoặc mã truy cập máy của nguồn dữ liệu (dti_m_…).",
        }
