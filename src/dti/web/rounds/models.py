"""Round (kỳ đánh giá): framework version × period × participating units × deadlines × state,
and its Assignment table (phân công chủ trì/phối hợp: criterion × agency × role)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PeriodKind(models.TextChoices):
    YEAR = "year", "Năm"
    HALF = "half", "6 tháng"
    QUARTER = "quarter", "Quý"


class RoundState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    OPEN = "open", "Đang nhập liệu"
    REVIEW = "review", "Đang thẩm định"
    PRELIMINARY = "preliminary", "Kết quả sơ bộ"
    PUBLISHED = "published", "Đã công bố"
    CLOSED = "closed", "Đã khóa"


# Round states in which entries take data / can be reviewed: the entries' rules table
# (dti.web.entries.write.RULES) is built from these, so the properties below say the same.
ENTRY_STATES = frozenset({RoundState.OPEN})
REVIEW_STATES = frozenset({RoundState.OPEN, RoundState.REVIEW})

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# Deadline fields a round carries, in the order of the cycle; copying a round shifts each of them.
# Other parts of the cycle (e.g. the feedback window) append their date fields here.
DEADLINE_FIELDS: list[str] = ["submission_deadline", "agency_submission_deadline", "review_deadline"]


def period_title(kind: str, year: int, number: int | None) -> str:
    """The period as a document writes it: "Quý II năm 2024", "6 tháng đầu năm 2024", "Năm 2024"."""
    if kind == PeriodKind.QUARTER:
        return f"Quý {ROMAN.get(number or 0, number)} năm {year}"
    if kind == PeriodKind.HALF:
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    return f"Năm {year}"


class Round(models.Model):
    slug = models.SlugField("mã kỳ", max_length=100, unique=True)
    name = models.CharField("tên", max_length=300)
    framework = models.ForeignKey(
        "frameworks.FrameworkVersion", verbose_name="bộ chỉ số", on_delete=models.PROTECT, related_name="rounds"
    )
    # the unit that runs the round (usually the province); owners and assessors are scoped by it
    owner_unit = models.ForeignKey(
        "units.OrgUnit", verbose_name="đơn vị tổ chức", on_delete=models.PROTECT, related_name="owned_rounds"
    )
    period_kind = models.CharField("loại kỳ", max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField("năm")
    period_number = models.PositiveSmallIntegerField("kỳ số", null=True, blank=True)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    units = models.ManyToManyField("units.OrgUnit", verbose_name="đơn vị tham gia", related_name="rounds")
    submission_deadline = models.DateField("hạn nộp của đơn vị", null=True, blank=True)
    agency_submission_deadline = models.DateField("hạn nộp của cơ quan", null=True, blank=True)
    review_deadline = models.DateField("hạn thẩm định", null=True, blank=True)
    feedback_deadline = models.DateField("hạn góp ý kết quả sơ bộ", null=True, blank=True)
    # named in every "ask for an extension" message, e.g. "Sở TT&TT"; blank = the owner unit's name
    office_name = models.CharField("cơ quan đầu mối", max_length=200, blank=True)
    state = models.CharField("trạng thái", max_length=12, choices=RoundState.choices, default=RoundState.DRAFT)
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True)
    # set when published results were reopened and published again: the public page says so
    adjusted_at = models.DateTimeField("điều chỉnh lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    copied_from = models.ForeignKey(
        "self", verbose_name="sao chép từ kỳ", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )

    class Meta:
        verbose_name = "kỳ đánh giá"
        verbose_name_plural = "kỳ đánh giá"
        ordering = ["-year", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def period_label(self) -> str:
        return period_title(self.period_kind, self.year, self.period_number)

    @property
    def is_draft(self) -> bool:
        return self.state == RoundState.DRAFT

    @property
    def accepts_entries(self) -> bool:
        return self.state in ENTRY_STATES

    @property
    def in_review(self) -> bool:
        return self.state in REVIEW_STATES

    @property
    def in_preliminary(self) -> bool:
        return self.state == RoundState.PRELIMINARY

    @property
    def contact(self) -> str:
        return self.office_name or self.owner_unit.name

    @property
    def results_public(self) -> bool:
        return self.state in PUBLIC_STATES


# the states in which a round's results are public (``Round.results_public``; a queryset filters on these)
PUBLIC_STATES = (RoundState.PUBLISHED, RoundState.CLOSED)


class AgencyRole(models.TextChoices):
    LEAD = "lead", "Chủ trì"
    COORDINATOR = "coordinator", "Phối hợp"


class Assignment(models.Model):
    round = models.ForeignKey(Round, verbose_name="kỳ đánh giá", on_delete=models.CASCADE, related_name="assignments")
    criterion_code = models.CharField("mã tiêu chí", max_length=40)
    agency = models.ForeignKey("units.Agency", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("vai trò", max_length=12, choices=AgencyRole.choices, default=AgencyRole.LEAD)

    class Meta:
        verbose_name = "phân công tiêu chí"
        verbose_name_plural = "phân công tiêu chí"
        constraints = [
            models.UniqueConstraint(fields=["round", "criterion_code", "agency"], name="assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_code}: {self.agency} ({self.get_role_display()})"


class DeadlineExtension(models.Model):
    """Gia hạn: one unit (or one agency's criteria in it) may enter past the deadline, until a date.

    ``reopen`` marks an extension granted by reopening the unit's entry after the round left data
    entry (review, preliminary results): the unit may then enter while the others stay locked.
    """

    round = models.ForeignKey(Round, verbose_name="kỳ đánh giá", on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("units.Agency", verbose_name="cơ quan (chỉ các tiêu chí được giao)", null=True,
                               blank=True, on_delete=models.PROTECT, related_name="+")
    until = models.DateField("gia hạn đến ngày")
    reason = models.TextField("lý do")
    reopen = models.BooleanField("mở lại nhập liệu", default=False)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người gia hạn", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "gia hạn nộp"
        verbose_name_plural = "gia hạn nộp"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        who = f"{self.agency} – " if self.agency_id else ""
        return f"{who}{self.unit} đến {self.until:%d/%m/%Y}"


class ProvinceHeldCriterion(models.Model):
    """A criterion whose figures the province holds (Hue-S, IOC, Sở…): the office enters them for every
    unit of the round, and the units see them read-only with the source."""

    round = models.ForeignKey(Round, verbose_name="kỳ đánh giá", on_delete=models.CASCADE,
                              related_name="province_criteria")
    criterion_code = models.CharField("mã tiêu chí", max_length=40)
    source = models.CharField("nguồn dữ liệu", max_length=120)

    class Meta:
        verbose_name = "tiêu chí do tỉnh cung cấp số liệu"
        verbose_name_plural = "tiêu chí do tỉnh cung cấp số liệu"
        constraints = [models.UniqueConstraint(fields=["round", "criterion_code"], name="province_held_unique")]

    def __str__(self) -> str:
        return f"{self.criterion_code} ({self.source})"
