"""Evidence register (sổ tài liệu kiểm chứng): plain records the web app persists, and duplicate finding."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dti.evidence.filecheck import FileFacts
from dti.evidence.signatures import SignatureVerdict


@dataclass
class EvidenceRecord:
    """One uploaded evidence file for one unit and criterion."""

    unit: str  # org-unit code
    criterion: str  # criterion code, e.g. "1.1.1"
    uploader: str  # username
    uploaded_at: datetime
    filename: str
    size: int
    kind: str  # FileFacts.kind
    sha256: str
    storage_key: str | None = None
    signatures: list[SignatureVerdict] = field(default_factory=list)

    @classmethod
    def from_facts(
        cls,
        facts: FileFacts,
        *,
        unit: str,
        criterion: str,
        uploader: str,
        uploaded_at: datetime,
        storage_key: str | None = None,
        signatures: Iterable[SignatureVerdict] = (),
    ) -> EvidenceRecord:
        if uploaded_at.tzinfo is None:
            raise ValueError("uploaded_at must be timezone-aware")
        return cls(
            unit=unit,
            criterion=criterion,
            uploader=uploader,
            uploaded_at=uploaded_at,
            filename=facts.filename,
            size=facts.size,
            kind=facts.kind,
            sha256=facts.sha256,
            storage_key=storage_key,
            signatures=list(signatures),
        )

    @property
    def signed_ok(self) -> bool:
        return bool(self.signatures) and all(s.ok for s in self.signatures)

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "criterion": self.criterion,
            "uploader": self.uploader,
            "uploaded_at": self.uploaded_at.isoformat(),
            "filename": self.filename,
            "size": self.size,
            "kind": self.kind,
            "sha256": self.sha256,
            "storage_key": self.storage_key,
            "signatures": [s.to_dict() for s in self.signatures],
        }


def find_duplicates(records: Iterable[EvidenceRecord]) -> dict[str, list[EvidenceRecord]]:
    """Records sharing a SHA-256, grouped by hash; only hashes seen more than once, in first-seen order.

    The same file filed under several criteria or units is often legitimate (one plan serves several
    criteria), so this reports rather than refuses; the reviewer decides.
    """
    groups: dict[str, list[EvidenceRecord]] = defaultdict(list)
    for record in records:
        groups[record.sha256].append(record)
    return {digest: group for digest, group in groups.items() if len(group) > 1}


def duplicate_message(group: list[EvidenceRecord]) -> str:
    """Vietnamese description of one duplicate group, for reviewers."""
    places = "; ".join(f"{r.unit} – tiêu chí {r.criterion} ({r.filename})" for r in group)
    return f"Cùng một tệp được nộp {len(group)} lần: {places}."
