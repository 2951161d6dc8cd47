"""Unit page: an org unit named by code or full name, with its history (predecessors/successors)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dti.web import permissions as perm
from dti.web.core.vi import vi_sorted
from dti.web.units.resolver import UnitNotFound, resolve_unit


@login_required
@require_GET
def unit_detail(request: HttpRequest, ref: str) -> HttpResponse:
    try:
        unit = resolve_unit(ref)
    except UnitNotFound as exc:
        raise Http404(str(exc)) from None
    children = vi_sorted(unit.children.all(), key=lambda u: u.name)
    rounds = [r for r in unit.rounds.select_related("owner_unit") if perm.can_view_unit(request.user, r, unit)]
    return render(request, "units/detail.html", {
        "unit": unit, "children": children, "rounds": rounds,
        "successors": list(unit.successors.all()), "predecessors": list(unit.predecessors.all()),
        "ancestors": _ancestors(unit),
    })


def _ancestors(unit):  # type: ignore[no-untyped-def]
    out = []
    cur = unit.parent
    while cur is not None:
        out.append(cur)
        cur = cur.parent
    return list(reversed(out))
