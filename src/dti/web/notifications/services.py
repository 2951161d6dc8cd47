"""Recording and sending notifications. Sending never blocks the action that caused it.

``notify`` writes the inbox rows in the caller's transaction (so a refused action leaves none) and
sends the e-mails after the commit; a failing mail server only marks the row ``failed``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from dti.web.notifications.models import EmailStatus, Notification

if TYPE_CHECKING:
    from dti.web.rounds.models import Round

log = logging.getLogger(__name__)


def notify(
    *, users: Iterable[AbstractBaseUser], kind: str, subject: str, body: str = "", url: str = "",
    round: Round | None = None, key: str = "",
) -> list[Notification]:
    """One inbox row per distinct active user (skipping those already notified under ``key``)."""
    seen: set[int] = set()
    rows: list[Notification] = []
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if key and Notification.objects.filter(user=user, kind=kind, round=round, key=key).exists():
            continue
        rows.append(Notification(user=user, kind=kind, subject=subject[:300], body=body, url=url[:500],
                                 round=round, key=key))
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.pk is not None]
    if ids:
        transaction.on_commit(lambda: notifications_send(ids=ids))
    return created


def notifications_send(*, ids: list[int]) -> None:
    """Send the e-mails of these rows; each failure is recorded on its row, never raised."""
    base = getattr(settings, "DTI_SITE_URL", "").rstrip("/")
    for n in Notification.objects.filter(pk__in=ids, email_status=EmailStatus.PENDING).select_related("user"):
        address = getattr(n.user, "email", "")
        if not address:
            n.email_status = EmailStatus.NO_ADDRESS
            n.save(update_fields=["email_status"])
            continue
        text = n.body + (f"\n\nXem chi tiết: {base}{n.url}" if n.url else "")
        try:
            send_mail(n.subject, text, None, [address], fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - any transport error only marks the row
            log.warning("notification %s: e-mail to %s failed: %s", n.pk, address, exc)
            n.email_status, n.email_error = EmailStatus.FAILED, str(exc)[:500]
        else:
            n.email_status = EmailStatus.SENT
        n.save(update_fields=["email_status", "email_error"])


@transaction.atomic
def notification_mark_read(*, user: AbstractBaseUser, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def users_by_ids(ids: Iterable[int | None]) -> list[AbstractBaseUser]:
    wanted = {i for i in ids if i}
    return list(get_user_model().objects.filter(pk__in=wanted)) if wanted else []
