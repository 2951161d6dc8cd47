"""Trust roots managed in the UI: the platform admin adds and removes CA certificates, audited."""

from __future__ import annotations

import io

from cryptography.hazmat.primitives import serialization

from dti.web.audit.models import AuditEvent
from dti.web.entries.trust_roots import trust_roots_list
from tests.pki import make_root, make_signer


def _file(data: bytes, name: str = "ca.pem") -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f


def test_admin_adds_and_removes_a_ca_and_others_may_not(world) -> None:
    root = make_root(cn="CA Thử Nghiệm")
    admin = world.client_for("admin")
    assert world.client_for("owner").get("/so/chung-thu-goc/").status_code == 403
    assert admin.post("/so/chung-thu-goc/", {"action": "add", "file": _file(root.pem)}).status_code == 302
    der = root.cert.public_bytes(serialization.Encoding.DER)
    assert admin.post("/so/chung-thu-goc/", {"action": "add", "file": _file(der, "ca.der")}).status_code == 302
    [got] = trust_roots_list()  # the same certificate twice is stored once
    assert got.name == "CA Thử Nghiệm" and got.valid_now and len(got.fingerprint) == 95
    page = admin.get("/so/chung-thu-goc/").content.decode()
    assert got.fingerprint in page and "CA Thử Nghiệm" in page
    leaf = make_signer(root)
    refused = admin.post("/so/chung-thu-goc/", {"action": "add", "file": _file(leaf.pem)})
    assert refused.status_code == 400 and "không phải chứng thư của tổ chức cấp chứng thư" in refused.content.decode()
    assert admin.post("/so/chung-thu-goc/", {"action": "add", "file": _file(b"rac")}).status_code == 400
    assert admin.post("/so/chung-thu-goc/", {"action": "remove", "fingerprint": got.fingerprint}).status_code == 302
    assert trust_roots_list() == []
    assert {e.action for e in AuditEvent.objects.filter(object_type="evidence.trustroot")} == {
        "trust_root.add", "trust_root.remove"}
