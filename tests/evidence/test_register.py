from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dti.evidence import EvidenceRecord, duplicate_message, find_duplicates, inspect_file, verify_pdf
from tests import pki

AT = datetime(2024, 6, 30, 9, 0, tzinfo=UTC)


def record(data: bytes, name: str, unit: str, criterion: str) -> EvidenceRecord:
    facts = inspect_file(data, name, max_bytes=1024 * 1024)
    return EvidenceRecord.from_facts(
        facts, unit=unit, criterion=criterion, uploader="bientap", uploaded_at=AT
    )


def test_it_groups_records_with_the_same_hash():
    plan = pki.minimal_pdf(b"Ke hoach")
    report = pki.minimal_pdf(b"Bao cao")
    records = [
        record(plan, "ke-hoach.pdf", "NAM_DONG", "1.1"),
        record(report, "bao-cao.pdf", "NAM_DONG", "1.2"),
        record(plan, "kh-ban-sao.pdf", "A_LUOI", "1.1"),
    ]
    dupes = find_duplicates(records)
    assert list(dupes) == [records[0].sha256]
    assert dupes[records[0].sha256] == [records[0], records[2]]
    assert duplicate_message(dupes[records[0].sha256]) == (
        "Cùng một tệp được nộp 2 lần: NAM_DONG – tiêu chí 1.1 (ke-hoach.pdf); A_LUOI – tiêu chí 1.1 (kh-ban-sao.pdf)."
    )


def test_no_duplicates_gives_an_empty_dict():
    assert find_duplicates([record(pki.minimal_pdf(b"A"), "a.pdf", "X", "1")]) == {}


def test_record_carries_signature_verdicts(signed_pdf, root):
    facts = inspect_file(signed_pdf, "ky-so.pdf", max_bytes=1024 * 1024)
    sigs = verify_pdf(signed_pdf, trust_roots=[root.pem]).signatures
    rec = EvidenceRecord.from_facts(
        facts, unit="NAM_DONG", criterion="2.1", uploader="bientap", uploaded_at=AT, signatures=sigs
    )
    assert rec.signed_ok
    d = rec.to_dict()
    assert d["kind"] == "pdf" and d["uploaded_at"] == "2024-06-30T09:00:00+00:00"
    assert d["signatures"][0]["signer"] == "Nguyễn Văn An"


def test_record_needs_an_aware_time():
    facts = inspect_file(pki.minimal_pdf(), "a.pdf", max_bytes=1024 * 1024)
    naive = datetime(2024, 1, 1)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="timezone-aware"):
        EvidenceRecord.from_facts(facts, unit="X", criterion="1", uploader="u", uploaded_at=naive)
