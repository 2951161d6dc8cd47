"""Persisted results (kết quả) of a round: one batch per round, one row per participating unit.

Rows are derived data, written only by ``services.results_recompute`` from one engine call; the
full ``unit_result`` dict is kept so a scorecard never re-scores, and the summary columns are
indexed for the ranking table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ResultBatch(models.Model):
    """When, from what and in which round state the results of a round were last computed."""

    round = models.OneToOneField("rounds.Round", verbose_name="kỳ đánh giá", on_delete=models.CASCADE,
                                 related_name="result_batch")
    computed_at = models.DateTimeField("tính lúc")
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người tính", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    # the round state at compute time: once computed in a published/closed state the batch is frozen
    round_state = models.CharField("trạng thái kỳ khi tính", max_length=12)
    framework_sha256 = models.CharField("mã băm bộ chỉ số", max_length=64)
    inputs_sha256 = models.CharField("mã băm số liệu", max_length=64)
    n_units = models.PositiveIntegerField("số đơn vị")
    seconds = models.FloatField("thời gian tính (giây)", default=0)

    class Meta:
        verbose_name = "lần tính kết quả"
        verbose_name_plural = "lần tính kết quả"

    def __str__(self) -> str:
        return f"Kết quả {self.round}"


class UnitResult(models.Model):
    """Kết quả của một đơn vị trong một kỳ: tổng điểm, xếp loại, thứ hạng trong các đơn vị cùng cấp trên."""

    round = models.ForeignKey("rounds.Round", verbose_name="kỳ đánh giá", on_delete=models.CASCADE,
                              related_name="unit_results")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", on_delete=models.PROTECT,
                             related_name="results")
    parent = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị cấp trên", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    total = models.FloatField("tổng điểm", null=True)  # the appraised (final) score: ranks and publication
    self_total = models.FloatField("tổng điểm tự đánh giá", null=True)
    n_appraised = models.PositiveIntegerField("số tiêu chí đã thẩm định", default=0)
    max_points = models.FloatField("điểm tối đa", null=True)
    percent = models.FloatField("tỷ lệ %", null=True)
    klass = models.CharField("xếp loại", max_length=60, blank=True)
    rank = models.PositiveIntegerField("thứ hạng", null=True)
    rank_of = models.PositiveIntegerField("trên số đơn vị", null=True)
    n_dat = models.PositiveIntegerField("số tiêu chí đạt", default=0)
    n_dang = models.PositiveIntegerField("số tiêu chí đang thực hiện", default=0)
    n_chua = models.PositiveIntegerField("số tiêu chí chưa thực hiện", default=0)
    n_kad = models.PositiveIntegerField("số tiêu chí không áp dụng", default=0)
    n_criteria = models.PositiveIntegerField("số tiêu chí", default=0)
    # {group code: [score, max_points]} for the dashboard's group averages without reading ``data``
    group_scores = models.JSONField("điểm theo nhóm", default=dict)
    # {group code: self-assessed score}, beside ``group_scores`` (appraised)
    group_self_scores = models.JSONField("điểm tự đánh giá theo nhóm", default=dict)
    data = models.JSONField("kết quả chi tiết")  # the engine's unit_result dict, as `dti score --json`

    class Meta:
        verbose_name = "kết quả đơn vị"
        verbose_name_plural = "kết quả đơn vị"
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="unit_result_unique")]
        indexes = [
            models.Index(fields=["round", "parent", "rank"], name="unit_result_rank"),
            models.Index(fields=["round", "total"], name="unit_result_total"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.round}"

    @property
    def difference(self) -> float | None:
        """Appraised minus self-assessed total (negative when the appraisal took points off)."""
        if self.total is None or self.self_total is None:
            return None
        return self.total - self.self_total

    @property
    def rank_label(self) -> str:
        return f"{self.rank}/{self.rank_of}" if self.rank else "—"
