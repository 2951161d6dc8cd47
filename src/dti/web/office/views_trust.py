"""Trust roots for signed evidence: the platform admin lists, uploads and removes CA certificates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dti.web import permissions as perm
from dti.web.entries.trust_roots import MAX_BYTES, trust_root_add, trust_root_remove, trust_roots_list


@login_required
@require_http_methods(["GET", "POST"])
def trust_roots(request: HttpRequest) -> HttpResponse:
    perm.require(perm.is_admin(request.user))
    errors: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                gone = trust_root_remove(fingerprint=request.POST.get("fingerprint", "")[:200], actor=request.user)
                messages.success(request, f"Đã gỡ chứng thư gốc '{gone.name}'.")
            else:
                upload = request.FILES.get("file")
                data = upload.read(MAX_BYTES + 1) if upload is not None else b""
                added = trust_root_add(data=data, actor=request.user)
                messages.success(request, "Đã thêm: " + ", ".join(r.name for r in added))
            return redirect("office:trust_roots")
        except ValidationError as exc:
            errors = list(exc.messages)
    return render(request, "office/trust_roots.html", {"roots": trust_roots_list(), "errors": errors},
                  status=400 if errors else 200)
