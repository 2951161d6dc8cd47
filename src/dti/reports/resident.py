"""A LibreOffice kept running for PDF conversions (``unoserver``), so a document costs its conversion
(~0,2 s) instead of a LibreOffice start (~1 s).

The server half of ``unoserver`` needs LibreOffice's ``uno`` module, which lives with the system's
Python (Debian ``python3-uno``), not in the project's virtualenv: it is started with that
interpreter, the ``unoserver`` package found on the path of the one installed here. The client half
speaks XML-RPC and runs in-process. One server per process, started on first use, stopped at exit;
any failure (no ``uno``, no start within ``START_TIMEOUT``, a conversion past its timeout) makes
``convert`` return False so the caller falls back to a one-shot ``soffice``.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import logging
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

START_TIMEOUT = 30.0
UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python")


def enabled() -> bool:
    """``DTI_PDF_RESIDENT=0`` turns the resident converter off (one-shot soffice only)."""
    return os.environ.get("DTI_PDF_RESIDENT", "1") not in ("0", "false", "no")


def uno_python() -> str | None:
    """An interpreter that can import ``uno`` (``DTI_UNO_PYTHON`` first), or None."""
    candidates = [os.environ.get("DTI_UNO_PYTHON", ""), *UNO_PYTHONS]
    for exe in candidates:
        if exe and Path(exe).exists():
            # S603: a fixed program and a constant script
            ok = subprocess.run([exe, "-c", "import uno"], capture_output=True, timeout=20, check=False)  # noqa: S603
            if ok.returncode == 0:
                return exe
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class ResidentConverter:
    """One ``unoserver`` process (and its LibreOffice) on loopback ports of its own."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._port = 0
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._failed = False
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="dti-unoserver")

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _start(self, within: float = START_TIMEOUT) -> bool:
        python, soffice = uno_python(), shutil.which("soffice") or shutil.which("libreoffice")
        if python is None or soffice is None:
            log.info("Không có python3-uno hoặc soffice: dùng soffice từng lần")
            return False
        import unoserver

        package_dir = str(Path(unoserver.__file__).resolve().parents[1])
        self._profile = tempfile.TemporaryDirectory(prefix="dti-unoserver-")
        self._port = _free_port()
        cmd = [python, "-m", "unoserver.server", "--interface", "127.0.0.1", "--port", str(self._port),
               "--uno-interface", "127.0.0.1", "--uno-port", str(_free_port()), "--executable", soffice,
               "--user-installation", self._profile.name, "--quiet"]
        env = {**os.environ, "PYTHONPATH": package_dir}
        # S603: fixed programs and our own arguments, never shell-parsed
        self._proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # noqa: S603
                                      start_new_session=True)
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                break
            if self._ready():
                return True
            time.sleep(0.2)
        self.stop()
        return False

    def _ready(self) -> bool:
        from xmlrpc.client import ServerProxy

        try:
            with socket.create_connection(("127.0.0.1", self._port), timeout=0.5):
                pass
            with ServerProxy(f"http://127.0.0.1:{self._port}", allow_none=True) as proxy:
                return bool(proxy.info())
        except (OSError, ConnectionError):
            return False
        except Exception:  # noqa: BLE001 - LibreOffice still starting behind the XML-RPC server
            return False

    def convert(self, docx: Path, pdf: Path, *, timeout: float) -> bool:
        """Convert one file within ``timeout`` seconds (waiting for another conversion and starting the
        server included); False when the resident converter is unavailable, busy past it, or failed."""
        deadline = time.monotonic() + timeout
        if not self._lock.acquire(timeout=max(0.0, timeout)):
            return False  # another conversion holds the server the whole time
        try:
            return self._convert_locked(docx, pdf, deadline)
        finally:
            self._lock.release()

    def _convert_locked(self, docx: Path, pdf: Path, deadline: float) -> bool:
        if self._failed:
            return False
        if not self.running:
            if not self._start(min(START_TIMEOUT, deadline - time.monotonic())):
                self._failed = True  # the one-shot soffice from now on
                return False
        timeout = deadline - time.monotonic()
        if timeout <= 0:
            return False
        from unoserver.client import UnoClient

        client = UnoClient(server="127.0.0.1", port=str(self._port), host_location="local")
        future = self._pool.submit(client.convert, inpath=str(docx), outpath=str(pdf), convert_to="pdf")
        try:
            future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            log.warning("unoserver quá %s giây: khởi động lại", timeout)
            self.stop()
            return False
        except Exception as exc:  # noqa: BLE001 - any server-side failure: the caller falls back
            log.warning("unoserver không chuyển được %s: %s", docx.name, exc)
            return False
        return pdf.exists()

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, 15)  # the server and the LibreOffice it started share the group
                proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, 9)
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None


_converter: ResidentConverter | None = None
_converter_lock = threading.Lock()


def converter() -> ResidentConverter:
    global _converter
    with _converter_lock:
        if _converter is None:
            _converter = ResidentConverter()
            atexit.register(_converter.stop)
        return _converter
