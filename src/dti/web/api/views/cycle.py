"""The assessment cycle through the API: round transitions, submit/approve/return/feedback of an entry.

The same services and permission checks as the pages. Machine tokens may submit the criteria in
their scope but never approve, return, send feedback or change a round's state.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers as drf
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dti.limits import TEXT_MAX
from dti.web import permissions as perm
from dti.web.api.errors import error_body
from dti.web.api.permissions import IsAuthenticated, PeopleOnly
from dti.web.api.views.common import CleanInputMixin
from dti.web.core.clientaddr import client_ip
from dti.web.cycle.services import feedback_send
from dti.web.entries.models import Entry, Workflow
from dti.web.entries.services import (
    MAX_COMMENT,
    entry_approve,
    entry_return,
    entry_submit,
    entry_unit_approve,
)
from dti.web.permissions import api as access
from dti.web.rounds.models import Round
from dti.web.rounds.services import ACTION_KEYS, ChecklistNotClear, round_transition

TransitionBody = inline_serializer("RoundTransition", {
    "action": drf.ChoiceField(choices=list(ACTION_KEYS)),
    "reason": drf.CharField(required=False, allow_blank=True, max_length=TEXT_MAX["reason"]),
})
CommentBody = inline_serializer("EntryReturn", {"comment": drf.CharField(max_length=MAX_COMMENT)})
FeedbackBody = inline_serializer("EntryFeedback", {
    "text": drf.CharField(max_length=MAX_COMMENT),
    "explanation": drf.CharField(required=False, allow_blank=True, max_length=MAX_COMMENT),
})
TransitionDone = inline_serializer("RoundTransitionDone", {
    "round": drf.CharField(), "state": drf.CharField(), "state_label": drf.CharField(),
    "published_at": drf.DateTimeField(allow_null=True), "adjusted_at": drf.DateTimeField(allow_null=True),
})
FeedbackSent = inline_serializer("EntryFeedbackSent", {
    "id": drf.IntegerField(), "entry": drf.IntegerField(), "status": drf.CharField(), "text": drf.CharField(),
})
StateBody = inline_serializer("EntryState", {"id": drf.IntegerField(), "workflow": drf.CharField(),
                                             "version": drf.IntegerField()})
CYCLE_ERRORS = {
    403: OpenApiResponse(description="Không có quyền (mã truy cập máy không được duyệt/trả lại)"),
    404: OpenApiResponse(description="Không tìm thấy"),
    409: OpenApiResponse(description="Trạng thái không cho phép (hết hạn nộp, kỳ không ở giai đoạn này…)"),
}


def _body(request: Request, fields: dict[str, tuple[bool, int]]) -> dict[str, str]:
    data = request.data if isinstance(request.data, dict) else {}
    out: dict[str, str] = {}
    problems: dict[str, list[str]] = {}
    for name, (required, limit) in fields.items():
        value = data.get(name, "")
        if not isinstance(value, str):
            problems[name] = ["Phải là chuỗi ký tự"]
            continue
        if required and not value.strip():
            problems[name] = ["Trường này là bắt buộc"]
        elif len(value) > limit:
            problems[name] = [f"Dài quá {limit} ký tự"]
        out[name] = value
    if problems:
        raise ValidationError(problems)
    return out


class RoundTransitionView(CleanInputMixin, APIView):
    permission_classes = [IsAuthenticated, PeopleOnly]

    @extend_schema(summary="Chuyển trạng thái kỳ đánh giá (công bố phải qua danh mục kiểm tra)",
                   request=TransitionBody, responses={200: TransitionDone, **CYCLE_ERRORS})
    def post(self, request: Request, slug: str) -> Response:
        rnd = get_object_or_404(Round.objects.select_related("framework", "owner_unit"), slug=slug)
        if not perm.can_manage_round(request.user, rnd):
            raise PermissionDenied(access.DENIED)
        body = _body(request, {"action": (True, 20), "reason": (False, TEXT_MAX["reason"])})
        if body["action"] not in ACTION_KEYS:
            raise ValidationError({"action": [f"Một trong: {', '.join(ACTION_KEYS)}"]})
        try:
            done = round_transition(round=rnd, action=body["action"], actor=request.user, reason=body["reason"],
                                    ip=client_ip(request))
        except ChecklistNotClear as exc:
            payload = error_body("checklist", exc.messages[0])
            payload["error"]["items"] = [i.as_dict() for i in exc.items if not i.ok]
            return Response(payload, status=status.HTTP_409_CONFLICT)
        return Response({"round": done.slug, "state": done.state, "state_label": done.get_state_display(),
                         "published_at": done.published_at, "adjusted_at": done.adjusted_at})


class _EntryAction(CleanInputMixin, APIView):
    permission_classes = [IsAuthenticated]

    def entry(self, request: Request, pk: int) -> Entry:
        return get_object_or_404(access.visible_entries(request).select_related("round__framework",
                                 "round__owner_unit", "unit"), pk=pk)

    @staticmethod
    def state(entry: Entry) -> Response:
        entry.refresh_from_db(fields=["workflow", "version"])
        return Response({"id": entry.pk, "workflow": entry.workflow, "version": entry.version})

    @staticmethod
    def people_only(request: Request) -> None:
        if access.machine_of(request) is not None:
            raise PermissionDenied("Mã truy cập máy không được duyệt, trả lại hay gửi ý kiến")


class EntrySubmitView(_EntryAction):
    @extend_schema(summary="Gửi một tiêu chí (lên lãnh đạo đơn vị nếu đơn vị có, hoặc lên thẩm định)",
                   request=None, responses={200: StateBody, **CYCLE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        e = self.entry(request, pk)
        access.check_edit(request, e.round, e.unit, e.criterion_code)
        entry_submit(round=e.round, unit=e.unit, actor=request.user, criteria=frozenset({e.criterion_code}),
                     ip=client_ip(request))
        return self.state(e)


class EntryApproveView(_EntryAction):
    @extend_schema(summary="Duyệt: lãnh đạo đơn vị (tiêu chí chờ duyệt) hoặc thẩm định (tiêu chí đã gửi)",
                   request=None, responses={200: StateBody, **CYCLE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        self.people_only(request)
        e = self.entry(request, pk)
        ip = client_ip(request)
        if e.workflow == Workflow.READY:
            if not perm.can_unit_approve(request.user, e.round, e.unit):
                raise PermissionDenied(access.DENIED)
            entry_unit_approve(round=e.round, unit=e.unit, actor=request.user, criteria=[e.criterion_code], ip=ip)
        else:
            if not perm.can_review(request.user, e.round, e.unit, e.criterion_code):
                raise PermissionDenied(access.DENIED)
            entry_approve(entry=e, actor=request.user, ip=ip)
        return self.state(e)


class EntryReturnView(_EntryAction):
    @extend_schema(summary="Trả lại một tiêu chí cho người nhập, kèm ý kiến", request=CommentBody,
                   responses={200: StateBody, **CYCLE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        self.people_only(request)
        e = self.entry(request, pk)
        body = _body(request, {"comment": (True, MAX_COMMENT)})
        leader = e.workflow == Workflow.READY
        allowed = (perm.can_unit_approve(request.user, e.round, e.unit) if leader
                   else perm.can_review(request.user, e.round, e.unit, e.criterion_code))
        if not allowed:
            raise PermissionDenied(access.DENIED)
        entry_return(entry=e, actor=request.user, comment=body["comment"], ip=client_ip(request),
                     by_leader=leader)
        return self.state(e)


class EntryFeedbackView(_EntryAction):
    @extend_schema(summary="Ý kiến của đơn vị về kết quả sơ bộ của một tiêu chí", request=FeedbackBody,
                   responses={201: FeedbackSent, **CYCLE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        self.people_only(request)
        e = self.entry(request, pk)
        if not perm.can_send_feedback(request.user, e.round, e.unit):
            raise PermissionDenied(access.DENIED)
        body = _body(request, {"text": (True, MAX_COMMENT), "explanation": (False, MAX_COMMENT)})
        fb = feedback_send(entry=e, actor=request.user, text=body["text"], explanation=body["explanation"],
                           ip=client_ip(request))
        out: dict[str, Any] = {"id": fb.pk, "entry": e.pk, "status": fb.status, "text": fb.text}
        return Response(out, status=status.HTTP_201_CREATED)
