"""The project's own message catalogue (``dti/web/locale``): Vietnamese for the Django and DRF messages
their catalogues leave in English. ``make locale`` compiles each ``.po`` to the ``.mo`` Django reads."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


def compiled(po: Path) -> bytes:
    """The ``.mo`` bytes of one ``.po`` file (the same bytes on every machine)."""
    with po.open("rb") as fh:
        catalog = read_po(fh)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compiled(po))
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path)
