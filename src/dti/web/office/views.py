"""The office's round pages: list, create (or copy), set up a round, its assignment table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from dti.importers.assignments_xlsx import AssignmentLine, AssignmentTableError, read_assignment_table
from dti.limits import truncated
from dti.web.core.clientaddr import client_ip
from dti.web.frameworks.models import FrameworkVersion
from dti.web.imports.services import TemplateImportError, upload_check
from dti.web.office.forms import DeadlinesForm, RoundForm
from dti.web.permissions import office as access
from dti.web.permissions import scoping
from dti.web.rounds import assignments as assignment_services
from dti.web.rounds import planning
from dti.web.rounds import services as round_services
from dti.web.rounds.models import DEADLINE_FIELDS, AgencyRole, Round, RoundState
from dti.web.rounds.selectors import assignments_of
from dti.web.units.selectors import unit_choices

MAX_UPLOAD = 5 * 1024 * 1024


def _managed_rounds(request: HttpRequest) -> list[Round]:
    qs = scoping.managed_rounds(request.user).select_related("framework", "owner_unit")
    return list(qs.order_by("-year", "-period_number", "slug"))


def _load(request: HttpRequest, slug: str) -> Round:
    rnd = get_object_or_404(Round.objects.select_related("framework", "owner_unit"), slug=slug)
    access.require(access.can_manage_round(request.user, rnd))
    return rnd


@login_required
def home(request: HttpRequest) -> HttpResponse:
    access.require(access.can_use_office(request.user))
    return render(request, "office/home.html", {"rounds": _managed_rounds(request),
                                                "provinces": access.owner_units(request.user)})


def _form_errors(form: Any, exc: ValidationError) -> None:
    for field, msgs in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        name = field if field in form.fields else None
        for m in msgs:
            form.add_error(name, f"{planning.FIELD_LABELS.get(field, field)}: {m}" if name is None
                           and field != "__all__" else m)


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest) -> HttpResponse:
    access.require(access.can_use_office(request.user))
    owner_unit = access.owner_unit_for(request.user, request.GET.get("tinh") or None)
    rounds = [r for r in _managed_rounds(request) if r.owner_unit.code == owner_unit.code]
    form = RoundForm(request.POST or None, initial=_next_period(rounds))
    form.fields["framework"].choices = [(f.code, f"{f.name} (v{f.version})") for f in _latest_frameworks()]
    form.fields["copy_from"].choices = [("", "— Không sao chép —")] + [(r.slug, r.name) for r in rounds]
    day = _period_end(request, form.initial)
    choices = unit_choices(owner_unit, day, level=2)
    chosen = set(request.POST.getlist("units"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        copy_from = next((r for r in rounds if r.slug == data["copy_from"]), None)
        units = [c.unit for c in choices if c.unit.key in chosen] if chosen or copy_from is None else None
        try:
            rnd = planning.round_plan(
                owner_unit=owner_unit, framework=_framework(data["framework"]), period_kind=data["period_kind"],
                year=data["year"], number=data["number"], units=units, copy_from=copy_from,
                deadlines={f: data[f] for f in DEADLINE_FIELDS if data.get(f)}, name=data["name"],
                actor=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"Đã tạo kỳ '{rnd.name}' ({rnd.units.count()} đơn vị, "
                                      f"{rnd.assignments.count()} dòng phân công).")
            return redirect("office:round", slug=rnd.slug)
    return render(request, "office/round_new.html", {"form": form, "choices": choices, "chosen": chosen,
                                                     "owner_unit": owner_unit, "day": day},
                  status=400 if form.errors else 200)


def _next_period(rounds: list[Round]) -> dict[str, Any]:
    """The form starts at the period after the latest round, copying it (the office's usual next step)."""
    if not rounds:
        return {"period_kind": "quarter", "year": timezone.localdate().year}
    last = max(rounds, key=lambda r: r.start)
    number, year = last.period_number, last.year
    if last.period_kind == "year":
        year += 1
    else:
        top = 4 if last.period_kind == "quarter" else 2
        number, year = (1, year + 1) if (number or top) >= top else ((number or 0) + 1, year)
    return {"period_kind": last.period_kind, "year": year, "number": number, "copy_from": last.slug,
            "framework": last.framework.code}


def _period_end(request: HttpRequest, initial: dict[str, Any]) -> dt.date:
    src = request.POST or request.GET or {k: str(v) for k, v in initial.items() if v is not None}
    try:
        kind, year = src.get("period_kind", "quarter"), int(src.get("year") or timezone.localdate().year)
        number = planning.period_validate(kind, year, int(src["number"]) if src.get("number") else None)
        return round_services.period_dates(kind, year, number)[1]
    except (ValueError, ValidationError, KeyError):
        return timezone.localdate()


def _latest_frameworks() -> list[FrameworkVersion]:
    seen: dict[str, FrameworkVersion] = {}
    for f in FrameworkVersion.objects.order_by("code", "-version"):
        seen.setdefault(f.code, f)
    return list(seen.values())


def _framework(code: str) -> FrameworkVersion:
    return FrameworkVersion.objects.filter(code=code).order_by("-version").first()  # type: ignore[return-value]


@login_required
@require_http_methods(["GET", "POST"])
def round_setup(request: HttpRequest, slug: str) -> HttpResponse:
    rnd = _load(request, slug)
    initial = {f: getattr(rnd, f) for f in DEADLINE_FIELDS}
    form = DeadlinesForm(request.POST or None, initial=initial)
    choices = unit_choices(rnd.owner_unit, rnd.end, level=2)
    current = {u.key for u in rnd.units.all()}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in round_services.TRANSITIONS:
                getattr(round_services, action)(round=rnd, actor=request.user, ip=client_ip(request))
                messages.success(request, f"Kỳ đánh giá chuyển sang '{rnd.get_state_display()}'.")
                return redirect("office:round", slug=rnd.slug)
            if form.is_valid():
                deadlines = {f: form.cleaned_data[f] for f in DEADLINE_FIELDS}
                picked = set(request.POST.getlist("units"))
                units = [c.unit for c in choices if c.unit.key in picked] if picked != current else None
                if rnd.state == RoundState.DRAFT:
                    planning.round_update(round=rnd, units=units, deadlines=deadlines, actor=request.user)
                else:
                    planning.round_amend(round=rnd, reason=form.cleaned_data["reason"], units=units,
                                         deadlines=deadlines, actor=request.user)
                messages.success(request, "Đã lưu thay đổi của kỳ.")
                return redirect("office:round", slug=rnd.slug)
        except ValidationError as exc:
            _form_errors(form, exc)
    from dti.web.rounds.views import ACTIONS

    return render(request, "office/round.html", {
        "round": rnd, "form": form, "choices": choices, "current": current,
        "transitions": [(a, label) for a, label in ACTIONS if rnd.state in round_services.TRANSITIONS[a][0]],
        "n_assignments": rnd.assignments.count(),
    }, status=400 if form.errors else 200)


def _grid(rnd: Round, group: str, q: str) -> tuple[list[dict[str, Any]], list[Any]]:
    framework = rnd.framework.parsed()
    table: dict[str, dict[str, list[str]]] = {}
    for a in assignments_of(rnd):
        names = table.setdefault(a.criterion_code, {"lead": [], "coordinator": []})[a.role]
        if a.agency.name not in names:
            names.append(a.agency.name)
    rows = []
    for top in framework.nodes:
        if group and top.code != group:
            continue
        stack = [(top, 0)]
        while stack:
            node, depth = stack.pop(0)
            got = table.get(node.code, {"lead": [], "coordinator": []})
            text = " ".join([node.code, node.name, *got["lead"], *got["coordinator"]]).lower()
            if not q or q.lower() in text:
                rows.append({"node": node, "depth": depth, "lead": "; ".join(got["lead"]),
                             "coordinators": "; ".join(got["coordinator"])})
            stack[0:0] = [(c, depth + 1) for c in node.children]
    return rows, framework.nodes


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request: HttpRequest, slug: str) -> HttpResponse:
    rnd = _load(request, slug)
    group, q = request.GET.get("nhom", "")[:40], request.GET.get("q", "")[:100]
    errors: list[str] = []
    if request.method == "POST":
        codes = [c for c in request.POST.getlist("code")[:5000] if c in rnd.framework.parsed().by_code]
        lines = [AssignmentLine(0, code, "", _split(request.POST.get(f"lead-{code}", "")),
                                _split(request.POST.get(f"coord-{code}", "")))
                 for code in codes]
        try:
            _replace_codes(rnd, set(codes), [ln for ln in lines if ln.lead or ln.coordinators], request, "lưới")
        except ValidationError as exc:
            errors = list(exc.messages)
        else:
            messages.success(request, "Đã lưu bảng phân công.")
            return redirect(request.get_full_path())
    rows, groups = _grid(rnd, group, q)
    agencies = sorted({a.name for a in assignment_services.round_agencies(rnd)})
    return render(request, "office/assignments.html", {
        "round": rnd, "rows": rows, "groups": groups, "group": group, "q": q, "errors": errors,
        "agencies": agencies,
    }, status=400 if errors else 200)


