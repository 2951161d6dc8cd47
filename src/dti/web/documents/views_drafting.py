"""Drafting pages: the register of issued documents, per-group texts and sub-unit figures, and the
draft of a document (edit paragraphs, pre-issue check, PDF page preview, issue a version). Thin:
reads from ``build``/``selectors``, writes through ``content``; every view checks permissions."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from dti.reports import PdfError, ReportError
from dti.web import permissions as perm
from dti.web.documents import build, content
from dti.web.documents.models import GroupText, IssuedDirective, IssuedDocument, SubUnitFigure
from dti.web.entries.models import Evidence
from dti.web.permissions import documents as access
from dti.web.permissions import results as results_access
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit

MAX_UPLOAD = 5 * 1024 * 1024
EDITABLE_KINDS = ("bao-cao", "ke-hoach")


SECTION_LABELS = {
    "intro": "Mở đầu", "closing": "Kết thúc", "assigned": "Nhiệm vụ được giao", "achievements": "Kết quả đạt được",
    "limitations": "Tồn tại, hạn chế", "causes": "Nguyên nhân", "solutions": "Giải pháp", "resources": "Nguồn lực",
    "difficulties": "Khó khăn, vướng mắc", "proposals": "Đề xuất, kiến nghị", "tasks": "Nhiệm vụ",
    "highlights": "Kết quả nổi bật", "part2_intro": "Mở đầu Phần II", "objectives": "Mục tiêu",
    "requirements": "Yêu cầu", "organisation": "Tổ chức thực hiện",
}


def paragraph_label(key: str) -> str:
    """``solutions.III.0`` → ``Giải pháp – nhóm III – đoạn 1`` (the keys are never shown as such)."""
    head, *rest = key.split(".")
    label = SECTION_LABELS.get(head, head)
    if len(rest) == 2:
        return f"{label} – nhóm {rest[0]} – đoạn {int(rest[1]) + 1}"
    if rest and rest[0].isdigit():
        n = int(rest[0]) + (0 if head in ("tasks", "organisation") else 1)
        return f"{label} – đoạn {n}"
    return label


def _load(request: HttpRequest, slug: str, unit: str) -> tuple[Round, OrgUnit, bool]:
    rnd, org_unit = perm.load_round_unit(slug, unit)
    perm.require(access.can_download(request.user, rnd, org_unit))
    return rnd, org_unit, access.can_edit_notes(request.user, rnd, org_unit)


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for m in exc.messages[:50]:
        messages.error(request, m)


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str, unit: str) -> HttpResponse:
    """Sổ văn bản chỉ đạo, điều hành: list, add by hand, import an XLSX, pick from evidence, delete."""
    rnd, org_unit, can_edit = _load(request, slug, unit)
    if request.method == "POST":
        perm.require(can_edit)
        action = request.POST.get("action", "")
        try:
            if action == "add":
                content.directive_add(round=rnd, unit=org_unit, acting_user=request.user, data={
                    k: request.POST.get(k, "")[:1200] for k in ("number", "issued_on", "issuer", "summary", "criteria")})
                messages.success(request, "Đã thêm văn bản vào sổ.")
            elif action == "delete":
                d = get_object_or_404(IssuedDirective, pk=request.POST.get("pk"), round=rnd, unit=org_unit)
                content.directive_delete(directive=d, acting_user=request.user)
                messages.success(request, "Đã xóa văn bản khỏi sổ.")
            elif action == "import":
                upload = request.FILES.get("file")
                if upload is None or upload.size > MAX_UPLOAD or not upload.name.lower().endswith(".xlsx"):
                    raise ValidationError("Chọn một tệp .xlsx không quá 5 MB")
                with tempfile.NamedTemporaryFile(suffix=".xlsx") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                    fh.flush()
                    rows = content.read_directives_xlsx(Path(fh.name))
                n = content.directives_import(round=rnd, unit=org_unit, rows=rows, acting_user=request.user)
                messages.success(request, f"Đã nhập {n} văn bản từ tệp Excel.")
            elif action == "evidence":
                ev = get_object_or_404(Evidence, pk=request.POST.get("evidence"), entry__round=rnd,
                                       entry__unit=org_unit)
                content.directive_from_evidence(round=rnd, unit=org_unit, evidence=ev, acting_user=request.user,
                                                summary=request.POST.get("summary", "")[:1200])
                messages.success(request, "Đã thêm văn bản từ tệp minh chứng.")
            else:
                return HttpResponse("Thao tác không hợp lệ", status=400)
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("documents:register", slug=rnd.slug, unit=org_unit.code)
    evidence = (Evidence.objects.filter(entry__round=rnd, entry__unit=org_unit)
                .select_related("entry").order_by("entry__criterion_code")[:200])
    return render(request, "documents/register.html", {
        "round": rnd, "unit": org_unit, "can_edit": can_edit,
        "directives": IssuedDirective.objects.filter(round=rnd, unit=org_unit),
        "evidence": [(e, content.number_from_file_name(e.original_name)) for e in evidence],
    })


@login_required
@require_http_methods(["GET", "POST"])
def group_texts(request: HttpRequest, slug: str, unit: str) -> HttpResponse:
    """Per group: kết quả nổi bật, tồn tại, nguyên nhân, giải pháp; sub-unit figures of a criterion."""
    rnd, org_unit, can_edit = _load(request, slug, unit)
    framework = rnd.framework.parsed()
    if request.method == "POST":
        perm.require(can_edit)
        try:
            if request.POST.get("action") == "figures":
                n = content.sub_unit_figures_set(round=rnd, unit=org_unit, acting_user=request.user,
                                                 criterion_code=request.POST.get("criterion", "")[:40],
                                                 text=request.POST.get("figures", "")[:50_000])
                messages.success(request, f"Đã lưu {n} dòng chi tiết theo đơn vị trực thuộc.")
            else:
                code = request.POST.get("group", "")[:40]
                content.group_text_save(round=rnd, unit=org_unit, group_code=code, acting_user=request.user,
                                        data={f: request.POST.get(f, "")[:20_000] for f in GroupText.TEXT_FIELDS})
                messages.success(request, "Đã lưu nội dung của nhóm.")
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("documents:texts", slug=rnd.slug, unit=org_unit.code)
    saved = {g.group_code: g for g in GroupText.objects.filter(round=rnd, unit=org_unit)}
    groups = [{"code": n.code, "name": n.name, "text": saved.get(n.code)} for n in framework.nodes]
    figures: dict[str, list[SubUnitFigure]] = {}
    for f in SubUnitFigure.objects.filter(round=rnd, unit=org_unit):
        figures.setdefault(f.criterion_code, []).append(f)
    return render(request, "documents/texts.html", {
        "round": rnd, "unit": org_unit, "can_edit": can_edit, "groups": groups, "figures": figures,
        "criteria": [(n.code, n.name) for n in framework.top_criteria()],
    })


@login_required
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, slug: str, unit: str, kind: str) -> HttpResponse:
    """The document before issuing: editable paragraphs, the pre-issue check, versions issued."""
    rnd, org_unit, can_edit = _load(request, slug, unit)
    if kind not in EDITABLE_KINDS:
        raise Http404("Không có loại văn bản này")
    try:
        doc, data, settings, problems = build.unit_draft(
            rnd, org_unit, kind, appraised=results_access.can_see_appraised(request.user, rnd, org_unit))
    except ReportError as exc:
        return render(request, "documents/error.html", {"round": rnd, "unit": org_unit, "error": str(exc)},
                      status=409)
    paragraphs = build.editable_paragraphs(doc)
    if request.method == "POST":
        perm.require(can_edit)
        action = request.POST.get("action")
        try:
            if action == "save":
                allowed = {k for k, _ in paragraphs}
                edits = {k: request.POST.get(f"p-{k}", "") for k in allowed if f"p-{k}" in request.POST}
                generated = dict(paragraphs)
                # an unchanged paragraph stays generated (it follows the data if the data change)
                edits = {k: v for k, v in edits.items() if v.strip() != generated[k].strip() or k in settings.edits}
                n = content.document_edit_save(round=rnd, unit=org_unit, kind=kind, edits=edits, allowed=allowed,
                                               acting_user=request.user)
                messages.success(request, f"Đã lưu {n} đoạn đã sửa.")
            elif action == "reset":
                content.document_edit_reset(round=rnd, unit=org_unit, kind=kind, acting_user=request.user)
                messages.success(request, "Đã trả các đoạn về nội dung tạo từ số liệu.")
            elif action == "issue":
                with tempfile.TemporaryDirectory(prefix="dti-issue-") as tmp:
                    path = Path(tmp) / "van-ban.docx"
                    doc.save(str(path))
                    digest = content.data_hash(data, dataclasses.asdict(settings))
                    issued = content.document_issue(round=rnd, unit=org_unit, kind=kind, docx_bytes=path.read_bytes(),
                                                    digest=digest, problems=[p.as_dict() for p in problems],
                                                    acting_user=request.user)
                messages.success(request, f"Đã lưu phiên bản {issued.version} (mã số liệu {digest[:12]}).")
            else:
                return HttpResponse("Thao tác không hợp lệ", status=400)
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("documents:draft", slug=rnd.slug, unit=org_unit.code, kind=kind)
    edited = settings.edits
    return render(request, "documents/draft.html", {
        "round": rnd, "unit": org_unit, "kind": kind, "kind_label": build.KINDS[kind], "can_edit": can_edit,
        "paragraphs": [{"key": k, "label": paragraph_label(k), "generated": t, "text": edited.get(k, t),
                        "edited": k in edited}
                       for k, t in paragraphs],
        "problems": problems, "blocking": any(p.blocking for p in problems),
        "versions": IssuedDocument.objects.filter(round=rnd, unit=org_unit, kind=kind)[:20],
    })


@login_required
@require_GET
def preview(request: HttpRequest, slug: str, unit: str, kind: str) -> HttpResponse:
    """The document as PDF pages (PNG images), exactly as the download would be."""
    rnd, org_unit, _ = _load(request, slug, unit)
    if kind not in EDITABLE_KINDS:
        raise Http404("Không có loại văn bản này")
    try:
        doc, _, _, problems = build.unit_draft(
            rnd, org_unit, kind, appraised=results_access.can_see_appraised(request.user, rnd, org_unit))
        pages = build.preview_pages(doc)
    except (ReportError, PdfError) as exc:
        return render(request, "documents/error.html", {"round": rnd, "unit": org_unit, "error": str(exc)},
                      status=409 if isinstance(exc, ReportError) else 503)
    return render(request, "documents/preview.html", {
        "round": rnd, "unit": org_unit, "kind": kind, "kind_label": build.KINDS[kind], "pages": pages,
        "problems": problems,
    })


@login_required
@require_GET
def issued_download(request: HttpRequest, slug: str, unit: str, pk: int) -> FileResponse:
    rnd, org_unit, _ = _load(request, slug, unit)
    issued = get_object_or_404(IssuedDocument, pk=pk, round=rnd, unit=org_unit)
    response = FileResponse(issued.file.open("rb"), content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = build.content_disposition(
        f"{issued.kind}-{org_unit.code}-v{issued.version}.docx",
        f"{build.KINDS.get(issued.kind, issued.kind)} – {org_unit.name} – phiên bản {issued.version}.docx")
    return response
