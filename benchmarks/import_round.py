"""Import of a filled entry template into a round of the database, end to end, with a floor.

Builds a round of N communes × the framework's criteria (no entries yet), writes the filled
template the way a unit would send it back, then times the two steps of an upload (read and check
the file; apply it in one transaction) and prints rows/s, the queries and the ratio to a floor
measured in the same run: reading the same workbook with openpyxl and a bulk insert of the same
number of entry rows (rolled back). Prints figures; not a timed test.

    .venv/bin/python benchmarks/import_round.py --units 1887 --db sqlite     # 100.011 rows
    .venv/bin/python benchmarks/import_round.py --units 1887 --db postgres
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from national import _prepare_database, analyze_all  # noqa: E402 - the same database set-up


def build(n_units: int, framework_code: str) -> tuple[Any, Any, bytes]:
    from django.core.management import call_command

    from dti.engine import Entry as EngineEntry
    from dti.engine import Status
    from dti.importers.template_xlsx import build_template
    from dti.web.accounts.models import Role
    from dti.web.accounts.services import role_assign, user_ensure
    from dti.web.frameworks.models import FrameworkVersion
    from dti.web.frameworks.services import frameworks_load_builtin
    from dti.web.results.scoring import unit_refs
    from dti.web.rounds import services as rounds
    from dti.web.units.models import Level, OrgUnit, Structure
    from dti.web.units.services import units_import

    call_command("migrate", interactive=False, verbosity=0)
    units_import(structure=str(Structure.V2025))
    frameworks_load_builtin()
    communes = list(OrgUnit.objects.filter(level=Level.XA, structure=Structure.V2025, parent__isnull=False)
                    .select_related("parent").order_by("code")[:n_units])
    fv = FrameworkVersion.objects.filter(code=framework_code).order_by("-version").first()
    assert fv is not None, framework_code
    owner = OrgUnit.objects.filter(level=Level.TINH, structure=Structure.V2025).order_by("code").first()
    rnd = rounds.round_create(slug="nhap-tep", name="Thử nhập tệp", framework=fv, owner_unit=owner,
                              period_kind="year", year=2025, units=communes)
    rounds.round_open(round=rnd, actor=None)
    admin = user_ensure(username="bench-import", password="bench-password-123", full_name="Quản trị")  # noqa: S106
    role_assign(user=admin, role=Role.PLATFORM_ADMIN)
    framework = fv.parsed()
    rng = random.Random(2025)  # noqa: S311 - synthetic benchmark data
    entries = []
    for u in communes:
        for node in framework.criteria():
            kind = node.rule.type if node.rule is not None else ""
            if kind in ("manual", "not_scored") or node.rule is None:
                continue
            e = EngineEntry(u.code, node.code, status=Status.DANG_THUC_HIEN, explanation="Báo cáo năm")
            if kind == "ratio":
                den = rng.randint(50, 5000)
                e = EngineEntry(u.code, node.code, numerator=rng.randint(0, den), denominator=den, status=Status.DAT)
            elif kind == "boolean":
                e = EngineEntry(u.code, node.code, done=rng.random() < 0.7, status=Status.DAT)
            entries.append(e)
    wb = build_template(framework, unit_refs(communes), round_slug=rnd.slug, existing=entries)
    buf = io.BytesIO()
    wb.save(buf)
    analyze_all()
    return rnd, admin, buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1887)
    ap.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    ap.add_argument("--framework", default="thua-thien-hue-2024")
    args = ap.parse_args()
    _prepare_database(args.db, f"wt_perf_bench_import_{args.units}", reuse=False)
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from openpyxl import load_workbook

    from dti.web.core.bulk import bulk_insert
    from dti.web.entries.models import Entry
    from dti.web.imports import services

    t = time.perf_counter()
    rnd, admin, data = build(args.units, args.framework)
    print(f"Chuẩn bị: {args.units} xã, tệp {len(data) / 2**20:.1f} MiB ({time.perf_counter() - t:.0f} s); "
          f"cơ sở dữ liệu {args.db}")

    t = time.perf_counter()
    ws = load_workbook(io.BytesIO(data), read_only=True)["Số liệu"]
    n_sheet = sum(1 for _ in ws.iter_rows(values_only=True)) - 1
    with transaction.atomic():
        now = timezone.now()
        unit_ids = list(rnd.units.values_list("pk", flat=True))
        per = max(1, n_sheet // len(unit_ids))
        bulk_insert(Entry, ("round_id", "unit_id", "criterion_code", "workflow", "version", "value_is_percent",
                            "is_sample", "text", "explanation", "stated", "expert_reason", "review_comment",
                            "updated_at"),
                    [(rnd.pk, u, f"F{k}", "draft", 1, False, False, "", "", "", "", "", now)
                     for u in unit_ids for k in range(per)])
        transaction.set_rollback(True)
    floor = time.perf_counter() - t

    t = time.perf_counter()
    rows = services.template_read(round=rnd, data=data, actor=admin)
    read = time.perf_counter() - t
    connection.queries_log.clear()  # the build filled the log: count from empty
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        report = services.entries_apply_template(round=rnd, rows=rows, actor=admin, ip=None)
        apply = time.perf_counter() - t
    n = len(report.changed)
    total = read + apply
    print(f"sàn (đọc tệp bằng openpyxl + ghi hàng loạt {n_sheet:,} dòng): {floor:.1f} s")
    print(f"đọc và kiểm tra tệp: {read:.1f} s; ghi {n:,} dòng + nhật ký: {apply:.1f} s ({len(ctx)} truy vấn)")
    print(f"tổng {total:.1f} s = {n / total:,.0f} dòng/s; {total / floor:.1f}× sàn")


if __name__ == "__main__":
    main()
