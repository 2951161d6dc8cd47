"""Identifiers in templates are printed unlocalized.

With the Vietnamese locale and the thousands separator on, ``{{ entry.pk }}`` renders 1096 as
"1.096": a form posting it back, or an element id looked up by it, breaks once a table passes
a thousand rows.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template

import dti.web

TEMPLATES = Path(dti.web.__file__).parent / "templates"
RAW_ID = re.compile(r"\{\{\s*[\w.]+\.(pk|id)\s*\}\}")


def test_no_template_prints_a_localized_identifier() -> None:
    offenders = [f"{p.relative_to(TEMPLATES)}:{n}" for p in TEMPLATES.rglob("*.html")
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if RAW_ID.search(line)]
    assert offenders == []


def test_unlocalize_keeps_a_large_pk_whole(settings) -> None:  # type: ignore[no-untyped-def]
    settings.USE_THOUSAND_SEPARATOR = True
    html = Template('{% load l10n %}<tr id="q-{{ e.pk|unlocalize }}">{{ e.pk }}').render(Context({"e": {"pk": 1096}}))
    assert html == '<tr id="q-1096">1.096'
