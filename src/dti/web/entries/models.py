"""Entry (số liệu) per round × unit × criterion, with its workflow, and Evidence (minh chứng)."""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models

from dti.engine.entries import Entry as EngineEntry
from dti.engine.entries import Status


class EntryStatus(models.IntegerChoices):
    DAT = int(Status.DAT), "Đạt"
    DANG_THUC_HIEN = int(Status.DANG_THUC_HIEN), "Đang thực hiện"
    CHUA_THUC_HIEN = int(Status.CHUA_THUC_HIEN), "Chưa thực hiện"
    KHONG_AP_DUNG = int(Status.KHONG_AP_DUNG), "Không áp dụng"


class Workflow(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    READY = "ready", "Chờ lãnh đạo đơn vị duyệt"
    SUBMITTED = "submitted", "Đã gửi"
    APPROVED = "approved", "Đã duyệt"
    RETURNED = "returned", "Trả lại"


class Entry(models.Model):
    round = models.ForeignKey("rounds.Round", verbose_name="kỳ đánh giá", on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="entries")
    criterion_code = models.CharField("mã tiêu chí", max_length=40)
    status = models.PositiveSmallIntegerField("tình trạng", choices=EntryStatus.choices, null=True, blank=True)
    done = models.BooleanField("hoàn thành", null=True, blank=True)
    numerator = models.FloatField("tử số", null=True, blank=True)
    denominator = models.FloatField("mẫu số", null=True, blank=True)
    count = models.FloatField("số lượng", null=True, blank=True)
    value = models.FloatField("giá trị", null=True, blank=True)
    value_is_percent = models.BooleanField("giá trị là tỷ lệ %", default=False)
    date = models.DateField("ngày", null=True, blank=True)
    text = models.TextField("nội dung", blank=True)
    explanation = models.TextField("giải trình", blank=True)
    stated = models.CharField("số liệu báo cáo ghi", max_length=60, blank=True)
    expert_score = models.FloatField("điểm thẩm định", null=True, blank=True)
    expert_reason = models.TextField("lý do thẩm định", blank=True)
    workflow = models.CharField("trạng thái xử lý", max_length=10, choices=Workflow.choices, default=Workflow.DRAFT)
    review_comment = models.TextField("ý kiến thẩm định", blank=True)
    is_sample = models.BooleanField("số liệu minh họa", default=False)
    version = models.PositiveIntegerField("phiên bản", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người cập nhật", null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    # who last typed the inputs (updated_by also moves on submit/approve): returned items go back to them
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nhập", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # the appraiser's corrected inputs ({field: value}, JSON-safe): scored instead of the unit's own
    appraised_values = models.JSONField("số liệu thẩm định sửa", null=True, blank=True)
    appraised_at = models.DateTimeField("thẩm định lúc", null=True, blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thẩm định", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # the inputs as last sent to the province, and as sent the time before: "changed since last submission"
    submitted_values = models.JSONField("số liệu lần gửi gần nhất", null=True, blank=True)
    previous_values = models.JSONField("số liệu lần gửi trước", null=True, blank=True)
    # set by "Sao chép từ kỳ trước": the values came from this entry of the previous round and the
    # user has not confirmed them yet (their next save of the criterion clears it)
    copied_from = models.ForeignKey(
        "self", verbose_name="sao chép từ số liệu kỳ trước", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    INPUT_FIELDS = (
        "status", "done", "numerator", "denominator", "count", "value", "value_is_percent", "date", "text",
        "explanation",
    )

    class Meta:
        verbose_name = "số liệu"
        verbose_name_plural = "số liệu"
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "criterion_code"], name="entry_unique_per_round_unit")
        ]
        indexes = [models.Index(fields=["round", "unit"], name="entry_round_unit")]

    def __str__(self) -> str:
        return f"{self.criterion_code} – {self.unit}"

    def snapshot(self) -> dict[str, object]:
        fields = (*self.INPUT_FIELDS, "expert_score", "expert_reason", "workflow", "review_comment", "version")
        snap = {f: getattr(self, f) for f in fields} | {"appraised_values": self.appraised_values}
        if self.copied_from_id is not None:
            snap["copied_from"] = self.copied_from_id
        return snap

    def inputs(self) -> dict[str, object]:
        """The unit's own inputs, JSON-safe (dates as ISO strings), as kept in ``submitted_values``."""
        return {f: (v.isoformat() if hasattr(v, "isoformat") else v)
                for f in self.INPUT_FIELDS for v in [getattr(self, f)]}

    def current_evidence(self) -> list[Evidence]:
        """The files that count now (filtered in Python, so a ``prefetch_related("evidence")`` serves it)."""
        return [ev for ev in self.evidence.all() if ev.removed_at is None]

    def removed_evidence(self) -> list[Evidence]:
        return [ev for ev in self.evidence.all() if ev.removed_at is not None]

    @property
    def is_appraised(self) -> bool:
        """Accepted, corrected or expert-scored by the province (the appraised score is then final)."""
        return self.workflow == Workflow.APPROVED or self.expert_score is not None or bool(self.appraised_values)


def to_engine(values: dict[str, object], unit_code: str, criterion: str) -> EngineEntry:
    """Model field values (a ``values()`` row or a form's cleaned data) → the engine's Entry."""
    status = values.get("status")
    return EngineEntry(
        unit=unit_code,
        criterion=criterion,
        status=Status(int(status)) if status else None,
        done=values.get("done"),
        numerator=values.get("numerator"),
        denominator=values.get("denominator"),
        count=values.get("count"),
        value=values.get("value"),
        value_is_percent=bool(values.get("value_is_percent")),
        date=values.get("date"),
        text=values.get("text") or None,
        expert_score=values.get("expert_score"),
        expert_reason=values.get("expert_reason") or None,
        explanation=values.get("explanation") or None,
        stated=values.get("stated") or None,
    )


def _random_name(instance: Evidence, filename: str) -> str:
    # never reuse the uploader's name on disk: random name, extension from the detected type
    ext = instance.extension or "bin"
    return str(PurePath("evidence") / f"{instance.entry.round_id}" / f"{secrets.token_hex(16)}.{ext}")


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def current(self) -> EvidenceQuerySet:
        """Files that count: neither removed nor replaced (those stay stored for the audit trail)."""
        return self.filter(removed_at__isnull=True)


class Evidence(models.Model):
    entry = models.ForeignKey(Entry, verbose_name="số liệu", on_delete=models.CASCADE, related_name="evidence")
    # default storage = MEDIA_ROOT (var/media), which no URL serves: downloads go through a checked view
    file = models.FileField("tệp", upload_to=_random_name, max_length=200)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    content_type = models.CharField("kiểu nội dung", max_length=120)
    extension = models.CharField("phần mở rộng", max_length=10)
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã băm", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người tải lên", null=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    kind_label = models.CharField("loại tệp (theo nội dung)", max_length=60, blank=True)
    # dti.evidence PdfVerification.to_dict() for PDFs (+ "error" when unreadable); null for other types
    signature_check = models.JSONField("kết quả kiểm tra chữ ký số", null=True, blank=True)
    verified_at = models.DateTimeField("kiểm tra chữ ký lúc", null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name="trùng với tệp", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # where in the file the proof is (mục, trang); each criterion's link has its own
    note = models.CharField("vị trí minh chứng trong tệp", max_length=300, blank=True)
    # a link: this row serves its entry with the stored file of an earlier upload (another criterion of
    # the unit in the round, or the previous round when carried over); no second copy is stored
    linked_from = models.ForeignKey(
        "self", verbose_name="dùng lại tệp", null=True, blank=True, on_delete=models.PROTECT, related_name="links"
    )
    # removed (gỡ) or replaced files stay, with their file, for the audit trail; never shown as current
    removed_at = models.DateTimeField("gỡ lúc", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người gỡ", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    replaced_by = models.ForeignKey(
        "self", verbose_name="thay bằng tệp", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "tệp minh chứng"
        verbose_name_plural = "tệp minh chứng"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def signature_verdict(self) -> str:
        """File-level Vietnamese verdict; non-PDF files are not signature-checked."""
        if self.signature_check is None:
            return "Không kiểm tra chữ ký số (không phải tệp PDF)"
        return str(self.signature_check.get("verdict", ""))

    @property
    def signature_ok(self) -> bool:
        return bool(self.signature_check and self.signature_check.get("all_ok"))

    @property
    def is_current(self) -> bool:
        return self.removed_at is None

    @property
    def root_id(self) -> int:
        """The upload whose stored file this row serves (itself unless it is a link)."""
        return self.linked_from_id or self.pk


class CommentKind(models.TextChoices):
    COMMENT = "comment", "Trao đổi"
    RETURN = "return", "Trả lại"
    APPROVE = "approve", "Duyệt"
    EXPERT = "expert", "Chấm điểm thẩm định"


class EntryComment(models.Model):
    """One message of the thread between the unit and the appraisers on one criterion."""

    entry = models.ForeignKey(Entry, verbose_name="số liệu", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người viết", null=True,
                               on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField("loại", max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT)
    text = models.TextField("nội dung")
    created_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        verbose_name = "trao đổi về tiêu chí"
        verbose_name_plural = "trao đổi về tiêu chí"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.entry}: {self.text[:40]}"


class FeedbackStatus(models.TextChoices):
    OPEN = "open", "Chờ hội đồng xem xét"
    ACCEPTED = "accepted", "Hội đồng chấp nhận"
    REJECTED = "rejected", "Hội đồng không chấp nhận"


class Feedback(models.Model):
    """Ý kiến của đơn vị về kết quả sơ bộ của một tiêu chí, and the council's answer."""

    entry = models.ForeignKey(Entry, verbose_name="số liệu", on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người gửi", null=True,
                               on_delete=models.SET_NULL, related_name="+")
    text = models.TextField("ý kiến")
    explanation = models.TextField("giải trình", blank=True)
    evidence = models.ForeignKey(Evidence, verbose_name="minh chứng kèm theo", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("trạng thái", max_length=10, choices=FeedbackStatus.choices,
                              default=FeedbackStatus.OPEN)
    answer = models.TextField("trả lời của hội đồng", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người trả lời", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    class Meta:
        verbose_name = "ý kiến về kết quả sơ bộ"
        verbose_name_plural = "ý kiến về kết quả sơ bộ"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.entry}: {self.text[:40]}"
