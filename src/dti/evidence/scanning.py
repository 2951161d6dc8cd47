"""Antivirus hook point.

A scanner is any callable ``(data, filename) -> threat name or None``. None is configured by default;
a deployment names its own with ``DTI_EVIDENCE_SCANNER=package.module:callable`` (for example a thin
wrapper around the ``clamd`` client talking to a local ClamAV daemon), or passes ``scanner=`` directly.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from functools import cache

from dti.evidence.errors import EvidenceError

Scanner = Callable[[bytes, str], "str | None"]

SCANNER_ENV = "DTI_EVIDENCE_SCANNER"


def load_scanner(spec: str) -> Scanner:
    """Import ``module:callable``; a bad spec is a configuration error, reported in Vietnamese."""
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise EvidenceError(f"{SCANNER_ENV}='{spec}' sai dạng, cần 'module:hàm'.")
    try:
        obj = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise EvidenceError(f"Không nạp được trình quét virus {SCANNER_ENV}='{spec}': {exc}") from exc
    if not callable(obj):
        raise EvidenceError(f"{SCANNER_ENV}='{spec}' không phải hàm gọi được.")
    return obj  # type: ignore[no-any-return]


@cache
def _scanner_for(spec: str) -> Scanner | None:
    return load_scanner(spec) if spec else None


def default_scanner() -> Scanner | None:
    """The scanner named by the environment, or None."""
    return _scanner_for(os.environ.get(SCANNER_ENV, "").strip())
