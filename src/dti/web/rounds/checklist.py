"""The publication checklist: what must be clear before a round's results are published.

Each item counts what is not clear and names up to ``DETAIL_LIMIT`` of them; the round services
refuse to publish unless every item is clear or the owner gives a written override reason.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dti.web.rounds.models import Round

DETAIL_LIMIT = 20


@dataclass
class ChecklistItem:
    code: str
    label: str
    count: int
    details: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.count == 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}


def _units_not_approved(rnd: Round, n_criteria: int) -> ChecklistItem:
    from dti.web.entries.models import Entry, Workflow

    approved: dict[int, int] = {}
    for unit_id in Entry.objects.filter(round=rnd, workflow=Workflow.APPROVED).values_list("unit_id", flat=True):
        approved[unit_id] = approved.get(unit_id, 0) + 1
    pending = []
    for unit in rnd.units.order_by("code"):
        n = approved.get(unit.pk, 0)
        if n < n_criteria:
            pending.append(f"{unit.name}: {n}/{n_criteria} tiêu chí đã duyệt")
    return ChecklistItem("units", "Đơn vị đã gửi và được duyệt đủ tiêu chí", len(pending), pending[:DETAIL_LIMIT])


def _returned(rnd: Round) -> ChecklistItem:
    from dti.web.entries.models import Entry, Workflow

    qs = Entry.objects.filter(round=rnd, workflow=Workflow.RETURNED).select_related("unit").order_by(
        "unit__code", "criterion_code")
    rows = [f"{e.unit.name} – {e.criterion_code}" for e in qs[:DETAIL_LIMIT]]
    return ChecklistItem("returned", "Tiêu chí bị trả lại chưa được gửi lại", qs.count(), rows)


def _feedback(rnd: Round) -> ChecklistItem:
    from dti.web.entries.models import Feedback, FeedbackStatus

    qs = Feedback.objects.filter(entry__round=rnd, status=FeedbackStatus.OPEN).select_related("entry__unit")
    rows = [f"{f.entry.unit.name} – {f.entry.criterion_code}" for f in qs[:DETAIL_LIMIT]]
    return ChecklistItem("feedback", "Ý kiến về kết quả sơ bộ chưa được hội đồng trả lời", qs.count(), rows)


def _signatures(rnd: Round) -> ChecklistItem:
    from dti.web.entries.evidence import criterion_signed_status
    from dti.web.entries.models import Entry, EntryStatus

    framework = rnd.framework.parsed()
    codes = [n.code for n in framework.by_code.values() if n.is_leaf and n.requires_signed_evidence]
    if not codes:
        return ChecklistItem("signatures", "Tiêu chí yêu cầu minh chứng có chữ ký số hợp lệ", 0)
    entries = {(e.unit_id, e.criterion_code): e for e in Entry.objects.filter(
        round=rnd, criterion_code__in=codes).prefetch_related("evidence")}
    bad = []
    for unit in rnd.units.order_by("code"):
        for code in codes:
            entry = entries.get((unit.pk, code))
            if entry is not None and entry.status == EntryStatus.KHONG_AP_DUNG:
                continue
            if not criterion_signed_status(entry.current_evidence() if entry else []).ok:
                bad.append(f"{unit.name} – {code}")
    return ChecklistItem("signatures", "Tiêu chí yêu cầu minh chứng có chữ ký số hợp lệ", len(bad),
                         bad[:DETAIL_LIMIT])


def _fresh(rnd: Round) -> ChecklistItem:
    from dti.web.results.models import ResultBatch
    from dti.web.results.services import inputs_digest

    batch = ResultBatch.objects.filter(round=rnd).first()
    if batch is None:
        return ChecklistItem("fresh", "Kết quả được tính từ số liệu mới nhất", 1, ["Kỳ chưa có kết quả"])
    problems = []
    if batch.framework_sha256 != rnd.framework.sha256:
        problems.append("Bộ chỉ số đã khác phiên bản dùng để tính")
    if batch.inputs_sha256 != inputs_digest(rnd):
        problems.append("Số liệu đã thay đổi sau lần tính gần nhất")
    return ChecklistItem("fresh", "Kết quả được tính từ số liệu mới nhất", len(problems), problems)


def publication_checklist(rnd: Round) -> list[ChecklistItem]:
    n_criteria = sum(1 for n in rnd.framework.parsed().criteria())
    return [_units_not_approved(rnd, n_criteria), _returned(rnd), _feedback(rnd), _signatures(rnd), _fresh(rnd)]


def checklist_clear(items: list[ChecklistItem]) -> bool:
    return all(i.ok for i in items)
