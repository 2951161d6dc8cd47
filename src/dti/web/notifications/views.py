"""The inbox (hộp thư): every user's notifications, newest first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from dti.web.notifications.models import Notification
from dti.web.notifications.services import notification_mark_read


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    qs = Notification.objects.filter(user=request.user).select_related("round")
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    return render(request, "notifications/inbox.html", {
        "page": page, "unread": qs.filter(read_at__isnull=True).count()})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("id", "")
    notification_mark_read(user=request.user, ids=[int(raw)] if raw.isdigit() else None)
    return redirect("notifications:inbox")
