"""Notification (thông báo): one row per recipient and event, shown in the inbox and sent by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    ROUND_OPENED = "round_opened", "Mở kỳ đánh giá"
    DEADLINE_SOON = "deadline_soon", "Sắp hết hạn nộp"
    OVERDUE = "overdue", "Quá hạn nộp"
    RETURNED = "returned", "Tiêu chí bị trả lại"
    APPROVED = "approved", "Đã duyệt"
    SUBMITTED = "submitted", "Có số liệu chờ duyệt"
    PRELIMINARY = "preliminary", "Kết quả sơ bộ"
    FEEDBACK = "feedback", "Ý kiến về kết quả sơ bộ"
    FEEDBACK_ANSWERED = "feedback_answered", "Hội đồng trả lời ý kiến"
    PUBLISHED = "published", "Công bố kết quả"
    EXTENSION = "extension", "Gia hạn nộp"
    REOPENED = "reopened", "Mở lại nhập liệu"


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi lỗi"
    NO_ADDRESS = "no_address", "Không có địa chỉ e-mail"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người nhận", on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    subject = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    round = models.ForeignKey("rounds.Round", verbose_name="kỳ đánh giá", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="+")
    # scheduled reminders are sent once per key (e.g. "deadline_soon:2024-06-17")
    key = models.CharField("khóa chống gửi lặp", max_length=120, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    email_status = models.CharField("e-mail", max_length=12, choices=EmailStatus.choices,
                                    default=EmailStatus.PENDING)
    email_error = models.CharField("lỗi gửi e-mail", max_length=500, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.subject
