"""Writes of the assessment cycle around entries: comment threads, bulk appraisal, feedback, council.

Every write is one transaction with its audit rows; notifications are recorded in the same
transaction and e-mailed after it commits.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dti.web.audit.services import audit_record
from dti.web.entries.models import CommentKind, Entry, EntryComment, Evidence, Feedback, FeedbackStatus
from dti.web.entries.services import (
    MAX_COMMENT,
    EntryError,
    entry_approve,
    entry_return,
    entry_set_expert_score,
)
from dti.web.rounds.models import Round

MAX_BULK = 1000


def _text(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise EntryError({field: [f"Chưa nhập {what}"]})
    if len(value) > MAX_COMMENT:
        raise EntryError({field: [f"{what.capitalize()} dài quá {MAX_COMMENT:,} ký tự".replace(",", ".")]})
    return value


@transaction.atomic
def comment_add(*, entry: Entry, actor: AbstractBaseUser, text: str, ip: str | None = None) -> EntryComment:
    """One message in the criterion's thread between the unit and the appraisers."""
    from dti.web.notifications.models import Kind
    from dti.web.notifications.recipients import round_office, unit_people
    from dti.web.notifications.services import notify

    c = EntryComment.objects.create(entry=entry, author=actor, kind=CommentKind.COMMENT,
                                    text=_text(text, "text", "nội dung trao đổi"))
    audit_record(actor=actor, action="entry.comment", obj=entry, new={"comment": c.pk, "text": c.text}, ip=ip)
    people = unit_people(entry.unit) + round_office(entry.round)
    notify(users=[u for u in people if u.pk != actor.pk], kind=Kind.FEEDBACK, round=entry.round,
           url=reverse("cycle:thread", args=[entry.pk]),
           subject=f"{entry.round.name} – {entry.unit.name}, tiêu chí {entry.criterion_code}: trao đổi mới",
           body=c.text[:500])
    return c


@transaction.atomic
def entries_bulk_approve(*, entries: Sequence[Entry], actor: AbstractBaseUser, ip: str | None = None) -> int:
    """Approve every given submitted entry (all or nothing); one notification per unit."""
    from dti.web.entries.notify import notify_approved

    if len(entries) > MAX_BULK:
        raise EntryError(f"Tối đa {MAX_BULK} tiêu chí mỗi lần duyệt")
    done = [entry_approve(entry=e, actor=actor, ip=ip, notify=False) for e in entries]
    if not done:
        raise EntryError("Chưa chọn tiêu chí nào để duyệt")
    notify_approved(entries=done, actor=actor)
    return len(done)


@transaction.atomic
def entries_bulk_return(*, entries: Sequence[Entry], actor: AbstractBaseUser, comment: str,
                        ip: str | None = None) -> int:
    """Return every given entry with one comment (all or nothing)."""
    comment = _text(comment, "review_comment", "ý kiến trả lại")
    if len(entries) > MAX_BULK:
        raise EntryError(f"Tối đa {MAX_BULK} tiêu chí mỗi lần trả lại")
    if not entries:
        raise EntryError("Chưa chọn tiêu chí nào để trả lại")
    for e in entries:
        entry_return(entry=e, actor=actor, comment=comment, ip=ip)
    return len(entries)


def feedback_open_reason(rnd: Round) -> str | None:
    """Why feedback cannot be sent now, or None while the preliminary window is open."""
    if not rnd.in_preliminary:
        return f"Kỳ '{rnd.name}' không ở giai đoạn kết quả sơ bộ: không gửi ý kiến được"
    if rnd.feedback_deadline is not None and timezone.localdate() > rnd.feedback_deadline:
        return (f"Đã hết hạn gửi ý kiến về kết quả sơ bộ ngày {rnd.feedback_deadline:%d/%m/%Y} — "
                f"liên hệ {rnd.contact}")
    return None


@transaction.atomic
def feedback_send(
    *, entry: Entry, actor: AbstractBaseUser, text: str, explanation: str = "", evidence: Evidence | None = None,
    ip: str | None = None,
) -> Feedback:
    """The unit's opinion on the preliminary result of one criterion (ý kiến, giải trình, minh chứng)."""
    from dti.web.notifications.models import Kind
    from dti.web.notifications.recipients import round_office
    from dti.web.notifications.services import notify

    reason = feedback_open_reason(entry.round)
    if reason:
        raise EntryError(reason)
    if evidence is not None and evidence.entry_id != entry.pk:
        raise EntryError({"evidence": ["Tệp minh chứng không thuộc tiêu chí này"]})
    fb = Feedback.objects.create(entry=entry, author=actor, text=_text(text, "text", "ý kiến"),
                                 explanation=(explanation or "").strip()[:MAX_COMMENT], evidence=evidence)
    audit_record(actor=actor, action="feedback.send", obj=entry, ip=ip,
                 new={"feedback": fb.pk, "text": fb.text, "explanation": fb.explanation,
                      "evidence": evidence.pk if evidence else None})
    notify(users=[u for u in round_office(entry.round) if u.pk != actor.pk], kind=Kind.FEEDBACK,
           round=entry.round, url=reverse("cycle:feedback", args=[entry.round.slug]),
           subject=f"{entry.round.name} – {entry.unit.name}: ý kiến về tiêu chí {entry.criterion_code}",
           body=fb.text[:500])
    return fb


@transaction.atomic
def feedback_answer(
    *, feedback: Feedback, actor: AbstractBaseUser, accept: bool, answer: str, score: float | None = None,
    ip: str | None = None,
) -> Feedback:
    """The council accepts (optionally adjusting the score) or rejects one feedback, with a reason."""
    from dti.web.notifications.models import Kind
    from dti.web.notifications.services import notify

    fb = Feedback.objects.select_for_update().select_related("entry__round", "entry__unit").get(pk=feedback.pk)
    if fb.status != FeedbackStatus.OPEN:
        raise EntryError(f"Ý kiến này đã được trả lời ({fb.get_status_display().lower()})")
    if not fb.entry.round.in_preliminary:
        raise EntryError("Chỉ trả lời ý kiến khi kỳ đang ở giai đoạn kết quả sơ bộ")
    answer = _text(answer, "answer", "lý do của hội đồng")
    if score is not None and not accept:
        raise EntryError({"score": ["Chỉ điều chỉnh điểm khi chấp nhận ý kiến"]})
    if score is not None:
        entry_set_expert_score(entry=fb.entry, actor=actor, score=score, reason=f"Hội đồng: {answer}", ip=ip,
                               council=True)
    fb.status = FeedbackStatus.ACCEPTED if accept else FeedbackStatus.REJECTED
    fb.answer, fb.answered_by, fb.answered_at = answer, actor, timezone.now()
    fb.save()
    audit_record(actor=actor, action="feedback.answer", obj=fb.entry, ip=ip,
                 new={"feedback": fb.pk, "status": fb.status, "answer": answer, "score": score})
    if fb.author is not None:
        e = fb.entry
        notify(users=[fb.author], kind=Kind.FEEDBACK_ANSWERED, round=e.round,
               url=reverse("results:scorecard", args=[e.round.slug, e.unit.code]),
               subject=f"{e.round.name}: hội đồng {fb.get_status_display().lower().replace('hội đồng ', '')} "
                       f"ý kiến về tiêu chí {e.criterion_code}",
               body=f"Trả lời: {answer}")
    return fb

