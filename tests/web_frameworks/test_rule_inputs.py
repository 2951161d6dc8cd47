"""Every consumer asks the rule object: the web form, the Excel template, the what-if fields and the
API offer the same inputs for every rule of every shipped framework (issue 10, item 2)."""

from __future__ import annotations

import pytest

from dti.engine import get_framework, parse_framework
from dti.engine.framework import builtin_framework_paths
from dti.engine.rules import INPUTS, RULE_CLASSES, rule_of
from dti.importers.template_xlsx import needed_inputs
from dti.web.entries.forms import EntryForm
from dti.web.results.explain import sim_fields

LEAVES = [(code, node) for code in builtin_framework_paths() for node in get_framework(code).criteria()]


@pytest.mark.parametrize(("code", "node"), LEAVES[::7], ids=lambda v: v if isinstance(v, str) else v.code)
def test_form_template_and_whatif_offer_the_rules_inputs(code: str, node) -> None:
    rule = rule_of(node.rule)
    form = EntryForm(node=node)
    assert form.input_names == list(needed_inputs(node.rule)) == list(rule.inputs())
    assert set(sim_fields(node)) <= {*rule.inputs(), "expert_score"}
    for field in rule.input_fields():
        assert field.label and field.kind == INPUTS[field.name].kind
        assert form.fields[field.name].label == field.label


@pytest.mark.parametrize(("rule", "inputs"), [
    ({"type": "boolean"}, ["done"]), ({"type": "manual"}, []), ({"type": "not_scored"}, ["done"]),
    ({"type": "gate", "on": "count", "minimum": 5, "inner": {"type": "ratio"}}, ["count", "numerator", "denominator"]),
    ({"type": "bands", "on": "value", "bands": [{"at_least": 1, "fraction": 1}]}, ["value"]),
])
def test_form_and_template_agree_on_rules_that_used_to_differ(rule: dict, inputs: list[str]) -> None:
    mx = None if rule["type"] == "not_scored" else 5
    fw = parse_framework({"code": "t", "name": "t", "kind": "points", "level": "huyen", "nodes": [
        {"code": "G", "name": "G", "kind": "group", "children": [
            {"code": "C", "name": "C", "kind": "criterion", "max_points": mx, "rule": rule}]}]})
    node = fw.by_code["C"]
    assert EntryForm(node=node).input_names == list(needed_inputs(node.rule)) == inputs


def test_every_rule_type_is_one_class_with_a_vietnamese_title() -> None:
    assert set(RULE_CLASSES) == {"boolean", "ratio", "count_target", "steps", "deadline", "gate", "inverse_ratio",
                                 "bands", "relative", "sum", "manual", "not_scored"}
    for cls in RULE_CLASSES.values():
        assert cls.title
