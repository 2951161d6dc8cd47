"""Sinh số liệu MINH HỌA (không phải số liệu thật) cho 6 huyện, thành phố còn lại của tỉnh Ninh Thuận.

Tài liệu nguồn (seed 003, Kế hoạch nâng cao DTI huyện Ninh Sơn năm 2023) chỉ công bố kết quả năm 2022 của
huyện Ninh Sơn, cùng thứ hạng của Ninh Sơn: tổng thể 03/07 (sau TP. Phan Rang - Tháp Chàm và huyện Ninh Hải)
và theo nhóm 05, 04, 03, 04, 05, 01, 02, 02 (nhóm 1..8). Để nền tảng xếp hạng được 7 đơn vị, tệp
``ninh-thuan-2022-synthetic.csv`` tạo điểm giả lập cho 6 đơn vị kia sao cho, cùng với ``ninh-son-2022.csv``,
các thứ hạng ra đúng như tài liệu và không đơn vị nào bằng điểm Ninh Sơn.

Cách làm (tất định, không dùng số ngẫu nhiên):
1. Mỗi đơn vị có một điểm nhóm mục tiêu (bảng ``GROUP_TARGETS``), chọn tay để thỏa các thứ hạng trên.
2. Số điểm bị trừ của nhóm (điểm tối đa − mục tiêu) được trừ dần vào các tiêu chí của nhóm theo thứ tự do
   SHA-256 của "mã đơn vị:mã tiêu chí" quyết định, mỗi lượt trừ một phần (20–100 %) điểm tối đa tiêu chí.
3. Mỗi tiêu chí ghi điểm bằng ``expert_score`` với ``expert_reason`` "[Số liệu minh họa]"; mọi ``explanation``
   bắt đầu bằng "[Số liệu minh họa]".
4. Kiểm tra: tự cộng điểm của cả 7 đơn vị (Ninh Sơn tính lại từ số liệu thô theo quy tắc của bộ chỉ số) và
   khẳng định các thứ hạng; sai thì dừng với thông báo lỗi, không ghi tệp.

Chạy từ thư mục gốc của kho:
    PYTHONPATH=src .venv/bin/python examples/make_ninh_thuan_synthetic.py
"""

from __future__ import annotations

import csv
import hashlib
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dti.engine.framework import Framework, Node, load_framework  # noqa: E402
from dti.importers.entries_file import COLUMNS  # noqa: E402

FRAMEWORK = ROOT / "src" / "dti" / "frameworks" / "ninh-thuan-2022.yaml"
NINH_SON = ROOT / "examples" / "ninh-son-2022.csv"
OUT = ROOT / "examples" / "ninh-thuan-2022-synthetic.csv"

PROVINCE = "58"
NINH_SON_CODE = "585"
UNITS = {  # mã GSO → tên đầy đủ (vietnamadminunits, bảng admin_units_legacy)
    "582": "Thành phố Phan Rang - Tháp Chàm",
    "584": "Huyện Bác Ái",
    "586": "Huyện Ninh Hải",
    "587": "Huyện Ninh Phước",
    "588": "Huyện Thuận Bắc",
    "589": "Huyện Thuận Nam",
}
GROUPS = ("1", "2", "3", "4", "5", "6", "7", "8")

# Điểm nhóm mục tiêu (giả lập). Ninh Sơn: 58,8 / 80 / 59,7 / 55,01 / 70 / 147,8 / 135 / 92,5 = 698,81.
GROUP_TARGETS: dict[str, tuple[str, ...]] = {
    #        1       2     3       4     5     6        7      8
    "582": ("60", "90", "80", "58", "88", "146.5", "140", "110"),  # 772,5 — hạng 1
    "586": ("60", "85", "67.5", "57", "82", "142", "130", "90"),  # 713,5 — hạng 2
    "587": ("59.5", "82", "58", "54", "78", "135", "120", "85"),  # 671,5
    "589": ("59", "75", "52.5", "56", "65", "128", "112", "80"),  # 627,5
    "588": ("56", "72", "47", "50", "74", "120", "100", "75"),  # 594
    "584": ("52", "64", "38", "45", "55", "110", "85", "60"),  # 509
}

# Thứ hạng của Ninh Sơn theo tài liệu (nhóm 1..8) và tổng thể.
EXPECTED_NINH_SON_GROUP_RANKS = (5, 4, 3, 4, 5, 1, 2, 2)
EXPECTED_NINH_SON_GROUP_SCORES = ("58.8", "80", "59.7", "55.01", "70", "147.8", "135", "92.5")
EXPECTED_OVERALL_ORDER_TOP3 = ("582", "586", NINH_SON_CODE)

