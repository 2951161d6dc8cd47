"""The catalogue of rule types: one class per ``type:`` of a framework's ``rule:`` block.

Adding a rule type is one new class (a :class:`RuleBase` subclass in its own module) added to
``Rule`` below, and its tests. Everything else — the web form, the Excel template, what-if
fields, explanations, report sentences, the API — asks the rule object.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from dti.engine.rules.base import INPUTS, Columns, Context, Input, Problem, RuleBase
from dti.engine.rules.boolean import BooleanRule
from dti.engine.rules.deadline import DeadlineRule
from dti.engine.rules.gate import GateRule, InnerRule
from dti.engine.rules.manual import ManualRule, NotScoredRule, SumRule
from dti.engine.rules.ratio import InverseRatioRule, RatioRule
from dti.engine.rules.relative import RelativeRule
from dti.engine.rules.thresholds import Band, BandsRule, CountTargetRule, Step, StepsRule

Rule = Annotated[
    BooleanRule | RatioRule | CountTargetRule | StepsRule | DeadlineRule | BandsRule | InverseRatioRule
    | RelativeRule | ManualRule | NotScoredRule | SumRule | GateRule,
    Field(discriminator="type"),
]

RULE_CLASSES: dict[str, type[RuleBase]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in (BooleanRule, RatioRule, CountTargetRule, StepsRule, DeadlineRule, GateRule, InverseRatioRule,
                BandsRule, RelativeRule, SumRule, ManualRule, NotScoredRule)
}
RULE_TYPES = tuple(RULE_CLASSES)
RULE_NAMES = {code: cls.title for code, cls in RULE_CLASSES.items()}

#: the rule of a criterion without one (tracking frameworks): tracked, never scored
UNSCORED = NotScoredRule(type="not_scored")


def rule_of(rule: RuleBase | None) -> RuleBase:
    """The rule object to ask about a criterion (a criterion without a rule is tracked only)."""
    return UNSCORED if rule is None else rule


__all__ = [
    "INPUTS", "RULE_CLASSES", "RULE_NAMES", "RULE_TYPES", "UNSCORED", "Band", "BandsRule", "BooleanRule", "Columns",
    "Context", "CountTargetRule", "DeadlineRule", "GateRule", "InnerRule", "Input", "InverseRatioRule", "ManualRule",
    "NotScoredRule", "Problem", "RatioRule", "RelativeRule", "Rule", "RuleBase", "Step", "StepsRule", "SumRule",
    "rule_of",
]