def _split(text: str) -> list[str]:
    from dti.importers.assignments_xlsx import split_agencies

    return split_agencies(text[:2000])


def _replace_codes(rnd: Round, codes: set[str] | None, lines: list[AssignmentLine], request: HttpRequest,
                   source: str) -> int:
    """New rows for ``codes`` (every criterion when None), the other criteria's rows kept."""
    new_rows = assignment_services.rows_from_lines(rnd, lines)
    kept = [] if codes is None else [
        assignment_services.AssignmentRow(a.criterion_code, a.agency, a.role)
        for a in assignments_of(rnd) if a.criterion_code not in codes
    ]
    return assignment_services.assignments_replace(round=rnd, rows=kept + new_rows, actor=request.user,
                                                   source=source)


@login_required
@require_POST
def assignments_upload(request: HttpRequest, slug: str) -> HttpResponse:
    rnd = _load(request, slug)
    upload = request.FILES.get("file")
    errors: list[str] = []
    if upload is None or upload.size > MAX_UPLOAD:
        errors = ["Chọn tệp Excel .xlsx (tối đa 5 MB)"]
    else:
        data = upload.read()
        try:
            upload_check(data)
            n = _replace_codes(rnd, None, read_assignment_table(data), request, f"tệp {upload.name}"[:200])
        except TemplateImportError as exc:
            errors = truncated([p.message for p in exc.problems])
        except AssignmentTableError as exc:
            errors = [str(exc)]
        except ValidationError as exc:
            errors = list(exc.messages)
        else:
            messages.success(request, f"Đã nhập bảng phân công: {n} dòng. Bảng cũ đã được thay.")
            return redirect("office:assignments", slug=rnd.slug)
    rows, groups = _grid(rnd, "", "")
    return render(request, "office/assignments.html", {
        "round": rnd, "rows": rows, "groups": groups, "group": "", "q": "", "errors": errors,
        "upload_errors": True, "agencies": sorted({a.name for a in assignment_services.round_agencies(rnd)}),
    }, status=400)


ROLE_LABELS = dict(AgencyRole.choices)