COLS = list(COLUMNS)  # the entries file format (docs/entries-format.md)
TAG = "[Số liệu minh họa]"
FRACTIONS = (Decimal("0.2"), Decimal("0.4"), Decimal("0.5"), Decimal("1"))
TENTH = Decimal("0.1")


def _h(*parts: str) -> int:
    return int(hashlib.sha256(":".join(parts).encode("utf-8")).hexdigest(), 16)


def _d(x: float | str | None) -> Decimal:
    return Decimal(str(x)) if x is not None else Decimal(0)


def group_of(fw: Framework, code: str) -> str:
    parent = fw.parent_of[code]
    while parent is not None and fw.by_code[parent].kind != "group":
        parent = fw.parent_of[parent]
    if parent is None:
        raise SystemExit(f"tiêu chí {code} không thuộc nhóm nào")
    return parent


def scored_leaves(fw: Framework, group: str) -> list[Node]:
    return [
        n
        for n in fw.criteria()
        if group_of(fw, n.code) == group and n.rule is not None and n.rule.type != "not_scored"
    ]


def distribute(unit: str, leaves: list[Node], deficit: Decimal) -> dict[str, Decimal]:
    """Trừ ``deficit`` điểm vào các tiêu chí theo thứ tự băm, trả về điểm từng tiêu chí (bội số của 0,1)."""
    scores = {n.code: _d(n.max_points) for n in leaves}
    order = sorted(leaves, key=lambda n: _h(unit, n.code))
    remaining = deficit
    rnd = 0
    while remaining > 0:
        rnd += 1
        for n in order:
            if remaining <= 0:
                break
            frac = FRACTIONS[_h(unit, n.code, str(rnd)) % len(FRACTIONS)]
            take = (_d(n.max_points) * frac).quantize(TENTH, rounding=ROUND_HALF_UP)
            take = min(take, scores[n.code], remaining)
            scores[n.code] -= take
            remaining -= take
        if rnd > 50:
            raise SystemExit(f"không phân bổ được {deficit} điểm cho đơn vị {unit}")
    return scores


# --- tính lại điểm Ninh Sơn từ số liệu thô (chỉ các quy tắc mà tệp dùng) ---------------------------


def _num(text: str) -> Decimal:
    return Decimal(text.strip().rstrip("%").replace(",", "."))


def score_row(node: Node, row: dict[str, str], precision: int) -> Decimal:
    mx = _d(node.max_points)
    if row.get("expert_score"):
        return max(Decimal(0), min(mx, _num(row["expert_score"])))  # điểm thẩm định giữ nguyên
    rule = node.rule
    if rule is None:
        raise SystemExit(f"tiêu chí {node.code} thiếu quy tắc")
    if rule.type == "boolean":
        raw = mx if row.get("done", "").strip().lower() in ("có", "x", "1", "true") else Decimal(0)
    elif rule.type == "ratio":
        if row.get("value"):
            rate = _num(row["value"]) / 100
        else:
            rate = _num(row["numerator"]) / _num(row["denominator"])
        raw = mx * min(Decimal(1), rate / _d(rule.target))
    elif rule.type == "count_target":
        raw = mx * min(Decimal(1), _num(row.get("count") or "0") / _d(rule.minimum))
    elif rule.type == "steps":
        count = _num(row.get("count") or "0")
        reached = [s.fraction for s in rule.steps if count >= _d(s.at_least)]
        raw = mx * _d(max(reached)) if reached else Decimal(0)
    elif rule.type == "manual":
        raw = Decimal(0)
    else:
        raise SystemExit(f"quy tắc '{rule.type}' của {node.code} chưa được kiểm tra trong script này")
    return raw.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


def ninh_son_scores(fw: Framework) -> dict[str, Decimal]:
    with NINH_SON.open(encoding="utf-8") as f:
        rows = {r["criterion"]: r for r in csv.DictReader(f)}
    out = {}
    for node in fw.criteria():
        if node.rule is not None and node.rule.type != "not_scored":
            out[node.code] = score_row(node, rows[node.code], fw.precision)
    return out


def vn(x: Decimal) -> str:
    """698.81 → '698,81' (cách viết số của Việt Nam)."""
    return f"{x.normalize():f}".replace(".", ",")


def competition_ranks(values: dict[str, Decimal]) -> dict[str, int]:
    return {u: 1 + sum(1 for w in values.values() if w > v) for u, v in values.items()}


