"""Sinh số liệu MINH HỌA (không có thật) cho 8 huyện/thị xã/thành phố còn lại của tỉnh Thừa Thiên Huế,
Quý II/2024, theo bộ chỉ số ``thua-thien-hue-2024``.

Mọi con số ở đây là bịa ra cho mục đích demo/kiểm thử: quy mô dân số, số hộ, số công chức... chỉ
"hợp lý về độ lớn", không lấy từ nguồn thống kê nào. Mỗi dòng có ``explanation`` bắt đầu bằng
"[Số liệu minh họa]". Số liệu thật duy nhất của bộ ví dụ là huyện Nam Đông
(``examples/nam-dong-2024-q2.csv``, lấy từ seeds/002).

Tất định: ``random.Random(2024)``; chạy lại cho ra đúng tệp cũ::

    cd /work/main && .venv/bin/python examples/make_tth_synthetic.py

Cách sinh:
- mỗi đơn vị có một "mức trưởng thành" ``m`` (0,55–0,95) kéo các tỷ lệ lên/xuống;
- đầu vào đúng loại mà quy tắc của từng tiêu chí cần (``done``, ``numerator``/``denominator``,
  ``count``, ``date``, ``expert_score``) và tử số không bao giờ lớn hơn mẫu số;
- các chương trình mà tỉnh chưa triển khai trong kỳ (III.5, IV.4, IV.6, IV.7, IV.8 — như báo cáo
  Nam Đông) để trống, trạng thái "Chưa thực hiện";
- trạng thái suy từ điểm tính theo docs/rules.md: đủ điểm ⇒ Đạt, có điểm ⇒ Đang thực hiện,
  0 điểm ⇒ Chưa thực hiện; riêng I.3 và II.3 (hạn 15/11, chưa đến hạn trong Quý II) chưa làm thì
  "Đang thực hiện".
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from dti.engine.framework import load_framework  # noqa: E402
from dti.importers.entries_file import COLUMNS  # noqa: E402

FRAMEWORK = ROOT / "src" / "dti" / "frameworks" / "thua-thien-hue-2024.yaml"
OUT = HERE / "thua-thien-hue-2024-q2-synthetic.csv"
TAG = "[Số liệu minh họa]"
PARENT = "46"  # Tỉnh Thừa Thiên Huế (mã GSO cũ)

COLS = list(COLUMNS)  # the entries file format (docs/entries-format.md)

# mã GSO, tên năm 2024, quy mô minh họa: công chức-viên chức-NLĐ, hộ gia đình, dân trưởng thành,
# thôn/tổ dân phố, cơ sở kinh doanh
UNITS = [
    ("474", "Thành phố Huế", 3400, 112000, 300000, 520, 15000),
    ("476", "Huyện Phong Điền", 1500, 26000, 66000, 120, 3200),
    ("477", "Huyện Quảng Điền", 1300, 22000, 57000, 90, 2600),
    ("478", "Huyện Phú Vang", 1900, 45000, 118000, 130, 5200),
    ("479", "Thị xã Hương Thủy", 1500, 30000, 79000, 100, 4100),
    ("480", "Thị xã Hương Trà", 1400, 27000, 70000, 100, 3300),
    ("481", "Huyện A Lưới", 1300, 12500, 31000, 110, 1100),
    ("482", "Huyện Phú Lộc", 1800, 38000, 100000, 140, 4600),
]

NOT_DEPLOYED = {
    "III.5": "UBND tỉnh chưa triển khai nền tảng trong kỳ.",
    "IV.4": "Sở Thông tin và Truyền thông chưa tổ chức tập huấn, hội thảo trong kỳ.",
    "IV.6": "Sở Thông tin và Truyền thông chưa triển khai chương trình trong kỳ.",
    "IV.7": "Sở Thông tin và Truyền thông chưa triển khai chương trình trong kỳ.",
    "IV.8": "Sở Thông tin và Truyền thông chưa triển khai chương trình trong kỳ.",
}
NOT_DUE = {"I.3", "II.3"}  # hạn 15/11: chưa làm trong Quý II là "Đang thực hiện"


def pct(num: float, den: float) -> str:
    return f"{num / den * 100:.2f}".replace(".", ",") + "%"


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def clamp01(x: float) -> float:
    return max(0.0, min(1.0, x))


def share(rng: random.Random, den: int, lo: float, hi: float, m: float) -> int:
    """A numerator for a rate between lo and hi, pushed up by the unit's maturity m."""
    rate = lo + (hi - lo) * clamp01(m + rng.uniform(-0.2, 0.2))
    return max(0, min(den, round(den * rate)))


