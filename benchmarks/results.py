"""Results at national size: recompute a round of every 2025 commune (3,321) from the database, then
time the scorecard and ranking pages through Django's test client.

Run: ``.venv/bin/python benchmarks/results.py [--requests 30]``. Uses a throw-away SQLite database
(or DATABASE_URL); prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time

os.environ.setdefault("DTI_VAR_DIR", tempfile.mkdtemp(prefix="dti-bench-results-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dti.web.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from dti.engine import framework as fw  # noqa: E402
from dti.web.accounts.models import Role  # noqa: E402
from dti.web.accounts.services import role_assign, user_ensure  # noqa: E402
from dti.web.entries.forms import inputs_for  # noqa: E402
from dti.web.entries.models import Entry, Workflow  # noqa: E402
from dti.web.frameworks.models import FrameworkVersion  # noqa: E402
from dti.web.frameworks.services import frameworks_load_builtin  # noqa: E402
from dti.web.results.services import results_recompute  # noqa: E402
from dti.web.rounds import services as rounds  # noqa: E402
from dti.web.rounds.scoring import score_round_db  # noqa: E402
from dti.web.units.models import Level, OrgUnit, Structure  # noqa: E402
from dti.web.units.services import units_import  # noqa: E402


def _values(node: fw.Node, rng: random.Random) -> dict[str, object]:
    if isinstance(node.rule, fw.ManualRule):
        return {"expert_score": round(rng.uniform(0, node.max_points or 0), 2), "expert_reason": "Mô phỏng"}
    out: dict[str, object] = {}
    for name in inputs_for(node.rule):
        if name == "done":
            out["done"] = rng.random() < 0.7
        elif name == "numerator":
            den = rng.randint(50, 5000)
            out.update(denominator=den, numerator=rng.randint(0, den))
        elif name in ("count", "value"):
            out[name] = rng.randint(0, 30)
        elif name == "date":
            out["date"] = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 200))
    out["status"] = rng.choice([1, 1, 1, 2, 3])
    return out


def build(n_units: int | None) -> object:
    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    units_import(structure="2025")
    frameworks_load_builtin()
    communes = list(OrgUnit.objects.filter(level=Level.XA, structure=Structure.V2025).order_by("code"))
    if n_units:
        communes = communes[:n_units]
    fv = FrameworkVersion.objects.filter(code="thua-thien-hue-2024").order_by("-version").first()
    owner = OrgUnit.objects.filter(level=Level.TINH, structure=Structure.V2025).order_by("code").first()
    rnd = rounds.round_create(slug="quoc-gia-2025", name="Thử tải toàn quốc 2025", framework=fv, owner_unit=owner,
                              period_kind="year", year=2025, units=communes)
    rounds.round_open(round=rnd, actor=None)
    rng = random.Random(2025)
    leaves = [n for n in fv.parsed().criteria() if n.rule is not None]
    batch = [Entry(round=rnd, unit=u, criterion_code=n.code, workflow=Workflow.SUBMITTED, is_sample=True,
                   **_values(n, rng)) for u in communes for n in leaves]
    Entry.objects.bulk_create(batch, batch_size=5000)
    print(f"Chuẩn bị: {len(communes)} xã, {len(leaves)} tiêu chí, {len(batch)} dòng số liệu "
          f"({time.perf_counter() - t:.1f} s)")
    return rnd


def timed(client: Client, url: str, n: int) -> tuple[float, float]:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--units", type=int, default=None, help="chỉ lấy N xã đầu (mặc định: tất cả)")
    args = ap.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    rnd = build(args.units)
    t = time.perf_counter()
    score_round_db(rnd)
    print(f"Riêng engine (đọc số liệu + chấm điểm, score_round_db): {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    batch = results_recompute(round=rnd)
    print(f"Tính lại kết quả {batch.n_units} đơn vị (1 lần gọi engine, ghi hàng loạt): {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    results_recompute(round=rnd)
    print(f"Tính lại lần hai (cập nhật hàng loạt): {time.perf_counter() - t:.2f} s")

    admin = user_ensure(username="bench-admin", password="bench-password-123", full_name="Quản trị")  # noqa: S106
    role_assign(user=admin, role=Role.PLATFORM_ADMIN)
    client = Client()
    client.force_login(admin)
    unit = rnd.units.order_by("code")[len(rnd.units.all()) // 2]
    pages = {
        "Trang kết quả đơn vị": f"/ky/{rnd.slug}/ket-qua/{unit.code}/",
        "Bảng điều khiển (xếp hạng trang 1)": f"/ky/{rnd.slug}/ket-qua/",
        "Xếp hạng trang 20, sắp theo điểm": f"/ky/{rnd.slug}/ket-qua/?sap-xep=-diem&trang=20",
        "Giải thích một tiêu chí (JSON)": f"/ky/{rnd.slug}/ket-qua/{unit.code}/tieu-chi/{rnd.framework.parsed().criteria()[0].code}/",
    }
    for label, url in pages.items():
        med, p95 = timed(client, url, args.requests)
        print(f"{label}: trung vị {med:.0f} ms, p95 {p95:.0f} ms ({args.requests} lượt)")


if __name__ == "__main__":
    main()
