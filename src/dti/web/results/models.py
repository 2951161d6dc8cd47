"""Persisted results (kết quả) of a round: one batch per round, one row per participating unit,
one summary row per round.

Rows are derived data, written only by ``services.results_recompute`` from one engine call. A unit
row holds the summary columns (indexed for the ranking table) and two compact per-node arrays
(``arrays.py``) from which the explanation tree is rebuilt when the unit is viewed: the read pages
(scorecard, ranking, dashboard, public pages) use these and never re-score (a test counts engine
calls); only the what-if and the entry page's live preview score the unit's peer group.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

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
    total_unrounded = models.FloatField("tổng điểm chưa làm tròn", null=True)
    # {group code: [score, max_points]} for the dashboard's group averages and the change over rounds
    group_scores = models.JSONField("điểm theo nhóm", default=dict)
    # per node of the framework (walk order): arrays.VALUE_ROWS as float64, arrays.FLAG_ROWS as int16
    node_values = models.BinaryField("điểm theo tiêu chí", default=bytes)
    node_flags = models.BinaryField("thứ hạng, tình trạng theo tiêu chí", default=bytes)
    slips = models.JSONField("sai lệch số liệu", default=list)
    # the biggest gaps and what full marks on each would give: [{code, lost, total_after, rank_after}]
    cheapest = models.JSONField("lộ trình tăng điểm", default=list)
    inputs_sha256 = models.CharField("mã băm số liệu của đơn vị", max_length=64, blank=True)
    # {group code: self-assessed score}, beside ``group_scores`` (appraised)
    group_self_scores = models.JSONField("điểm tự đánh giá theo nhóm", default=dict)
    self_total_unrounded = models.FloatField("tổng điểm tự đánh giá chưa làm tròn", null=True)
    self_percent = models.FloatField("tỷ lệ % tự đánh giá", null=True)

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

    @cached_property
    def data(self) -> dict[str, Any]:
        """The engine's ``unit_result`` dict (as ``dti score --json``), rebuilt from the stored arrays."""
        from dti.web.results.tree import unit_tree

        return unit_tree(self)


class RoundSummary(models.Model):
    """Per round, one row refreshed with the results: submission progress and dashboard aggregates,
    so the dashboard never groups the round's entries or reads every unit row."""

    round = models.OneToOneField("rounds.Round", verbose_name="kỳ đánh giá", on_delete=models.CASCADE,
                                 related_name="result_summary")
    n_units = models.PositiveIntegerField("số đơn vị", default=0)
    n_submitted = models.PositiveIntegerField("số đơn vị đã nộp", default=0)
    # codes and names of the units that have not submitted everything, by code (for the overdue tile)
    pending = models.JSONField("đơn vị chưa nộp", default=list)
    histogram = models.JSONField("phân bố tỷ lệ điểm", default=dict)
    group_averages = models.JSONField("điểm trung bình theo nhóm", default=list)
    computed_at = models.DateTimeField("tính lúc", auto_now=True)

    class Meta:
        verbose_name = "tổng hợp kỳ đánh giá"
        verbose_name_plural = "tổng hợp kỳ đánh giá"

    def __str__(self) -> str:
        return f"Tổng hợp {self.round}"