def fraction(rule, row: dict, peers_best: dict) -> float:
    """Share of the maximum the rule gives (docs/rules.md), used only to derive the status."""
    t = rule.type
    num, den = row.get("numerator"), row.get("denominator")
    if t == "boolean":
        return 1.0 if row.get("done") == "có" else 0.0
    if t == "ratio":
        return min(1.0, (num / den) / rule.target) if den else 0.0
    if t == "inverse_ratio":
        return max(0.0, 1 - (num / den) / rule.zero_at) if den else 0.0
    if t == "count_target":
        return min(1.0, row.get("count", 0) / rule.minimum)
    if t == "steps":
        got = [s.fraction for s in rule.steps if row.get("count", 0) >= s.at_least]
        return max(got) if got else 0.0
    if t == "deadline":
        d = row.get("date")
        if not d:
            return 0.0
        by = date(2024, *map(int, rule.by.split("-")))
        return 1.0 if d <= by else rule.late_fraction
    if t == "gate":
        if row.get("count", 0) < rule.minimum:
            return 0.0
        return fraction(rule.inner, row, peers_best)
    if t == "relative":
        v = row["_rel"]
        best = peers_best[row["criterion"]]
        return v / best if best else 0.0
    if t == "manual":
        return row["expert_score"] / row["_max"]
    raise ValueError(t)


