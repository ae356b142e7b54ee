"""A site with every kind of file, and the restore run against a fresh database in a process of its own.

The backup is made in the test's process. The restore must target a fresh database and media folder,
so it runs as ``manage.py restore`` in a subprocess whose DATABASE_URL and TEST_MEDIA_ROOT point at
them, and ``tests/core/backup_probe.py`` reads the restored site from another subprocess the same way.
"""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.core.files.base import ContentFile

from province import compilation
from province.models import CompiledReport
from reports.models import ActivityReport, Evidence
from tests.honourees.factories import HonoureeFactory
from tests.honourees.images import png_bytes
from tests.province.compiled_data import make_province, period

PASSWORD = "password-for-tests"
EVIDENCE = b"%PDF-1.4\n% the evidence of a report\n"


def make_site(reviewer):
    """Reports with an evidence file, an honouree with a photo, a compiled 2024-Q2 report; returns the latter."""
    _plan, agencies, _metrics, _themes = make_province()
    report = ActivityReport.objects.get(agency=agencies["A"], period__code="2024-Q2")
    Evidence.objects.create(
        report=report,
        kind=Evidence.Kind.FILE,
        title="Bài báo số 12",
        file=ContentFile(EVIDENCE, name="bai-bao.pdf"),
        original_name="bai-bao.pdf",
        content_type="application/pdf",
        size=len(EVIDENCE),
    )
    HonoureeFactory(photo=ContentFile(png_bytes(), name="anh.png"))
    compiled = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer, enqueue=False)
    compilation.compiled_report_run(compiled_report_id=compiled.pk)
    compiled.refresh_from_db()
    assert compiled.status == CompiledReport.Status.DONE, compiled.error
    return compiled


def site_env(database_url, media_root, **extra):
    """The environment of a process of the site on another database and media folder (test settings)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "TEST_MEDIA_ROOT") and not key.startswith("STORAGE_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        TEST_MEDIA_ROOT=str(media_root),
        **extra,
    )
    return env


def manage(env, *args):
    """``manage.py ARGS`` in a process of its own; the CompletedProcess (text output)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def probe(env, *, username, url):
    """What ``tests.core.backup_probe`` sees of the site ``env`` points at, signed in as ``username``."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.core.backup_probe", username, PASSWORD, url],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
