"""The engine is plain Python: importing it must not import Django (or any web framework)."""

from __future__ import annotations

import subprocess
import sys


def test_engine_does_not_import_django() -> None:
    code = (
        "import sys, dti.engine, dti.engine.scoring, dti.engine.explain, dti.importers.entries_file;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework', 'ninja')];"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)  # noqa: S603
    assert proc.returncode == 0, f"engine imported: {proc.stdout} {proc.stderr}"


def test_engine_source_has_no_django_import() -> None:
    from pathlib import Path

    import dti.engine

    root = Path(dti.engine.__file__).parent
    offenders = [p.name for p in root.glob("*.py") if "import django" in p.read_text() or "from django" in p.read_text()]
    assert offenders == []