def make_rows(rng: random.Random, unit: tuple, criteria: list) -> list[dict]:
    code, name, ccvc, households, adults, villages, businesses = unit
    m = rng.uniform(0.55, 0.95) if code != "474" else rng.uniform(0.8, 0.95)
    hue_s = round(adults * rng.uniform(0.3, 0.75))
    machines = round(ccvc * rng.uniform(0.7, 0.9))
    teams = villages
    hoso = round(households * rng.uniform(0.05, 0.12))
    reflections = rng.randint(300, 900) if code == "474" else rng.randint(8, 80)
    province_docs = rng.randint(15, 25)  # văn bản chỉ đạo của UBND tỉnh trong kỳ
    platforms = rng.randint(3, 8)
    departments = rng.randint(12, 20)
    notices = rng.randint(1, 6)
    tthc = rng.randint(370, 400)
    tourism_points = rng.randint(8, 60)
    rows = []
    for c in criteria:
        r: dict = {"criterion": c.code, "_max": c.max_points}
        k = c.code
        if k in NOT_DEPLOYED:
            r["_expl"] = NOT_DEPLOYED[k]
            r["_status"] = "Chưa thực hiện"
            rows.append(r)
            continue
        if k == "I.1":
            r["done"] = "có"
            r["_expl"] = (
                "Đã ban hành quyết định kiện toàn Ban chỉ đạo chuyển đổi số; người đứng đầu làm trưởng ban."
            )
        elif k == "I.2":
            r["count"] = rng.choice([1, 2, 2])
            r["_expl"] = f"Đã tổ chức {r['count']} cuộc họp Ban chỉ đạo trong năm."
        elif k == "I.3":
            if rng.random() < 0.4:
                r["date"] = date(2024, 4, 1) + timedelta(days=rng.randint(0, 90))
                r["_expl"] = f"Đã rà soát, cập nhật thông tin đơn vị ngày {r['date']:%d/%m/%Y}."
            else:
                r["_expl"] = "Chưa rà soát trong kỳ; hạn 15/11."
        elif k in ("I.4", "I.5", "I.6", "I.7", "I.8"):
            hi = {"I.4": 120, "I.5": 90, "I.6": 24, "I.7": 24, "I.8": 30}[k]
            lo = {"I.4": 12, "I.5": 10, "I.6": 0, "I.7": 0, "I.8": 0}[k]
            r["count"] = round(lo + (hi - lo) * clamp01(m + rng.uniform(-0.3, 0.2)))
            r["_expl"] = f"{r['count']} tin/24 tin."
        elif k == "I.9":
            r["count"] = rng.randint(2, 20)
            r["denominator"] = adults
            r["numerator"] = share(rng, adults, 0.1, 0.5, m)
            r["_expl"] = (
                f"{r['count']} bản tin phát đi; {vn(r['numerator'])}/{vn(adults)} người dân đã đọc "
                f"({pct(r['numerator'], adults)})."
            )
        elif k == "II.1":
            r["date"] = date(2024, 1, 2) + timedelta(days=rng.randint(0, 28 if rng.random() < 0.8 else 70))
            r["_expl"] = f"Kế hoạch chuyển đổi số năm 2024 ban hành ngày {r['date']:%d/%m/%Y}."
        elif k == "II.3":
            r["done"] = "có" if rng.random() < 0.3 else "không"
            r["_expl"] = (
                "Đã vận hành nền tảng xếp hạng của tỉnh."
                if r["done"] == "có"
                else "Đang triển khai; hạn 15/11."
            )
        elif k in ("VI.5",):
            r["done"] = "có" if rng.random() < 0.85 else "không"
            r["_expl"] = (
                "Có phát sinh đăng nhập nền tảng báo cáo số."
                if r["done"] == "có"
                else "Chưa phát sinh đăng nhập nền tảng báo cáo số."
            )
        elif k == "IV.5":
            r["count"] = rng.choice([0, 1, 1, 2])
            r["_expl"] = f"Đã tổ chức {r['count']} hội nghị tập huấn trực tiếp cho Tổ công nghệ số cộng đồng."
        elif k == "VI.4":
            r["count"] = rng.randint(2, 6)
            r["_expl"] = f"{r['count']}/6 chức năng có phát sinh dữ liệu trên nền tảng làm việc số."
        elif k == "VI.6":
            r["count"] = rng.choice([0, 1, 1, 2, 3])
            r["_expl"] = f"{r['count']} loại hình quản lý hiện trạng trên nền tảng bản đồ số."
        elif k == "VI.7":
            total = rng.randint(350, 2500) * 1000  # triệu đồng
            r["denominator"] = total
            r["numerator"] = round(total * rng.uniform(0.003, 0.03))
            r["_rel"] = r["numerator"] / total
            r["_expl"] = (
                f"Chi cho chuyển đổi số {vn(r['numerator'])}/{vn(total)} triệu đồng tổng chi ngân sách "
                f"({pct(r['numerator'], total)})."
            )
        elif k == "VIII.3":
            r["count"] = rng.randint(0, 40) if code != "474" else rng.randint(40, 120)
            r["_rel"] = r["count"]
            r["_expl"] = (
                f"{r['count']} sản phẩm địa phương có phát sinh giao dịch trên sàn thương mại điện tử."
            )
        elif k == "IX.1":
            r["expert_score"] = rng.randint(4, 10)
            r["expert_reason"] = f"{TAG} Hội đồng chấm theo hồ sơ minh chứng của đơn vị."
            r["_expl"] = f"Điểm thẩm định {r['expert_score']}/10."
        elif k == "IX.2":
            r["count"] = rng.randint(2, 30)
            r["_expl"] = f"Đã đăng tải {r['count']} bản tin thông báo, cảnh báo trên Hue-S."
        else:
            # tỷ lệ: (mẫu số, khoảng tỷ lệ, mô tả)
            spec = {
                "I.10": (ccvc, 0.7, 0.98, "tài khoản công chức, viên chức, người lao động đã đọc tin"),
                "II.2": (province_docs, 0.8, 1.0, "văn bản chỉ đạo so với văn bản của UBND tỉnh"),
                "III.1": (
                    ccvc,
                    0.85,
                    1.0,
                    "tài khoản Hue-S chuẩn hóa của công chức, viên chức, người lao động",
                ),
                "III.2": (adults, 0.2, 0.6, "người dân trưởng thành có tài khoản Hue-S chuẩn hóa"),
                "III.3": (households, 0.5, 0.95, "hộ gia đình có ít nhất một tài khoản Hue-S chuẩn hóa"),
                "III.4": (households, 0.45, 0.92, "hộ gia đình có internet cáp quang băng rộng"),
                "III.6": (platforms, 0.7, 1.0, "nền tảng số vận hành tại hạ tầng dùng chung"),
                "IV.1": (departments, 0.8, 1.0, "phòng, ban, đơn vị có văn bản phân công"),
                "IV.2": (villages, 0.9, 1.0, "tổ công nghệ số cộng đồng/thôn, tổ dân phố"),
                "IV.3": (teams, 0.2, 1.0, "tổ công nghệ số cộng đồng đã kiện toàn"),
                "V.1": (machines, 0.85, 1.0, "máy tính công vụ cài phần mềm chống mã độc"),
                "V.2": (machines, 0.85, 1.0, "máy tính công vụ cài phần mềm phòng chống virus"),
                "V.3": (machines, 0.0, 0.03, "máy tính công vụ bị lây nhiễm mã độc, virus"),
                "V.4": (notices, 0.6, 1.0, "thông báo lây nhiễm đã được khắc phục"),
                "VI.1": (tthc, 0.4, 0.6, "TTHC trực tuyến toàn trình đã công bố"),
                "VI.2": (hoso, 0.85, 0.99, "hồ sơ đăng ký trực tuyến"),
                "VI.3": (hoso, 0.0, 0.08, "hồ sơ vi phạm yêu cầu xử lý"),
                "VII.1": (adults, 0.6, 0.92, "tài khoản định danh điện tử mức 2 đã kích hoạt"),
                "VII.2": (hue_s, 0.03, 0.15, "tài khoản Hue-S mở Ví điện tử"),
                "VII.3": (hue_s, 0.03, 0.12, "tài khoản Hue-S được cấp chữ ký số"),
                "VII.4": (ccvc, 0.9, 1.0, "công chức, viên chức có chữ ký số công vụ"),
                "VII.5": (households, 0.3, 0.9, "hộ gia đình có địa chỉ số được xác nhận"),
                "VIII.1": (businesses, 0.2, 0.7, "cơ sở kinh doanh có mã VietQR"),
                "VIII.2": (
                    businesses,
                    0.02,
                    0.15,
                    "cơ sở kinh doanh có hàng hóa trên sàn thương mại điện tử",
                ),
                "VIII.4": (
                    ccvc,
                    0.6,
                    0.95,
                    "tài khoản công chức, viên chức kích hoạt thanh toán không dùng tiền mặt",
                ),
                "IX.3": (reflections, 0.85, 1.0, "phản ánh hiện trường xử lý đúng hạn"),
                "IX.4": (reflections, 0.0, 0.15, "phản ánh hiện trường không hài lòng"),
                "IX.5": (reflections, 0.0, 0.05, "phản ánh hiện trường có cảm nhận bức xúc"),
                "IX.6": (tourism_points, 0.2, 0.8, "điểm du lịch, tiềm năng đã số hóa trên Hue-S"),
            }[k]
            den, lo, hi, what = spec
            inverse = c.rule.type == "inverse_ratio"
            # lower is better: a mature unit gets a low rate
            r["denominator"] = den
            r["numerator"] = share(rng, den, hi, lo, m) if inverse else share(rng, den, lo, hi, m)
            r["_expl"] = f"{vn(r['numerator'])}/{vn(den)} {what} ({pct(r['numerator'], den)})."
        rows.append(r)
    for r in rows:
        r.update(unit=code, unit_name=name, parent=PARENT)
    return rows


