# ruff: noqa: T201 — a command-line report
"""Profile one thing the bench measures, with pyinstrument, on the bench's database.

python -m bench.profile page /reports/inbox/ syn-reviewer
python -m bench.profile page-cold "/province/?period=2025-Y" syn-leader   (Django's cache cleared before each run)
python -m bench.profile aggregation 2025-Q2
python -m bench.profile compile 2025-Q2
"""

import sys


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    from bench.common import setup_django

    setup_django()
    from pyinstrument import Profiler

    what, *rest = argv
    before = None
    if what in ("page", "page-cold"):
        from agencies.models import User
        from bench.common import client_for

        url, username = rest
        client = client_for(User.objects.get(username=username) if username != "-" else None)
        client.get(url)  # warm
        run = lambda: client.get(url)  # noqa: E731
        if what == "page-cold":  # as the bench's cold dashboards: the cache cleared outside the profile
            from django.core.cache import cache

            before = cache.clear
    elif what == "aggregation":
        from province import aggregation
        from reports.models import ReportingPeriod

        period = ReportingPeriod.objects.get(code=rest[0])
        aggregation.aggregate(period)
        run = lambda: aggregation.aggregate(period)  # noqa: E731
    elif what == "compile":
        from province import compilation
        from province.models import CompiledReport
        from reports.models import ReportingPeriod

        period = ReportingPeriod.objects.get(code=rest[0])

        def run():
            compiled = compilation.compiled_report_request(period=period, enqueue=False)
            compilation.compiled_report_run(compiled_report_id=compiled.pk)
            CompiledReport.objects.filter(pk=compiled.pk).delete()
    else:
        raise SystemExit(__doc__)
    profiler = Profiler(interval=0.0005)
    for _ in range(3):
        if before is not None:
            before()
        with profiler:
            run()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
