"""National-size benchmark of the platform paths, with a floor measured in the same run.

For N units (100, 1,000, 3,321 communes of the 2025 structure; 10,035 legacy communes in ~700
district peer groups) on SQLite or PostgreSQL, builds a round with one entry per unit × criterion,
analyses the database as a deployment would (autovacuum's ANALYZE), then prints for each path the
median/p95 time, the queries, the engine scorings and the ratio to its floor:

- recompute with write-back (whole round; one unit's peer group) — floor: one raw read of the
  entries + the engine + a bulk write of the same rows into a scratch table;
- read pages (entry page, scorecard, dashboard, round page, public pages) — floor: rendering the
  scorecard template from a precomputed context;
- peak Python memory of one recompute (tracemalloc).

Prints figures; not a timed test.

    .venv/bin/python benchmarks/national.py --units 3321 --db sqlite [--framework ninh-thuan-2022]
    .venv/bin/python benchmarks/national.py --units 10035 --db postgres --requests 20

PostgreSQL runs use a database of their own (``wt_perf_bench_<N>_<framework>``, dropped and
re-created unless ``--reuse``) on the server of ``BENCH_PG_URL`` (default ``postgres://root@127.0.0.1:5432``);
``--reuse`` keeps the SQLite file in the temporary directory under the same name.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from typing import Any


def _prepare_database(db: str, name: str, *, reuse: bool) -> None:
    """A fresh database, or (``reuse``) the one a previous run with the same arguments left."""
    sys.stdout.reconfigure(line_buffering=True)  # figures appear as they are measured, even in a log
    os.environ["DJANGO_SETTINGS_MODULE"] = "dti.web.settings"
    if reuse:
        var = os.path.join(tempfile.gettempdir(), name)
        os.makedirs(var, exist_ok=True)
        os.environ["DTI_VAR_DIR"] = var
    else:
        os.environ["DTI_VAR_DIR"] = tempfile.mkdtemp(prefix="dti-bench-national-")
    os.environ.pop("DATABASE_URL", None)
    if db == "postgres":
        import psycopg

        base = os.environ.get("BENCH_PG_URL", "postgres://root@127.0.0.1:5432").rstrip("/")
        with psycopg.connect(base.replace("postgres://", "postgresql://", 1) + "/postgres", autocommit=True) as c:
            exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not (reuse and exists):
                c.execute(f'DROP DATABASE IF EXISTS "{name}"')
                c.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = f"{base}/{name}"


def reused_round(framework_code: str) -> Any:
    """The round a previous ``--reuse`` run built, opened again (a run ends by publishing it)."""
    from django.core.management import call_command
    from django.db import DatabaseError

    from dti.web.rounds.models import Round

    call_command("migrate", interactive=False, verbosity=0)
    try:
        rnd = Round.objects.select_related("framework").filter(slug="quoc-gia", framework__code=framework_code).first()
    except DatabaseError:
        return None  # not migrated yet
    if rnd is not None:
        Round.objects.filter(pk=rnd.pk).update(state="open")
        rnd.refresh_from_db()
        print(f"Dùng lại cơ sở dữ liệu: {rnd.units.count()} xã, {rnd.entries.count()} dòng số liệu")
    return rnd


def _values(node: Any, rng: random.Random) -> dict[str, Any]:
    from dti.engine import framework as fw
    from dti.web.entries.forms import inputs_for

    if isinstance(node.rule, fw.ManualRule):
        return {"expert_score": round(rng.uniform(0, node.max_points or 0), 2), "expert_reason": "Mô phỏng"}
    out: dict[str, Any] = {}
    for name in inputs_for(node.rule):
        if name == "done":
            out["done"] = rng.random() < 0.7
        elif name == "numerator":
            den = rng.randint(50, 5000)
            out.update(denominator=float(den), numerator=float(rng.randint(0, den)))
        elif name in ("count", "value"):
            out[name] = float(rng.randint(0, 30))
        elif name == "date":
            out["date"] = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 200))
    out["status"] = rng.choice([1, 1, 1, 2, 3])
    return out


ENTRY_FIELDS = ("round_id", "unit_id", "criterion_code", "status", "done", "numerator", "denominator", "count",
                "value", "value_is_percent", "date", "text", "explanation", "stated", "expert_score",
                "expert_reason", "workflow", "review_comment", "is_sample", "version", "updated_at")


def build(n_units: int, framework_code: str) -> Any:
    """Units, framework, an open round and its entries (bulk-loaded), then ANALYZE."""
    from django.core.management import call_command
    from django.utils import timezone

    from dti.web.core.bulk import bulk_insert
    from dti.web.entries.models import Entry
    from dti.web.frameworks.models import FrameworkVersion
    from dti.web.frameworks.services import frameworks_load_builtin
    from dti.web.rounds import services as rounds
    from dti.web.units.models import Level, OrgUnit, Structure
    from dti.web.units.services import units_import

    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    structure = Structure.V2025 if n_units <= 3321 else Structure.LEGACY
    units_import(structure=str(structure))
    frameworks_load_builtin()
    communes = list(OrgUnit.objects.filter(level=Level.XA, structure=structure, parent__isnull=False)
                    .order_by("code")[:n_units])
    fv = FrameworkVersion.objects.filter(code=framework_code).order_by("-version").first()
    assert fv is not None, framework_code
    owner = OrgUnit.objects.filter(level=Level.TINH, structure=structure).order_by("code").first()
    rnd = rounds.round_create(slug="quoc-gia", name="Thử tải toàn quốc", framework=fv, owner_unit=owner,
                              period_kind="year", year=2025, units=communes)
    rng = random.Random(2025)  # noqa: S311 - synthetic benchmark data
    leaves = [n for n in fv.parsed().criteria() if n.rule is not None]
    now = timezone.now()
    rows = []
    for u in communes:
        for n in leaves:
            v = _values(n, rng)
            rows.append((rnd.pk, u.pk, n.code, v.get("status"), v.get("done"), v.get("numerator"),
                         v.get("denominator"), v.get("count"), v.get("value"), False, v.get("date"), "", "", "",
                         v.get("expert_score"), v.get("expert_reason", ""), "submitted", "", True, 1, now))
    bulk_insert(Entry, ENTRY_FIELDS, rows)
    analyze_all()
    rounds.round_open(round=rnd, actor=None)
    print(f"Chuẩn bị: {len(communes)} xã, {len(leaves)} tiêu chí, {len(rows)} dòng số liệu "
          f"({time.perf_counter() - t:.1f} s)")
    return rnd


def analyze_all() -> None:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("ANALYZE")


class Counter:
    def __init__(self) -> None:
        self.n = 0


def count_engine() -> Counter:
    from dti.engine.scoring import RoundResult

    counter = Counter()
    original = RoundResult.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        counter.n += 1
        original(self, *args, **kwargs)

    RoundResult.__init__ = counting  # type: ignore[method-assign]
    return counter


def timed(fn: Callable[[], Any], repeat: int, engine: Counter) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, calls = [], 0, 0
    for _ in range(repeat):
        before = engine.n
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        queries, calls = len(ctx), engine.n - before
    times.sort()
    return {"median": statistics.median(times), "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
            "queries": queries, "engine": calls}


def recompute_floor(rnd: Any) -> None:
    """Raw read + engine + bulk write of one row per unit carrying the per-node arrays and empty
    JSON columns, nothing else (rolled back): the least a recompute with write-back can do."""
    from django.db import connection, transaction

    from dti.engine import UnitRef, score_round
    from dti.web.core.bulk import bulk_insert
    from dti.web.results import compute
    from dti.web.results.models import UnitResult
    from dti.web.results.services import _ROW_FIELDS

    units = compute.round_unit_rows(rnd)
    with transaction.atomic():
        with connection.cursor() as c:
            c.execute("SELECT " + ", ".join(compute.ROW_FIELDS) + " FROM entries_entry WHERE round_id = %s",  # noqa: S608
                      [rnd.pk])
            rows = c.fetchall()
        refs = [UnitRef(u.code, u.name, u.parent_code) for u in units]
        framework = rnd.framework.parsed()
        table = compute.fill_table(framework, refs, units, rows)
        result = score_round(framework, refs, table, year=rnd.year)
        rank, peers = result.ranks  # ranks are part of scoring
        values = result.score.T.copy()
        UnitResult.objects.filter(round=rnd).delete()
        bulk_insert(UnitResult, _ROW_FIELDS, [
            (rnd.pk, u.id, u.parent_id, float(result.total[j]), 0.0, 0.0, "", int(rank[-1, j]), int(peers[j]),
             0, 0, 0, 0, 0, 0.0, "{}", values[j].tobytes(), b"", "[]", "[]", "", None, None, None, 0, "{}")
            for j, u in enumerate(units)])
        transaction.set_rollback(True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    ap.add_argument("--framework", default="thua-thien-hue-2024")
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--reuse", action="store_true", help="keep the built database for the next run with --reuse")
    args = ap.parse_args()
    _prepare_database(args.db, f"wt_perf_bench_{args.units}_{args.framework.replace('-', '_')}", reuse=args.reuse)
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    from dti.web.results.services import results_recompute
    from dti.web.rounds import services as rounds

    rnd = (reused_round(args.framework) if args.reuse else None) or build(args.units, args.framework)
    engine = count_engine()
    n_crit = len(rnd.framework.parsed().criteria())
    print(f"Cơ sở dữ liệu: {args.db}; bộ chỉ số {args.framework} ({n_crit} tiêu chí)")
    print(f"{'đường đi':<46} {'trung vị':>9} {'p95':>9} {'truy vấn':>9} {'engine':>7} {'÷ sàn':>7}")

    def line(label: str, m: dict[str, float], floor: float | None, unit: str = "s") -> None:
        scale = 1000 if unit == "ms" else 1
        ratio = f"{m['p95'] / floor:.1f}×" if floor else "—"
        print(f"{label:<46} {m['median'] * scale:>8.3f}{unit[0]} {m['p95'] * scale:>8.3f}{unit[0]} "
              f"{m['queries']:>9} {m['engine']:>7} {ratio:>7}")

    results_recompute(round=rnd)  # first compute (and warm caches)
    floor = timed(lambda: recompute_floor(rnd), args.repeat, engine)
    line("sàn: đọc thô + engine + ghi hàng loạt", floor, None)
    whole = timed(lambda: results_recompute(round=rnd), args.repeat, engine)
    line("tính lại cả kỳ, ghi kết quả", whole, floor["median"])
    some = rnd.units.order_by("code")[args.units // 2]
    part = timed(lambda: results_recompute(round=rnd, changed_units=[some]), args.repeat, engine)
    line("tính lại một nhóm đơn vị cùng cấp trên", part, floor["median"])
    tracemalloc.start()
    results_recompute(round=rnd)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"bộ nhớ đỉnh (Python, tracemalloc) của một lần tính lại: {peak / 2**20:.0f} MiB")

    rounds.round_review(round=rnd, actor=None)
    rounds.round_publish(round=rnd, actor=None)  # final compute; public pages open
    pages(rnd, args, engine, line)
    sys.stdout.flush()


def pages(rnd: Any, args: argparse.Namespace, engine: Counter, line: Callable[..., None]) -> None:
    from django.template.loader import render_to_string
    from django.test import Client
    from django.test.utils import setup_test_environment

    from dti.web.accounts.models import Role
    from dti.web.accounts.services import role_assign, user_ensure
    from dti.web.results.context import scorecard_context
    from dti.web.results.models import UnitResult

    setup_test_environment()
    admin = user_ensure(username="bench-admin", password="bench-password-123", full_name="Quản trị")  # noqa: S106
    role_assign(user=admin, role=Role.PLATFORM_ADMIN)
    signed, public = Client(), Client()
    signed.force_login(admin)
    rng = random.Random(7)  # noqa: S311
    codes = list(rnd.units.values_list("code", flat=True))
    res = UnitResult.objects.select_related("unit", "parent").get(round=rnd, unit__code=codes[0])
    ctx = scorecard_context(rnd, res.unit, res, public=False)
    floor = timed(lambda: render_to_string("results/scorecard.html", ctx), args.requests, engine)
    line("sàn: dựng mẫu trang kết quả (ngữ cảnh có sẵn)", floor, None, "ms")
    paths: list[tuple[str, Client, Callable[[], str]]] = [
        ("trang nhập số liệu", signed, lambda: f"/ky/{rnd.slug}/don-vi/{rng.choice(codes)}/"),
        ("trang kết quả đơn vị", signed, lambda: f"/ky/{rnd.slug}/ket-qua/{rng.choice(codes)}/"),
        ("bảng điều khiển", signed, lambda: f"/ky/{rnd.slug}/ket-qua/"),
        ("bảng điều khiển, trang 20 theo điểm", signed, lambda: f"/ky/{rnd.slug}/ket-qua/?sap-xep=-diem&trang=20"),
        ("điểm bản đồ (JSON)", signed, lambda: f"/ky/{rnd.slug}/ket-qua/ban-do.json"),
        ("trang kỳ đánh giá", signed, lambda: f"/ky/{rnd.slug}/"),
        ("trang công khai của kỳ", public, lambda: f"/cong-khai/{rnd.slug}/"),
        ("trang công khai của đơn vị", public, lambda: f"/cong-khai/{rnd.slug}/{rng.choice(codes)}/"),
    ]
    for label, client, url in paths:
        client.get(url())  # warm (session, parsed framework)

        def get(client: Client = client, url: Callable[[], str] = url) -> None:
            r = client.get(url())
            assert r.status_code == 200, r.status_code

        line(label, timed(get, args.requests, engine), floor["median"], "ms")


if __name__ == "__main__":
    main()
