"""DOCX → PDF with LibreOffice: through the resident converter (``resident.py``, one LibreOffice
kept running), else LibreOffice headless one-shot, many files per call, a private profile per call.

Each one-shot call gets its own ``-env:UserInstallation`` directory: two soffice processes sharing a
profile lock each other out (the second exits silently without converting), so parallel jobs need
this. Both paths are bounded by a timeout.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path


class PdfError(RuntimeError):
    """Conversion failed; the message is Vietnamese."""


class PdfTimeout(PdfError):
    """Conversion not done within its time; LibreOffice was stopped."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# one document through the resident converter; a batch gets this per file
RESIDENT_TIMEOUT = 60.0
# the whole conversion of one document (resident, then one-shot fallback): a web request waits at most
# this long, under gunicorn's own limit (`dti serve --timeout`, 60 s), then gets a Vietnamese error
DEFAULT_TIMEOUT = 45.0


def pdf_timeout() -> float:
    """Seconds one document may take (``DTI_PDF_TIMEOUT``); a batch of N documents gets N times this."""
    try:
        value = float(os.environ.get("DTI_PDF_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        value = DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def timed_out(seconds: float) -> PdfTimeout:
    return PdfTimeout(f"Không tạo được PDF trong {seconds:g} giây (LibreOffice quá tải hoặc văn bản quá lớn): "
                    "hãy tải bản DOCX, hoặc thử lại sau")


def convert_to_pdf(docx_paths: Sequence[str | Path], outdir: str | Path, *, timeout: float | None = None) -> list[Path]:
    """Convert every file; return the PDF paths in the same order.

    ``timeout`` bounds the whole call (default: ``pdf_timeout()`` per file); past it a Vietnamese
    ``PdfError`` is raised and every LibreOffice process of the call is stopped, so no request holds
    a worker longer. The resident LibreOffice converts what it can; whatever remains (no resident
    converter, a failure, a timeout) goes to one soffice run with the time left."""
    from dti.reports import resident

    paths = [Path(p).resolve() for p in docx_paths]
    out = Path(outdir).resolve()
    budget = timeout if timeout is not None else pdf_timeout() * max(1, len(paths))
    deadline = time.monotonic() + budget

    def left() -> float:
        return deadline - time.monotonic()

    if paths and resident.enabled() and soffice_path() is not None:
        out.mkdir(parents=True, exist_ok=True)
        conv = resident.converter()
        todo = []
        for p in paths:
            target = out / (p.stem + ".pdf")
            target.unlink(missing_ok=True)
            if not (p.exists() and left() > 0 and conv.convert(p, target, timeout=min(left(), RESIDENT_TIMEOUT))):
                todo.append(p)
        if todo:
            if left() < 1:
                raise timed_out(budget)
            _once_within(todo, out, left(), budget)
        return [out / (p.stem + ".pdf") for p in paths]
    return _once_within(paths, out, budget, budget)


def _once_within(paths: list[Path], out: Path, seconds: float, budget: float) -> list[Path]:
    """``convert_once`` with the time left; its timeout is reported as the whole call's budget."""
    try:
        return convert_once(paths, out, timeout=seconds)
    except PdfTimeout:
        raise timed_out(budget) from None


def convert_once(docx_paths: Sequence[str | Path], outdir: str | Path, *, timeout: float) -> list[Path]:
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
        # S603: the command is a fixed program with our own file paths, never shell-parsed. Its own
        # process group: on a timeout soffice and whatever it started are stopped together.
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,  # noqa: S603
                                start_new_session=True)
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise timed_out(timeout) from None
    missing = [p.name for p in expected if not p.exists()]
    if missing:
        detail = stderr.decode("utf-8", "replace").strip()[-500:]
        raise PdfError(f"LibreOffice không tạo được: {', '.join(missing)}" + (f" ({detail})" if detail else ""))
    return expected


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


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
