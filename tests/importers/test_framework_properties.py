"""Property: framework → XLSX → framework keeps codes, names, points and agencies."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dti.engine import parse_framework
from dti.exports.framework_export import framework_workbook
from dti.importers.framework_xlsx import read_framework_xlsx

_text = st.text(
    alphabet=st.sampled_from(list("abcdeghiklmnopqrstuvxyĐđăâêôơưáàảãạếềểễệóòỏõọúùủũụíìỉĩị 0123456789=-+@,/()")),
    min_size=1, max_size=30,
).map(lambda s: " ".join(s.split())).filter(bool)
_agencies = st.lists(_text.filter(lambda s: ";" not in s), max_size=3)
_points = st.one_of(st.integers(0, 100).map(float), st.sampled_from([2.5, 0.25, 12.75]))


@st.composite
def frameworks(draw):
    nodes = []
    for g in range(1, draw(st.integers(1, 4)) + 1):
        children = []
        for c in range(1, draw(st.integers(1, 5)) + 1):
            children.append({
                "code": f"{g}.{c}", "name": draw(_text), "kind": "criterion",
                "max_points": draw(_points), "rule": {"type": draw(st.sampled_from(["boolean", "ratio", "manual"]))},
                "lead": draw(_agencies), "coordinators": draw(_agencies),
            })
        nodes.append({"code": str(g), "name": draw(_text), "kind": "group", "children": children})
    return parse_framework({"code": "sinh", "name": draw(_text), "kind": "points", "level": "xa", "nodes": nodes})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_it_preserves_codes_names_points_and_agencies(f):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "f.xlsx"
        framework_workbook(f).save(path)
        back = read_framework_xlsx(path).framework
    assert back is not None
    def key(x):
        return [(n.code, n.name, n.kind, n.max_points, n.lead, n.coordinators, n.rule) for n in x.walk()]
    assert key(back) == key(f)
    assert back.name == f.name
