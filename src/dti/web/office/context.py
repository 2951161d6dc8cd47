from __future__ import annotations

from django.http import HttpRequest

from dti.web.permissions.office import can_use_office


def office_nav(request: HttpRequest) -> dict[str, bool]:
    """The header links to the office's console for owners and admins."""
    user = getattr(request, "user", None)
    return {"office_nav": bool(user is not None and user.is_authenticated and can_use_office(user))}
