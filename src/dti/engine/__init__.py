"""The scoring engine: pure Python + NumPy, no web framework.

Plain data in (a framework and entries), plain data out (scores, ranks, explanations).
"""

from dti.engine.entries import STATUS_LABELS, Entry, Status, UnitRef, parse_bool, parse_status
from dti.engine.explain import describe_rule, explain
from dti.engine.framework import (
    Framework,
    FrameworkError,
    Node,
    builtin_framework_paths,
    get_framework,
    load_framework,
    parse_framework,
)
from dti.engine.scoring import RoundResult, score_round
from dti.engine.slips import Slip, check_counts, check_stated
from dti.engine.table import EntryTable
from dti.engine.targets import Target, parse_target

__all__ = [
    "STATUS_LABELS",
    "Entry",
    "EntryTable",
    "Framework",
    "FrameworkError",
    "Node",
    "RoundResult",
    "Slip",
    "Status",
    "Target",
    "UnitRef",
    "builtin_framework_paths",
    "check_counts",
    "check_stated",
    "describe_rule",
    "explain",
    "get_framework",
    "load_framework",
    "parse_bool",
    "parse_framework",
    "parse_status",
    "parse_target",
    "score_round",
]
