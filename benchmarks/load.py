"""Bounded load test of a running server on loopback: mixed pages and API, N requests, C at a time.

Not a timed test: it prints p50/p95 per page and the error count, and exits 1 if any request failed.
Start the demo under gunicorn first (docs/deployment.md):

    DTI_VAR_DIR=/tmp/dti-load dti demo && DTI_VAR_DIR=/tmp/dti-load dti serve --bind 127.0.0.1:8107
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8107 [--requests 2000] [--concurrency 10]

Each of the C clients logs in once as a demo user (session + CSRF, as a browser does) and then requests
pages chosen round-robin from the mix; the run stops after exactly N requests.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

PASSWORD = "dti-demo-2024"  # noqa: S105 - the demo's published password (src/dti/web/demo.py)
USERS = ["admin", "so-tttt-hue", "tham-dinh-hue", "nam-dong", "so-tttt-ninh-thuan", "ninh-son",
         "lanh-dao-ninh-thuan", "cong-an-nam-dong"]
# (label, path, users allowed to see it; None = everyone, including anonymous)
MIX: list[tuple[str, str, set[str] | None]] = [
    ("trang chủ", "/", None),
    ("kỳ TTH", "/ky/thua-thien-hue-2024-q2/", {"admin", "so-tttt-hue", "tham-dinh-hue", "nam-dong", "cong-an-nam-dong"}),
    ("nhập liệu Nam Đông", "/ky/thua-thien-hue-2024-q2/don-vi/483/", {"admin", "so-tttt-hue", "tham-dinh-hue",
                                                                       "nam-dong", "cong-an-nam-dong"}),
    ("kết quả Ninh Thuận", "/ky/ninh-thuan-2022/ket-qua/", {"admin", "so-tttt-ninh-thuan", "lanh-dao-ninh-thuan"}),
    ("công khai Ninh Thuận", "/cong-khai/ninh-thuan-2022/", None),
    ("API kỳ", "/api/rounds/", None),
    ("API xếp hạng", "/api/rounds/ninh-thuan-2022/rankings/", {"admin", "so-tttt-ninh-thuan", "lanh-dao-ninh-thuan"}),
    ("API đơn vị", "/api/units/?page_size=50", None),
    ("healthz", "/healthz", None),
]


class Client:
    def __init__(self, base: str, user: str) -> None:
        self.base, self.user = base, user
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def login(self) -> None:
        page = self.opener.open(f"{self.base}/dang-nhap/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "không thấy mã CSRF trên trang đăng nhập"
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "username": self.user,
                                       "password": PASSWORD}).encode()
        req = urllib.request.Request(  # noqa: S310 - base is checked to be http(s) in main()
            f"{self.base}/dang-nhap/", data=data, headers={"Referer": f"{self.base}/"})
        resp = self.opener.open(req, timeout=30)
        if "/dang-nhap/" in resp.geturl():
            raise SystemExit(f"Đăng nhập {self.user} thất bại: đã nạp dữ liệu minh họa chưa (dti demo)?")

    def get(self, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(f"{self.base}{path}", timeout=60) as resp:
                resp.read()
                status = resp.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        return status, time.perf_counter() - started


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8107")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=10)
    args = ap.parse_args()
    if not args.url.startswith(("http://", "https://")):
        raise SystemExit("--url phải bắt đầu bằng http:// hoặc https://")
    clients = [Client(args.url.rstrip("/"), USERS[i % len(USERS)]) for i in range(args.concurrency)]
    for c in clients:
        c.login()
    plan = []  # (client, label, path): every page for every client that may see it, round-robin
    i = 0
    while len(plan) < args.requests:
        c = clients[i % len(clients)]
        label, path, allowed = MIX[(i // len(clients) + i) % len(MIX)]
        i += 1
        if allowed is None or c.user in allowed:
            plan.append((c, label, path))
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()

    def run(item: tuple[Client, str, str]) -> None:
        c, label, path = item
        status, seconds = c.get(path)
        with lock:
            times[label].append(seconds)
            if status != 200:
                errors[f"{label} → {status}"] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        list(pool.map(run, plan))
    wall = time.perf_counter() - started
    total = sum(len(v) for v in times.values())
    print(f"{total} yêu cầu, {args.concurrency} đồng thời, {wall:.1f} s ({total / wall:.0f} yêu cầu/s)")
    print(f"{'trang':<24} {'số':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for label, _path, _allowed in MIX:
        v = times.get(label, [])
        if v:
            print(f"{label:<24} {len(v):>5} {statistics.median(v) * 1000:>8.0f} {pct(v, 0.95) * 1000:>8.0f}")
    n_errors = sum(errors.values())
    print(f"lỗi: {n_errors}" + "".join(f"\n  {k}: {n}" for k, n in sorted(errors.items())))
    sys.exit(1 if n_errors else 0)


if __name__ == "__main__":
    main()
