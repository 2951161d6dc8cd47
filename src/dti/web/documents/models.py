"""Văn bản: per-unit and per-round document settings (thể thức), per round × unit free texts, batch ZIP jobs.

Scores never live here: documents are generated on request from the round's results.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Edited(models.Model):
    """Who last changed the row, and when (the audit log keeps the history)."""

    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="cập nhật bởi", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class UnitDocumentSettings(Edited):
    """Thể thức văn bản của một đơn vị: cơ quan ban hành, địa danh, người ký, nơi nhận, ký hiệu."""

    unit = models.OneToOneField("units.OrgUnit", verbose_name="đơn vị", on_delete=models.CASCADE,
                                related_name="document_settings")
    issuer_parent = models.CharField("cơ quan chủ quản (dòng 1)", max_length=200, blank=True)
    issuer_name = models.CharField("cơ quan ban hành (dòng 2)", max_length=200, blank=True,
                                   help_text="Để trống: ỦY BAN NHÂN DÂN + tên đơn vị")
    reporter = models.CharField("cơ quan trong câu văn", max_length=200, blank=True,
                                help_text="Ví dụ: UBND huyện Ninh Sơn; để trống thì tự tạo từ tên đơn vị")
    place = models.CharField("địa danh", max_length=100, blank=True, help_text="Để trống: tên đơn vị bỏ cấp hành chính")
    symbol_report = models.CharField("ký hiệu báo cáo", max_length=50, blank=True, default="BC-UBND")
    symbol_plan = models.CharField("ký hiệu kế hoạch", max_length=50, blank=True, default="KH-UBND")
    on_behalf_of = models.CharField("thay mặt (TM.)", max_length=100, blank=True, default="ỦY BAN NHÂN DÂN")
    deputy_of = models.CharField("ký thay (KT.)", max_length=100, blank=True,
                                 help_text="Ví dụ: CHỦ TỊCH khi Phó Chủ tịch ký thay")
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=100, blank=True)
    recipients = models.TextField("nơi nhận", blank=True, help_text="Mỗi dòng một nơi nhận")

    class Meta:
        verbose_name = "thể thức văn bản của đơn vị"
        verbose_name_plural = "thể thức văn bản của đơn vị"

    def __str__(self) -> str:
        return f"Thể thức văn bản – {self.unit}"

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class RoundDocumentSettings(Edited):
    """Thể thức of the round's own documents (báo cáo tổng hợp, quyết định công bố), issued by the office."""

    KINDS = {"tong-hop": "Báo cáo tổng hợp", "cong-bo": "Quyết định công bố kết quả"}

    round = models.ForeignKey("rounds.Round", verbose_name="kỳ đánh giá", on_delete=models.CASCADE,
                              related_name="document_settings")
    kind = models.CharField("loại văn bản", max_length=20, choices=list(KINDS.items()))
    issuer_parent = models.CharField("cơ quan chủ quản (dòng 1)", max_length=200, blank=True)
    issuer_name = models.CharField("cơ quan ban hành (dòng 2)", max_length=200, blank=True,
                                   help_text="Để trống: theo cơ quan ban hành bộ chỉ số")
    number = models.CharField("số", max_length=20, blank=True, help_text="Để trống khi chưa lấy số")
    symbol = models.CharField("ký hiệu", max_length=50, blank=True, help_text="Ví dụ: QĐ-UBND, BC-STTTT")
    place = models.CharField("địa danh", max_length=100, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True,
                                 help_text="Để trống: “ngày … tháng … năm …” để ghi tay khi ký")
    basis = models.TextField("căn cứ", max_length=2000, blank=True,
                             help_text="Để trống: căn cứ quyết định ban hành bộ chỉ số")
    on_behalf_of = models.CharField("thay mặt (TM.)", max_length=100, blank=True)
    deputy_of = models.CharField("ký thay (KT.)", max_length=100, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=100, blank=True)
    recipients = models.TextField("nơi nhận", max_length=2000, blank=True, help_text="Mỗi dòng một nơi nhận")
    proposals = models.TextField("đánh giá chung và đề xuất", max_length=20_000, blank=True,
                                 help_text="Báo cáo tổng hợp, mục III; mỗi dòng một ý; để trống thì dùng lời văn mẫu")

    FIELDS = ("issuer_parent", "issuer_name", "number", "symbol", "place", "issued_on", "basis", "on_behalf_of",
              "deputy_of", "signer_title", "signer_name", "recipients", "proposals")
    # a copied round keeps who issues and signs, never the number and day of the old document
    NOT_COPIED = ("number", "issued_on")

    class Meta:
        verbose_name = "thể thức văn bản của kỳ"
        verbose_name_plural = "thể thức văn bản của kỳ"
        constraints = [models.UniqueConstraint(fields=["round", "kind"], name="documents_round_settings_kind")]

    def __str__(self) -> str:
        return f"{self.KINDS.get(self.kind, self.kind)} – {self.round}"

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class ReportNotes(Edited):
    """Nội dung tự viết của đơn vị cho văn bản của một kỳ: khó khăn, đề xuất, nhiệm vụ, mục tiêu."""

    round = models.ForeignKey("rounds.Round", verbose_name="kỳ đánh giá", on_delete=models.CASCADE,
                              related_name="report_notes")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    tasks = models.TextField("phương hướng, nhiệm vụ kỳ tới", blank=True)
    objectives = models.TextField("mục tiêu của kế hoạch", blank=True)

    TEXT_FIELDS = ("difficulties", "proposals", "tasks", "objectives")

    class Meta:
        verbose_name = "nội dung văn bản của đơn vị"
        verbose_name_plural = "nội dung văn bản của đơn vị"
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="documents_notes_round_unit")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.round}"


