"""The province report's aggregation and whole compile (DOCX + XLSX), as ratios to one raw GROUP BY (``floor_sql``).

The PDF is not part of the measured compile (the bench settings turn it off): LibreOffice, an external process,
renders each compiled DOCX once on its own (``measure_pdf``), for its time and page count.
"""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .common import AGGREGATION_TARGET, COMPILE_TARGET, interleaved


def floor_sql(period):
    """One raw GROUP BY channel, theme, metric over the figures of ``period``'s window (its months and quarters).

    The window's period ids are looked up first, outside the measure, and passed as a list: with a sub-query
    the planner's estimate of the periods decides between a range scan of the window and a scan of every
    figure (with statistics on the ×10 data it chose the scan, 40× slower), and the floor must be the fast way.
    """
    from django.db import connection

    from reports.models import ReportingPeriod

    ids = list(
        ReportingPeriod.objects.filter(
            kind__in=("month", "quarter"), start__gte=period.start, end__lte=period.end
        ).values_list("pk", flat=True)
    )
    placeholders = ", ".join(["%s"] * len(ids)) or "NULL"

    def run():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT f.channel_id, f.theme_id, f.metric_id, SUM(f.value) FROM reports_figure f "  # noqa: S608
                f"WHERE f.period_id IN ({placeholders}) "
                "GROUP BY f.channel_id, f.theme_id, f.metric_id",
                ids,
            )
            return cursor.fetchall()

    return run


def phase_code(code):
    """The code of the phase whose plan holds period ``code`` (``2025-Q2`` → ``2021-2025``)."""
    from reports.models import ReportingPeriod

    period = ReportingPeriod.objects.get(code=code)
    return ReportingPeriod.objects.get(plan_id=period.plan_id, kind="phase").code


def rows_in(period):
    from reports.models import Figure, ReportingPeriod

    ids = ReportingPeriod.objects.filter(kind__in=("month", "quarter"), start__gte=period.start, end__lte=period.end)
    return Figure.objects.filter(period__in=ids).count()


def measure_compiles(report, *, codes, reps, warmup, aggregation_reps, floor_page, label="", pdf=False):
    """The aggregation alone, then the whole compile (DOCX + XLSX), of each period, each interleaved with floor_sql.

    Two loops: the aggregation takes tens of milliseconds, and run right after each 1–5 s compile it
    measured that compile's garbage collection and cold caches rather than itself; on its own it also
    affords more repetitions (``aggregation_reps``) for a steadier median. ``pdf``: then the last compiled
    DOCX of each period rendered to PDF once (``measure_pdf``). ``floor_page`` (a callable): measured in both
    loops too, the floor of the growth with the data (``run.measure``): the bench's own page reads the same
    twenty rows at ×1 and ×N, where ``floor_sql``'s window is slower at ×N (fewer of its pages cached).
    """
    from province import aggregation, compilation
    from province.models import CompiledReport
    from reports.models import ReportingPeriod

    results = {}
    made = []
    for code in codes:
        period = ReportingPeriod.objects.get(code=code)

        def compile_once(period=period):
            compiled = compilation.compiled_report_request(period=period, enqueue=False)
            made.append(compiled.pk)
            done = compilation.compiled_report_run(compiled_report_id=compiled.pk)
            if done is None or done.status != CompiledReport.Status.DONE:
                raise RuntimeError(
                    f"compile of {period.code} ended {getattr(done, 'status', None)}: {getattr(done, 'error', '')}"
                )

        floors = {"floor_sql": floor_sql(period), "floor_page": floor_page}
        medians, _ = interleaved(
            {**floors, "aggregation": lambda period=period: aggregation.aggregate(period)},
            reps=aggregation_reps,
            warmup=warmup + 2,
        )
        compiles, _ = interleaved({**floors, "compile": compile_once}, reps=reps, warmup=warmup)
        medians["compile"] = compiles["compile"]
        figures = rows_in(period)
        suffix = f" {code}{label}"
        report.add(f"floor_sql{suffix}", value=medians["floor_sql"] * 1000, unit="ms", rows=figures)
        ratio = medians["aggregation"] / medians["floor_sql"]
        report.add(
            f"aggregation{suffix}",
            value=medians["aggregation"] * 1000,
            unit="ms",
            ratio=ratio,
            floor="floor_sql",
            target=f"≤{AGGREGATION_TARGET:g}× floor_sql",
            met=ratio <= AGGREGATION_TARGET,
            rows=figures,
        )
        ratio = medians["compile"] / compiles["floor_sql"]
        report.add(
            f"compile with DOCX+XLSX{suffix}",
            value=medians["compile"] * 1000,
            unit="ms",
            ratio=ratio,
            floor="floor_sql",
            target=f"≤{COMPILE_TARGET:g}× floor_sql",
            met=ratio <= COMPILE_TARGET,
            rows=figures,
        )
        # Each as a ratio to the floor page of its own loop: what the growth with the data compares.
        medians["aggregation_per_page"] = medians["aggregation"] / medians["floor_page"]
        medians["compile_per_page"] = medians["compile"] / compiles["floor_page"]
        results[code] = medians
        if pdf:
            measure_pdf(report, CompiledReport.objects.get(pk=made[-1]), suffix)
    # The bench's own compiled versions are removed again (rows and files).
    for compiled in CompiledReport.objects.filter(pk__in=made):
        for field in (compiled.docx, compiled.xlsx, compiled.pdf):
            if field:
                field.storage.delete(field.name)
    CompiledReport.objects.filter(pk__in=made).delete()
    return results


def measure_pdf(report, compiled, suffix):
    """LibreOffice's rendering of a compiled DOCX to PDF, once (seconds; no target), and its pages (pdfinfo)."""
    from core import office
    from province.compilation import PDF_TIMEOUT_SECONDS

    name = f"PDF by LibreOffice{suffix}"
    if not office.available():
        report.add(name, value=None, unit="s", status="skipped: soffice is not installed")
        return
    with compiled.docx.open("rb") as stored:
        content = stored.read()
    started = time.perf_counter()
    try:
        pdf = office.convert(content, suffix="docx", to="pdf", timeout=PDF_TIMEOUT_SECONDS)
    except office.ConversionError as exc:
        report.add(name, value=None, unit="s", status=f"error: {exc}")
        return
    report.add(name, value=time.perf_counter() - started, unit="s", pages=_pages(pdf))


def _pages(pdf):
    if shutil.which("pdfinfo") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as work:
        path = Path(work) / "report.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False)  # noqa: S603, S607
    for line in info.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None
