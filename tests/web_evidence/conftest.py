"""Web evidence fixtures: the shared web world with I.1 requiring a signed file (the test PKI is in
``tests/conftest.py``)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dti.web.frameworks.services import framework_load
from tests import pki
from tests.factories import SMALL_FRAMEWORK, World

SIGNED_CODE = "I.1"


@pytest.fixture(autouse=True)
def _no_trust_roots(settings, tmp_path: Path) -> Path:
    """Each test starts trusting nothing (never the developer's var/trust-roots)."""
    roots = tmp_path / "trust-roots"
    roots.mkdir()
    settings.DTI_TRUST_ROOTS_DIR = roots
    return roots


@pytest.fixture
def trust(_no_trust_roots: Path):
    """``trust(identity)`` installs a root certificate in the configured directory."""

    def install(identity: pki.Identity) -> None:
        (_no_trust_roots / f"{identity.cert.serial_number}.pem").write_bytes(identity.pem)

    return install


@pytest.fixture
def sworld(world: World) -> World:
    """The web world on a framework version whose criterion I.1 requires signed evidence."""
    data = copy.deepcopy(SMALL_FRAMEWORK)
    data["version"] = 2
    data["nodes"][0]["children"][0]["requires_signed_evidence"] = True
    world.round.framework = framework_load(yaml_text=yaml.safe_dump(data, allow_unicode=True))
    world.round.save(update_fields=["framework"])
    return world


def upload_url(w: World, code: str = SIGNED_CODE, unit: str | None = None) -> str:
    return f"/ky/{w.round.slug}/don-vi/{unit or w.unit_a.code}/tieu-chi/{code}/minh-chung/"


def page_url(w: World, unit: str | None = None) -> str:
    return f"/ky/{w.round.slug}/don-vi/{unit or w.unit_a.code}/"


def upload(client: Client, w: World, data: bytes, name: str = "quyet-dinh.pdf", code: str = SIGNED_CODE,
           unit: str | None = None) -> str:
    """Post through the web view, follow the redirect, return the page HTML."""
    f = SimpleUploadedFile(name, data, content_type="application/pdf")
    resp = client.post(upload_url(w, code, unit), {"file": f}, follow=True)
    assert resp.status_code == 200
    return resp.content.decode()