class BatchState(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang tạo"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Lỗi"


class DocumentBatch(models.Model):
    """One ZIP of a document per unit of a round, built by the job queue (or inline for small rounds)."""

    round = models.ForeignKey("rounds.Round", verbose_name="kỳ đánh giá", on_delete=models.CASCADE,
                              related_name="document_batches")
    kind = models.CharField("loại văn bản", max_length=20)
    fmt = models.CharField("định dạng", max_length=10)
    state = models.CharField("trạng thái", max_length=10, choices=BatchState.choices, default=BatchState.QUEUED)
    file = models.FileField("tệp ZIP", upload_to="documents/batches/", max_length=200, blank=True)
    n_units = models.PositiveIntegerField("số đơn vị", default=0)
    error = models.TextField("lỗi", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="yêu cầu bởi", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "văn bản hàng loạt"
        verbose_name_plural = "văn bản hàng loạt"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind}/{self.fmt} – {self.round}"


class IssuedDirective(models.Model):
    """Sổ văn bản chỉ đạo, điều hành của đơn vị trong kỳ: feeds section I of the báo cáo and its appendix."""

    round = models.ForeignKey("rounds.Round", verbose_name="kỳ đánh giá", on_delete=models.CASCADE,
                              related_name="directives")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    number = models.CharField("số, ký hiệu", max_length=80)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=200, blank=True)
    summary = models.TextField("trích yếu", max_length=1000)
    criteria = models.CharField("tiêu chí liên quan", max_length=300, blank=True,
                                help_text="Mã tiêu chí, cách nhau bằng dấu phẩy (ví dụ: I.1, II.2)")
    evidence = models.ForeignKey("entries.Evidence", verbose_name="tệp minh chứng", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người nhập", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("nhập lúc", auto_now_add=True)

    class Meta:
        verbose_name = "văn bản chỉ đạo, điều hành"
        verbose_name_plural = "sổ văn bản chỉ đạo, điều hành"
        ordering = [models.F("issued_on").asc(nulls_last=True), "id"]
        constraints = [models.UniqueConstraint(fields=["round", "unit", "number"], name="documents_directive_unique")]

    def __str__(self) -> str:
        return f"{self.number} – {self.summary[:60]}"

    @property
    def criteria_list(self) -> list[str]:
        return [c.strip() for c in self.criteria.split(",") if c.strip()]


class GroupText(Edited):
    """Per group of criteria: kết quả nổi bật, tồn tại, nguyên nhân, giải pháp the unit writes."""

    TEXT_FIELDS = ("highlights", "limitations", "causes", "solutions")

    round = models.ForeignKey("rounds.Round", verbose_name="kỳ đánh giá", on_delete=models.CASCADE,
                              related_name="group_texts")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    group_code = models.CharField("mã nhóm", max_length=40)
    highlights = models.TextField("kết quả nổi bật", blank=True)
    limitations = models.TextField("tồn tại, hạn chế", blank=True)
    causes = models.TextField("nguyên nhân", blank=True)
    solutions = models.TextField("giải pháp", blank=True)

    class Meta:
        verbose_name = "nội dung theo nhóm"
        verbose_name_plural = "nội dung theo nhóm"
        constraints = [models.UniqueConstraint(fields=["round", "unit", "group_code"], name="documents_group_text")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.group_code}"


class SubUnitFigure(models.Model):
    """Chi tiết theo đơn vị trực thuộc (xã, trường) of a criterion whose figure is a sum."""

    round = models.ForeignKey("rounds.Round", verbose_name="kỳ đánh giá", on_delete=models.CASCADE,
                              related_name="sub_unit_figures")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    criterion_code = models.CharField("mã tiêu chí", max_length=40)
    sub_unit = models.CharField("đơn vị trực thuộc", max_length=200)
    value = models.DecimalField("số liệu", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "số liệu theo đơn vị trực thuộc"
        verbose_name_plural = "số liệu theo đơn vị trực thuộc"
        ordering = ["criterion_code", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "unit", "criterion_code", "sub_unit"],
                                               name="documents_sub_unit_figure")]

    def __str__(self) -> str:
        return f"{self.criterion_code}: {self.sub_unit} = {self.value}"


