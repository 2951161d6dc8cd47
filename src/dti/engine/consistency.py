"""Status against score (tình trạng so với điểm): one rule for the entry form, the pre-submit check,
the scorecard and the documents, so that none of them prints "Đạt" beside 0 points without saying so."""

from __future__ import annotations

from dti.engine.entries import STATUS_LABELS, Status
from dti.engine.numbers import fmt_number

_EPS = 1e-9


def contradicts(status: int | None, score: float | None, max_points: float | None) -> bool:
    """Whether a status the unit set contradicts the criterion's score.

    The score decides: full points is "Đạt", some points "Đang thực hiện", none "Chưa thực hiện".
    A set status contradicts when it claims more or less than that — "Đạt" below full points,
    "Chưa thực hiện" with points, "Đang thực hiện" with full points. "Đang thực hiện" with no points
    yet is allowed (work started, nothing countable), and so is every status of a criterion without
    points and "Không áp dụng" (the engine then does not count the criterion at all).
    """
    if not status or score is None or not max_points or status == Status.KHONG_AP_DUNG:
        return False
    full, none = score >= max_points - _EPS, score <= _EPS
    return (status == Status.DAT and not full) or (status == Status.CHUA_THUC_HIEN and not none) or (
        status == Status.DANG_THUC_HIEN and full)


def status_contradiction(status: int | None, score: float | None, max_points: float | None) -> str | None:
    """Why the set status contradicts the score (Vietnamese, for the person who can fix it), or None."""
    if not contradicts(status, score, max_points):
        return None
    assert status is not None and score is not None and max_points is not None  # noqa: S101 - contradicts() checked
    pts = f"{fmt_number(score, 2)}/{fmt_number(max_points, 2)} điểm"
    label = STATUS_LABELS.get(Status(int(status)), str(status))
    if status == Status.DANG_THUC_HIEN:
        return f"Tình trạng '{label}' nhưng đã đủ {pts}: tình trạng đúng là 'Đạt'"
    verb = "chỉ được" if status == Status.DAT else "đã được"
    return f"Tình trạng '{label}' nhưng {verb} {pts}: hoặc sửa số liệu, hoặc chọn đúng tình trạng"


def contradiction_mark(status: int | None, score: float | None, max_points: float | None, digits: int = 2) -> str:
    """The short mark a document prints after the status ("" when consistent)."""
    if not contradicts(status, score, max_points):
        return ""
    assert score is not None and max_points is not None  # noqa: S101 - contradicts() checked
    return f"mâu thuẫn với điểm {fmt_number(score, digits)}/{fmt_number(max_points, digits)}"
