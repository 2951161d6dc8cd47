"""Evidence lifecycle views: remove, replace, note, and link an uploaded file to another criterion.

Plain form posts (the page works without JavaScript) that come back to the criterion with a message;
the services (:mod:`dti.web.entries.evidence_changes`) decide, lock and audit.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from dti.web import permissions as perm
from dti.web.core.clientaddr import client_ip
from dti.web.entries.evidence_changes import (
    evidence_link,
    evidence_note_set,
    evidence_remove,
    evidence_replace,
)
from dti.web.entries.evidence_views import _errors, _page_url
from dti.web.entries.forms import EvidenceForm
from dti.web.entries.models import Evidence
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit


def _actor(request: HttpRequest) -> User:
    """The signed-in user (every view here requires a login)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _current_of(rnd: Round, unit: OrgUnit, pk: int) -> Evidence:
    return get_object_or_404(Evidence.objects.current().select_related("entry__round", "entry__unit"),
                             pk=pk, entry__round=rnd, entry__unit=unit)


@perm.round_unit_view
@require_POST
def evidence_remove_view(request: HttpRequest, rnd: Round, unit: OrgUnit, pk: int) -> HttpResponse:
    ev = _current_of(rnd, unit, pk)
    code = ev.entry.criterion_code
    perm.require(perm.can_edit(request.user, rnd, unit, code))
    try:
        evidence_remove(evidence=ev, actor=_actor(request), ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, f"Tiêu chí {code}: {_errors(exc)}")
    else:
        messages.success(request, f"Đã gỡ tệp '{ev.original_name}' khỏi tiêu chí {code} "
                                  "(tệp vẫn được lưu trong lịch sử minh chứng).")
    return redirect(_page_url(rnd, unit, code))


@perm.round_unit_view
@require_POST
def evidence_replace_view(request: HttpRequest, rnd: Round, unit: OrgUnit, pk: int) -> HttpResponse:
    ev = _current_of(rnd, unit, pk)
    code = ev.entry.criterion_code
    perm.require(perm.can_edit(request.user, rnd, unit, code))
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"Tiêu chí {code}: chưa chọn tệp thay cho '{ev.original_name}'")
        return redirect(_page_url(rnd, unit, code))
    try:
        new = evidence_replace(evidence=ev, upload=form.cleaned_data["file"], actor=_actor(request),
                               ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, f"Tiêu chí {code}: {_errors(exc)}")
    else:
        text = f"Đã thay '{ev.original_name}' bằng '{new.original_name}' cho tiêu chí {code}."
        if new.signature_check is not None:
            text += f" Kiểm tra chữ ký số: {new.signature_verdict}"
        (messages.success if new.signature_check is None or new.signature_ok else messages.warning)(request, text)
    return redirect(_page_url(rnd, unit, code))


@perm.round_unit_view
@require_POST
def evidence_note_view(request: HttpRequest, rnd: Round, unit: OrgUnit, pk: int) -> HttpResponse:
    ev = _current_of(rnd, unit, pk)
    code = ev.entry.criterion_code
    perm.require(perm.can_edit(request.user, rnd, unit, code))
    try:
        evidence_note_set(evidence=ev, note=request.POST.get("note", ""), actor=_actor(request),
                          ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, f"Tiêu chí {code}: {_errors(exc)}")
    else:
        messages.success(request, f"Đã lưu vị trí minh chứng của '{ev.original_name}' (tiêu chí {code}).")
    return redirect(_page_url(rnd, unit, code))


@perm.round_unit_view
@require_POST
def evidence_link_view(request: HttpRequest, rnd: Round, unit: OrgUnit, code: str) -> HttpResponse:
    node = rnd.framework.parsed().by_code.get(code)
    if node is None or not node.is_leaf:
        raise Http404("Không có tiêu chí này")
    perm.require(perm.can_edit(request.user, rnd, unit, code))
    raw = request.POST.get("evidence", "")
    if not raw.isdigit():
        messages.error(request, f"Tiêu chí {code}: chưa chọn tệp đã tải lên để dùng lại")
        return redirect(_page_url(rnd, unit, code))
    source = _current_of(rnd, unit, int(raw))
    # the file must be one the user may open (an agency editor: its own criteria's files)
    perm.require(perm.can_open_evidence(request.user, rnd, unit, source.entry.criterion_code))
    try:
        evidence_link(evidence=source, criterion_code=code, actor=_actor(request),
                      note=request.POST.get("note", ""), ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, f"Tiêu chí {code}: {_errors(exc)}")
    else:
        messages.success(request, f"Đã dùng tệp '{source.original_name}' (của tiêu chí "
                                  f"{source.entry.criterion_code}) làm minh chứng cho tiêu chí {code}.")
    return redirect(_page_url(rnd, unit, code))