class DocumentEdit(Edited):
    """A paragraph of a generated document rewritten by the drafter (tables and figures never are)."""

    round = models.ForeignKey("rounds.Round", verbose_name="kỳ đánh giá", on_delete=models.CASCADE,
                              related_name="document_edits")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("loại văn bản", max_length=20)
    key = models.CharField("đoạn", max_length=80)
    text = models.TextField("nội dung", max_length=5000, blank=True)

    class Meta:
        verbose_name = "đoạn văn đã sửa"
        verbose_name_plural = "đoạn văn đã sửa"
        constraints = [models.UniqueConstraint(fields=["round", "unit", "kind", "key"], name="documents_edit_key")]

    def __str__(self) -> str:
        return f"{self.kind}/{self.key} – {self.unit}"


class IssuedDocument(models.Model):
    """Một phiên bản đã ban hành: the file as issued and the hash of the data it was made from."""

    round = models.ForeignKey("rounds.Round", verbose_name="kỳ đánh giá", on_delete=models.CASCADE,
                              related_name="issued_documents")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("loại văn bản", max_length=20)
    version = models.PositiveIntegerField("phiên bản")
    data_hash = models.CharField("mã băm số liệu", max_length=64)
    file = models.FileField("tệp DOCX", upload_to="documents/issued/", max_length=200)
    problems = models.JSONField("kết quả kiểm tra trước khi ban hành", default=list)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="ban hành bởi", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField("ban hành lúc", auto_now_add=True)

    class Meta:
        verbose_name = "văn bản đã ban hành"
        verbose_name_plural = "văn bản đã ban hành"
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["round", "unit", "kind", "version"],
                                               name="documents_issued_version")]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version} – {self.unit}"
