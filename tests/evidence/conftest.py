"""Session-wide test PKI: keys are generated once, PDFs are signed per scenario (cheap, ~50 ms)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.evidence import pki

PAST_FROM = datetime(2020, 1, 1, tzinfo=UTC)
PAST_UNTIL = datetime(2021, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def root() -> pki.Identity:
    return pki.make_root()


@pytest.fixture(scope="session")
def other_root() -> pki.Identity:
    return pki.make_root(cn="CA Lạ Không Tin Cậy", org="Công ty Không Rõ")


@pytest.fixture(scope="session")
def signer(root: pki.Identity) -> pki.Identity:
    return pki.make_signer(root)


@pytest.fixture(scope="session")
def expired_signer(root: pki.Identity) -> pki.Identity:
    """Valid only during 2020: expired long before today."""
    return pki.make_signer(root, cn="Trần Thị Bình", not_before=PAST_FROM, not_after=PAST_UNTIL)


@pytest.fixture(scope="session")
def tsa(root: pki.Identity) -> pki.Identity:
    return pki.make_tsa(root, not_before=PAST_FROM, not_after=datetime(2035, 1, 1, tzinfo=UTC))


@pytest.fixture(scope="session")
def unsigned_pdf() -> bytes:
    return pki.minimal_pdf()


@pytest.fixture(scope="session")
def signed_pdf(unsigned_pdf: bytes, signer: pki.Identity, root: pki.Identity) -> bytes:
    return pki.sign_pdf(unsigned_pdf, signer, [root])
