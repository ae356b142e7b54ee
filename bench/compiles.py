"""The province report's aggregation and whole compile (DOCX + XLSX), as ratios to one raw GROUP BY (``floor_sql``)."""

from .common import AGGREGATION_TARGET, interleaved


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


def rows_in(period):
    from reports.models import Figure, ReportingPeriod

    ids = ReportingPeriod.objects.filter(kind__in=("month", "quarter"), start__gte=period.start, end__lte=period.end)
    return Figure.objects.filter(period__in=ids).count()


def measure_compiles(report, *, codes, reps, warmup, aggregation_reps, label=""):
    """The aggregation alone, then the whole compile (DOCX + XLSX), of each period, each interleaved with floor_sql.

    Two loops: the aggregation takes tens of milliseconds, and run right after each 1–5 s compile it
    measured that compile's garbage collection and cold caches rather than itself; on its own it also
    affords more repetitions (``aggregation_reps``) for a steadier median.
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

        floor = floor_sql(period)
        medians, _ = interleaved(
            {"floor_sql": floor, "aggregation": lambda period=period: aggregation.aggregate(period)},
            reps=aggregation_reps,
            warmup=warmup + 2,
        )
        compiles, _ = interleaved({"floor_sql": floor, "compile": compile_once}, reps=reps, warmup=warmup)
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
        report.add(
            f"compile with DOCX+XLSX{suffix}",
            value=medians["compile"] * 1000,
            unit="ms",
            ratio=medians["compile"] / compiles["floor_sql"],
            floor="floor_sql",
            rows=figures,
        )
        results[code] = medians
    # The bench's own compiled versions are removed again (rows and files).
    for compiled in CompiledReport.objects.filter(pk__in=made):
        for field in (compiled.docx, compiled.xlsx):
            if field:
                field.storage.delete(field.name)
    CompiledReport.objects.filter(pk__in=made).delete()
    return results
