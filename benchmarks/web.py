"""Server time of the data-entry and unit pages on a national-size round (not a timed test).

Seeds a temporary SQLite database with every 2025 commune (3,321) in one round of the
thua-thien-hue-2024 framework with synthetic entries, then measures pages with Django's test client.

    .venv/bin/python benchmarks/web.py [--repeat 20] [--entries-per-unit 53]
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="dti-bench-")
    os.environ["DTI_VAR_DIR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "dti.web.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from dti.engine import get_framework
    from dti.engine.numbers import fmt_number as n
    from dti.web.accounts.models import Role
    from dti.web.accounts.services import role_assign, user_ensure
    from dti.web.entries.models import Entry, Workflow
    from dti.web.frameworks.services import framework_load
    from dti.web.rounds import services as rounds
    from dti.web.units.models import OrgUnit
    from dti.web.units.services import units_import

    setup_test_environment()
    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    units_import(structure="2025")
    communes = list(OrgUnit.objects.filter(structure="2025", level=3).order_by("code"))
    fw_path = Path(__file__).resolve().parents[1] / "src/dti/frameworks/thua-thien-hue-2024.yaml"
    fv = framework_load(yaml_text=fw_path.read_text(encoding="utf-8"))
    province = OrgUnit.objects.get(key="2025:46")
    rnd = rounds.round_create(slug="quoc-gia-2025", name="Thử tải toàn quốc", framework=fv, owner_unit=province,
                              period_kind="year", year=2025, units=communes)
    rounds.round_open(round=rnd, actor=None)
    framework = get_framework("thua-thien-hue-2024")
    rng = random.Random(2025)  # noqa: S311 - synthetic benchmark data
    rows = []
    for u in communes:
        for node in framework.criteria():
            den = rng.randint(50, 2000)
            rows.append(Entry(round=rnd, unit=u, criterion_code=node.code, numerator=rng.randint(0, den),
                              denominator=den, count=rng.randint(0, 40), done=rng.random() < 0.6,
                              status=rng.choice([1, 2, 3]), workflow=Workflow.SUBMITTED, is_sample=True))
    Entry.objects.bulk_create(rows, batch_size=5000)
    admin = user_ensure(username="bench", password=secrets.token_urlsafe(), is_staff=True)
    role_assign(user=admin, role=Role.PLATFORM_ADMIN)
    seed_s = time.perf_counter() - t0
    print(f"Dữ liệu: {n(len(communes))} xã/phường, {n(len(rows))} dòng số liệu; nạp trong {n(seed_s, 1)} s")

    client = Client()
    client.force_login(admin)
    sample = rng.sample(communes, k=min(args.repeat, len(communes)))
    pages = {
        "Trang nhập số liệu (1 xã, chấm điểm các xã cùng tỉnh)": [f"/ky/{rnd.slug}/don-vi/{u.code}/" for u in sample],
        "Trang đơn vị": [f"/don-vi/{u.key}/" for u in sample],
        "Xem trước điểm (JSON)": [f"/ky/{rnd.slug}/don-vi/{u.code}/xem-truoc/" for u in sample],
    }
    for label, urls in pages.items():
        times = []
        for url in urls:
            start = time.perf_counter()
            if "xem-truoc" in url:
                resp = client.post(url, {"criterion": "III.4", "c-III.4-version": "1",
                                         "c-III.4-numerator": "4.021", "c-III.4-denominator": "7.258"})
            else:
                resp = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert resp.status_code == 200, (url, resp.status_code)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(f"{label}: trung vị {n(statistics.median(times), 0)} ms, p95 {n(p95, 0)} ms ({len(times)} lần)")
    start = time.perf_counter()
    resp = client.get(f"/ky/{rnd.slug}/")
    print(f"Trang kỳ đánh giá (xếp hạng {n(len(communes))} đơn vị): {n((time.perf_counter() - start) * 1000, 0)} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
