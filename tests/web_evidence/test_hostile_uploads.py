"""The hostile-file corpus through the web upload: refused with its reason on the page, nothing stored."""

from __future__ import annotations

import html as html_lib

import pytest

from dti.web.entries.models import Evidence
from tests.evidence.test_hostile_files import HOSTILE
from tests.factories import World
from tests.web_evidence.conftest import upload


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_upload_is_refused(sworld: World, name: str) -> None:
    make, _code, words = HOSTILE[name]
    page = html_lib.unescape(upload(sworld.client_for("editor_a"), sworld, make(), name=name))
    assert words in page and name in page
    assert "chưa chọn tệp" not in page
    assert not Evidence.objects.exists()
