"""Notifications sent when a round changes state (recorded in the caller's transaction)."""

from __future__ import annotations

from django.urls import reverse

from dti.web.rounds.models import Round


def notify_transition(*, rnd: Round, action: str) -> None:
    from dti.web.notifications.models import Kind
    from dti.web.notifications.recipients import round_people
    from dti.web.notifications.services import notify

    url = reverse("rounds:detail", args=[rnd.slug])
    if action == "round_open":
        deadline = f" Hạn nộp: {rnd.submission_deadline:%d/%m/%Y}." if rnd.submission_deadline else ""
        notify(users=round_people(rnd), kind=Kind.ROUND_OPENED, round=rnd, url=url,
               subject=f"Mở kỳ đánh giá: {rnd.name}", body=f"Kỳ đánh giá đã mở nhập số liệu.{deadline}")
    elif action == "round_preliminary":
        until = f" Đơn vị gửi ý kiến đến hết ngày {rnd.feedback_deadline:%d/%m/%Y}." if rnd.feedback_deadline else ""
        notify(users=round_people(rnd), kind=Kind.PRELIMINARY, round=rnd, url=url,
               subject=f"Kết quả sơ bộ: {rnd.name}",
               body=f"Đã có kết quả thẩm định sơ bộ của đơn vị.{until}")
    elif action == "round_publish":
        notify(users=round_people(rnd), kind=Kind.PUBLISHED, round=rnd,
               url=reverse("results:public_round", args=[rnd.slug]),
               subject=f"Công bố kết quả: {rnd.name}", body="Kết quả chính thức của kỳ đánh giá đã được công bố.")