def main() -> None:
    fw = load_framework(FRAMEWORK)
    leaves = {g: scored_leaves(fw, g) for g in GROUPS}
    group_max = {g: _d(fw.by_code[g].max_points) for g in GROUPS}

    criterion_scores: dict[str, dict[str, Decimal]] = {NINH_SON_CODE: ninh_son_scores(fw)}
    for unit, targets in GROUP_TARGETS.items():
        scores: dict[str, Decimal] = {}
        for g, target in zip(GROUPS, targets, strict=True):
            scores.update(distribute(unit, leaves[g], group_max[g] - Decimal(target)))
        criterion_scores[unit] = scores

    group_scores = {
        u: {g: sum((s[n.code] for n in leaves[g]), Decimal(0)) for g in GROUPS}
        for u, s in criterion_scores.items()
    }
    totals = {u: sum(gs.values(), Decimal(0)) for u, gs in group_scores.items()}

    # --- kiểm tra ---
    problems = []
    for g, want in zip(GROUPS, EXPECTED_NINH_SON_GROUP_SCORES, strict=True):
        if group_scores[NINH_SON_CODE][g] != Decimal(want):
            problems.append(f"nhóm {g}: Ninh Sơn {group_scores[NINH_SON_CODE][g]} ≠ {want} (tài liệu)")
    if totals[NINH_SON_CODE] != Decimal("698.81"):
        problems.append(f"tổng Ninh Sơn {totals[NINH_SON_CODE]} ≠ 698,81")
    for unit, targets in GROUP_TARGETS.items():
        for g, target in zip(GROUPS, targets, strict=True):
            if group_scores[unit][g] != Decimal(target):
                problems.append(f"{unit} nhóm {g}: {group_scores[unit][g]} ≠ mục tiêu {target}")
    for i, g in enumerate(GROUPS):
        per_unit = {u: group_scores[u][g] for u in group_scores}
        rank = competition_ranks(per_unit)[NINH_SON_CODE]
        if rank != EXPECTED_NINH_SON_GROUP_RANKS[i]:
            problems.append(f"nhóm {g}: Ninh Sơn hạng {rank} ≠ {EXPECTED_NINH_SON_GROUP_RANKS[i]} (tài liệu)")
        ties = [u for u in per_unit if u != NINH_SON_CODE and per_unit[u] == per_unit[NINH_SON_CODE]]
        if ties:
            problems.append(f"nhóm {g}: bằng điểm Ninh Sơn: {ties}")
    order = sorted(totals, key=lambda u: -totals[u])
    if tuple(order[:3]) != EXPECTED_OVERALL_ORDER_TOP3 or len(set(totals.values())) != len(totals):
        problems.append(
            f"thứ tự tổng thể {order} không khớp tài liệu (Phan Rang - Tháp Chàm, Ninh Hải, Ninh Sơn)"
        )
    if problems:
        raise SystemExit("Số liệu minh họa không thỏa tài liệu:\n" + "\n".join(problems))

    # --- ghi tệp ---
    rows = []
    for unit, name in sorted(UNITS.items()):
        for node in fw.criteria():
            r = {k: "" for k in COLS}
            r.update(unit=unit, unit_name=name, parent=PROVINCE, criterion=node.code)
            if node.rule is not None and node.rule.type == "not_scored":
                r["done"] = "có" if _h(unit, node.code) % 3 == 0 else "không"
                r["explanation"] = f"{TAG} Nhóm Đô thị thông minh không tính điểm; tình trạng giả lập."
            else:
                s = criterion_scores[unit][node.code]
                mx = _d(node.max_points)
                r["expert_score"] = f"{s.normalize():f}"
                r["expert_reason"] = TAG
                r["explanation"] = (
                    f"{TAG} Điểm giả lập {vn(s)}/{vn(mx)}, chỉ để minh họa xếp hạng; không phải số liệu thật."
                )
            rows.append(r)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

    names = dict(UNITS, **{NINH_SON_CODE: "Huyện Ninh Sơn"})
    total_max = _d(fw.total_max)
    print(f"Đã ghi {OUT.relative_to(ROOT)} ({len(rows)} dòng). Kiểm tra thứ hạng (cùng {NINH_SON.name}):")
    print(
        f"{'hạng':>4}  {'đơn vị':<34}" + "".join(f"{'N' + g:>8}" for g in GROUPS) + f"{'tổng':>9}  xếp loại"
    )
    overall = competition_ranks(totals)
    for u in order:
        pct = float(totals[u] / total_max * 100)
        cells = "".join(f"{vn(group_scores[u][g]):>8}" for g in GROUPS)
        print(
            f"{overall[u]:>4}  {names[u]:<34}{cells}{vn(totals[u]):>9}  {fw.classify(pct)} ({pct:.1f} %)".replace(
                ".", ","
            )
        )


if __name__ == "__main__":
    main()