def main() -> None:
    fw = load_framework(FRAMEWORK)
    criteria = fw.top_criteria()
    rng = random.Random(2024)  # noqa: S311 - số liệu minh họa tất định, không dùng cho bảo mật
    all_rows = [r for u in UNITS for r in make_rows(rng, u, criteria)]

    best: dict[str, float] = {}
    for r in all_rows:
        if "_rel" in r:
            best[r["criterion"]] = max(best.get(r["criterion"], 0.0), r["_rel"])

    rules = {c.code: c.rule for c in criteria}
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, COLS, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for r in all_rows:
            status = r.get("_status")
            if status is None:
                f = round(fraction(rules[r["criterion"]], r, best) * r["_max"], 2) / r["_max"]
                if f >= 1.0:
                    status = "Đạt"
                elif f > 0 or r["criterion"] in NOT_DUE:
                    status = "Đang thực hiện"
                else:
                    status = "Chưa thực hiện"
            out = dict(r)
            out["status"] = status
            if isinstance(out.get("date"), date):
                out["date"] = f"{out['date']:%d/%m/%Y}"
            out["explanation"] = f"{TAG} {r['_expl']}"
            w.writerow(out)
    print(f"{OUT.relative_to(ROOT)}: {len(all_rows)} dòng, {len(UNITS)} đơn vị × {len(criteria)} tiêu chí")


if __name__ == "__main__":
    main()
