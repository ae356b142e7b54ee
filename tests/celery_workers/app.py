"""The Celery app of the workers the ``celery_worker`` tests start: the site's app, with one test hook.

With ``THIDUA_SLOW_MARKER`` set, the compile pauses for a minute right after
writing its DOCX (and writes the marker file), so the test can kill the
worker half-way, with a file already on disk.
"""

import os
import time
from pathlib import Path

from celery.signals import worker_ready

from config.celery import app

__all__ = ["app"]


@worker_ready.connect
def _pause_after_the_docx(**kwargs):
    marker = os.environ.get("THIDUA_SLOW_MARKER")
    if not marker:
        return
    from province import compilation

    original = compilation._write

    def slow_write(compiled, token, extension, content):
        name = original(compiled, token, extension, content)
        if extension == "docx":
            Path(marker).write_text(name)
            time.sleep(60)
        return name

    compilation._write = slow_write
