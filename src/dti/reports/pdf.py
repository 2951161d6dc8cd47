"""DOCX → PDF with LibreOffice: through the resident converter (``resident.py``, one LibreOffice
kept running), else LibreOffice headless one-shot, many files per call, a private profile per call.

Each one-shot call gets its own ``-env:UserInstallation`` directory: two soffice processes sharing a
profile lock each other out (the second exits silently without converting), so parallel jobs need
this. Both paths are bounded by a timeout.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path


class PdfError(RuntimeError):
    """Conversion failed; the message is Vietnamese."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# one document through the resident converter; a batch gets this per file
RESIDENT_TIMEOUT = 60.0


def convert_to_pdf(docx_paths: Sequence[str | Path], outdir: str | Path, *, timeout: float = 300) -> list[Path]:
    """Convert every file; return the PDF paths in the same order.

    The resident LibreOffice converts what it can; whatever remains (no resident converter, a
    failure, a timeout) goes to one soffice run."""
    from dti.reports import resident

    paths = [Path(p).resolve() for p in docx_paths]
    out = Path(outdir).resolve()
    if paths and resident.enabled() and soffice_path() is not None:
        out.mkdir(parents=True, exist_ok=True)
        conv = resident.converter()
        left = []
        for p in paths:
            target = out / (p.stem + ".pdf")
            target.unlink(missing_ok=True)
            if not (p.exists() and conv.convert(p, target, timeout=min(timeout, RESIDENT_TIMEOUT))):
                left.append(p)
        if left:
            convert_once(left, out, timeout=timeout)
        return [out / (p.stem + ".pdf") for p in paths]
    return convert_once(paths, out, timeout=timeout)


def convert_once(docx_paths: Sequence[str | Path], outdir: str | Path, *, timeout: float = 300) -> list[Path]:
    """Convert every file in one soffice run; return the PDF paths in the same order."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfError("Không tìm thấy LibreOffice (soffice) để tạo PDF; hãy cài gói libreoffice-writer")
    paths = [Path(p).resolve() for p in docx_paths]
    if not paths:
        return []
    out = Path(outdir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    expected = [out / (p.stem + ".pdf") for p in paths]
    for pdf in expected:
        pdf.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="dti-soffice-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out),
            *(str(p) for p in paths),
        ]
        try:
            # S603: the command is a fixed program with our own file paths, never shell-parsed.
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice không chuyển xong sau {timeout:g} giây") from None
    missing = [p.name for p in expected if not p.exists()]
    if missing:
        detail = proc.stderr.decode("utf-8", "replace").strip()[-500:]
        raise PdfError(f"LibreOffice không tạo được: {', '.join(missing)}" + (f" ({detail})" if detail else ""))
    return expected


def pdf_pages_png(pdf: str | Path, outdir: str | Path, *, dpi: int = 60, timeout: float = 120) -> list[Path]:
    """Every page of ``pdf`` as a PNG (poppler's pdftoppm), in page order: the preview the drafter
    reads before downloading."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise PdfError("Không tìm thấy pdftoppm (gói poppler-utils) để xem trước văn bản")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    prefix = out / "trang"
    try:
        # S603: a fixed program with our own paths, never shell-parsed.
        proc = subprocess.run([exe, "-r", str(dpi), "-png", str(pdf), str(prefix)],  # noqa: S603
                              capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise PdfError(f"pdftoppm không xong sau {timeout:g} giây") from None
    if proc.returncode != 0:
        raise PdfError("Không tạo được ảnh xem trước từ PDF")
    return sorted(out.glob("trang-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
