"""Converting office documents with LibreOffice, when the server has it.

``soffice --headless --convert-to`` runs in a temporary directory of its own,
with a private user profile (``-env:UserInstallation``): two conversions at
once would otherwise share ``~/.config/libreoffice`` and the second would hand
its work to the first instance, or fail. A conversion that takes longer than
its timeout is killed with every process it started.
"""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

DEFAULT_TIMEOUT = 60


class ConversionError(Exception):
    """LibreOffice is missing, failed, or ran out of time; the message says which (for logs, not users)."""


def soffice_path() -> str | None:
    """The LibreOffice binary the settings name (``OFFICE_BINARY``, default ``soffice``), or None if missing."""
    return shutil.which(getattr(settings, "OFFICE_BINARY", "soffice"))


def available() -> bool:
    return soffice_path() is not None


def convert(content: bytes, *, suffix: str, to: str, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """``content`` (a file whose type ``suffix`` names, e.g. ``"xls"``) converted to ``to`` (e.g. ``"xlsx"``).

    ``to`` may carry a filter name as soffice accepts it (``'xls:MS Excel 97'``). Raises ``ConversionError``.
    """
    binary = soffice_path()
    if binary is None:
        raise ConversionError("LibreOffice (soffice) is not installed")
    extension = to.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="thidua-office-") as work:
        work = Path(work)
        source = work / f"input.{suffix}"
        source.write_bytes(content)
        out = work / "out"
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(source),
        ]
        # A session of its own, so that on a timeout the whole group (oosplash and soffice.bin) is killed.
        process = subprocess.Popen(  # noqa: S603 - a fixed command, the file name is ours
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": str(work)},
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionError(f"LibreOffice took longer than {timeout} s") from None
        result = out / f"input.{extension}"
        if process.returncode != 0 or not result.is_file():
            detail = (stderr or stdout).decode(errors="replace").strip()[:500]
            raise ConversionError(f"LibreOffice could not convert the file (exit {process.returncode}): {detail}")
        return result.read_bytes()
