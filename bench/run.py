# ruff: noqa: T201, S310, S603, S607 — a command-line report that runs gunicorn and wrk against 127.0.0.1
"""``make bench``: every figure as a ratio to a floor measured in the same run, interleaved with it.

    python -m bench.run [--factor 10] [--reps 7] [--load-seconds 10] [--quick]

PostgreSQL when DATABASE_URL is set, else a SQLite file of its own. It loads
the province-scale synthetic data (``seed_scale``) when the database does not
hold it, then measures, each as the median of several repetitions after a
warm-up, every repetition running the floor and the measured code one after
the other:

* ``floor_page``: the bench's own page (base layout, a table from one query),
  and every main page of the product as server time, its ratio to the floor
  and its query count (in-process, through the whole middleware stack);
* ``floor_sql``: one raw ``GROUP BY channel, theme, metric`` over the figures
  of the period being compiled, against the snapshot's aggregation alone and
  the whole compile with its DOCX and XLSX, for a quarter and a year;
* with ``--factor N``: the data multiplied N times (earlier plan phases), the
  same compile again, as a ratio to the compile at 1×;
* HTTP under load: gunicorn (2 sync workers, persistent database connections)
  on 127.0.0.1 and wrk (or a bounded Python load generator) for a few seconds
  per page; requests per second as a ratio to the floor page served the same
  way, p99 and errors.

It prints a table and writes ``bench/results/latest.json`` with each figure's
target and whether it is met. It never fails because the machine is slow: the
exit status is 0 unless the bench itself cannot run.
"""

import argparse
import datetime
import io
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.json"

PAGE_TARGET = 5.0  # × floor_page
AGGREGATION_TARGET = 3.0  # × floor_sql
GROWTH_TARGET = 1.5  # compile at N× the data ÷ compile at 1×
THROUGHPUT_TARGET = 0.4  # ≥ this share of the floor page's requests per second


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


# -- timing helpers ------------------------------------------------------------------


def timed(fn):
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def interleaved(measures, *, reps, warmup):
    """Run every measure once per repetition, in turn; the median seconds of each after ``warmup`` rounds.

    A measure may carry a ``before`` callable: it runs outside the clock (preparing a form's data).
    """
    samples = {name: [] for name in measures}
    for round_ in range(warmup + reps):
        for name, fn in measures.items():
            before = getattr(fn, "before", None)
            if before is not None:
                before()
            seconds = timed(fn)
            if round_ >= warmup:
                samples[name].append(seconds)
    return {name: statistics.median(values) for name, values in samples.items()}, samples


class Report:
    def __init__(self):
        self.rows = []
        self.notes = []

    def add(self, name, *, value, unit, ratio=None, floor=None, target=None, met=None, **extra):
        row = {"name": name, "value": value, "unit": unit, "ratio": ratio, "floor": floor, "target": target}
        row["met"] = met
        row.update(extra)
        self.rows.append(row)
        return row

    def note(self, text):
        self.notes.append(text)
        print(f"  · {text}", flush=True)

    def table(self):
        lines = [f"{'figure':<44} {'value':>12} {'ratio':>8} {'target':>10} {'met':>5}  extra"]
        for row in self.rows:
            value = row["value"]
            shown = "—" if value is None else (f"{value:,.1f}" if isinstance(value, float) else str(value))
            ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}"
            target = row["target"] or ""
            met = {True: "yes", False: "NO", None: ""}[row["met"]]
            extra = ", ".join(f"{k}={v}" for k, v in row.items() if k in ("queries", "p99_ms", "errors", "status"))
            lines.append(f"{row['name']:<44} {shown:>10} {row['unit']:<2} {ratio:>7} {target:>10} {met:>5}  {extra}")
        return "\n".join(lines)


# -- data ------------------------------------------------------------------------------


def synthetic_phases():
    """How many earlier synthetic phases hold reports (the plans themselves outlive a reseed)."""
    from reports.models import ActivityReport

    earlier = ActivityReport.objects.filter(period__plan__code__startswith="syn-", period__plan__end_year__lt=2021)
    return earlier.values("period__plan_id").distinct().count()


def ensure_seeded(report, *, factor, reseed, scale=()):
    from django.core.management import call_command

    from reports.models import Figure

    if not reseed and Figure.objects.exists() and synthetic_phases() == factor - 1:
        report.note(f"synthetic data already loaded (factor {factor}): {Figure.objects.count():,} figures")
        return None
    out = io.StringIO()
    seconds = timed(
        lambda: call_command("seed_scale", f"--factor={factor}", "--allow-production-like", *scale, stdout=out)
    )
    print("  " + out.getvalue().strip(), flush=True)
    return seconds


def actors():
    """The users the pages are read as, and the clerk's editable report of the current period."""
    from django.utils import timezone

    from agencies.models import User
    from reports import calendar, services
    from reports.models import ActivityReport, ReportingPeriod

    today = timezone.localdate()
    code = calendar.period_for_day_window("month", today).code
    period = ReportingPeriod.objects.get(code=code)
    clerk = report = None
    for user in User.objects.filter(username__startswith="syn-clerk-", agency__report_frequency="month").order_by(
        "username"
    ):
        existing = ActivityReport.objects.filter(agency=user.agency, period=period).first()
        if existing is None:
            existing, _ = services.report_get_or_create(agency=user.agency, period=period, user=user)
        if existing.is_editable_status:
            clerk, report = user, existing
            break
    return {
        "clerk": clerk,
        "report": report,
        "reviewer": User.objects.get(username="syn-reviewer"),
        "officer": User.objects.get(username="syn-officer"),
        "leader": User.objects.get(username="syn-leader"),
        "anonymous": None,
    }


def client_for(user):
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def first_url(*names, **kwargs):
    from django.urls import NoReverseMatch, reverse

    for name in names:
        try:
            return reverse(name, **kwargs)
        except NoReverseMatch:
            continue
    return None


def page_specs(people):
    """(name, user, method, url, data) of every main page; url None when the page is not built yet."""
    report = people["report"]
    specs = [
        ("clerk home", "clerk", "GET", first_url("reports:my_reports")),
        ("report form (GET)", "clerk", "GET", first_url("reports:report_edit", args=[report.pk]) if report else None),
        ("draft save (POST)", "clerk", "POST", first_url("reports:report_edit", args=[report.pk]) if report else None),
        ("reviewer inbox", "reviewer", "GET", first_url("reports:inbox")),
        ("completeness board (quarters)", "reviewer", "GET", first_url("reports:board")),
        (
            "completeness board (months 2025)",
            "reviewer",
            "GET",
            _with_query(first_url("reports:board"), "year=2025&frequency=month"),
        ),
        ("dashboard", "leader", "GET", first_url("compiled:dashboard", "reports:dashboard", "dashboard")),
        ("honouree list", "officer", "GET", first_url("honourees:list")),
        ("portal list", "anonymous", "GET", first_url("portal:list")),
    ]
    return specs


def _with_query(url, query):
    return f"{url}?{query}" if url else None


def draft_data(report):
    """A draft of about 42 figures whose values change on every save (so each save writes)."""
    from reports.models import ActivityReport
    from reports.selectors import grid_for

    grid = grid_for(report.period.plan)
    cells = [(m.pk, t.pk) for m in grid.metrics for t in grid.themes]
    counter = {"n": 0}

    def data():
        counter["n"] += 1
        version = ActivityReport.objects.filter(pk=report.pk).values_list("version", flat=True).get()
        payload = {"version": version, "results": f"Bench draft {counter['n']}", "shortcomings": "", "next_tasks": ""}
        payload["proposals"] = ""
        for i, (metric_id, theme_id) in enumerate(cells[::2][:42]):
            payload[f"c-{metric_id}-{theme_id}"] = str(1 + (i + counter["n"]) % 50)
        return payload

    return data


# -- the measures ---------------------------------------------------------------------------


def measure_pages(report, people, *, reps, warmup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clients = {
        role: client_for(user)
        for role, user in people.items()
        if role in ("clerk", "reviewer", "officer", "leader", "anonymous")
    }
    floor_url = "/__bench__/floor/"
    save_data = draft_data(people["report"]) if people["report"] else None

    def call(role, method, url):
        client = clients[role]
        if method == "POST":
            return Posting(client, url, save_data)
        return lambda: _expect(client.get(url), (200,), url)

    measures = {"floor_page": call("reviewer", "GET", floor_url)}
    built = []
    for name, role, method, url in page_specs(people):
        if url is None or (role == "clerk" and people["clerk"] is None):
            report.add(name, value=None, unit="ms", target=f"≤{PAGE_TARGET:g}× floor", met=None, status="not built")
            continue
        fn = call(role, method, url)
        try:
            if getattr(fn, "before", None):
                fn.before()
            fn()
        except Exception as exc:  # a page that errors is reported, not measured
            report.add(
                name, value=None, unit="ms", target=f"≤{PAGE_TARGET:g}× floor", met=False, status=f"error: {exc}"
            )
            continue
        measures[name] = fn
        built.append((name, role, method, url))

    medians, _samples = interleaved(measures, reps=reps, warmup=warmup)
    floor = medians["floor_page"]
    with CaptureQueriesContext(connection) as floor_queries:
        measures["floor_page"]()
    for name, *_rest in built:
        if getattr(measures[name], "before", None):
            measures[name].before()
    report.add("floor_page", value=floor * 1000, unit="ms", queries=len(floor_queries))
    for name, role, _method, url in built:
        with CaptureQueriesContext(connection) as queries:
            measures[name]()
        ratio = medians[name] / floor
        report.add(
            name,
            value=medians[name] * 1000,
            unit="ms",
            ratio=ratio,
            floor="floor_page",
            target=f"≤{PAGE_TARGET:g}× floor",
            met=ratio <= PAGE_TARGET,
            queries=len(queries),
            url=url,
            user=role,
        )
    return floor


class Posting:
    """A form POST whose data (with the report's current version) is made before the clock starts."""

    def __init__(self, client, url, make_data):
        self.client, self.url, self.make_data = client, url, make_data
        self.data = None

    def before(self):
        self.data = self.make_data()

    def __call__(self):
        data, self.data = self.data, None
        _expect(self.client.post(self.url, data), (302,), self.url)


def _expect(response, statuses, url):
    if response.status_code not in statuses:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
    return response


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
    from province.models import CompiledReport
    from reports import aggregation, compilation
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


# -- HTTP under load ------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    log = open(Path(tempfile.gettempdir()) / "thidua-bench-gunicorn.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [Path(sys.executable).with_name("gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--worker-class", "sync", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError("gunicorn did not start (see thidua-bench-gunicorn.log)")


def stop(proc):
    if proc and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def session_cookie(user):
    if user is None:
        return ""
    client = client_for(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def wrk(url, cookie, seconds):
    command = ["wrk", "-t2", "-c4", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)] if p99 else None
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        # gunicorn's sync workers close every connection after answering: wrk counts the
        # closed keep-alive connection as a read error; connect errors and timeouts are real.
        errors += int(socket_errors.group(1)) + int(socket_errors.group(4))
    return rps, p99_ms, errors


def python_load(url, cookie, seconds, *, concurrency=4):
    """A bounded load generator: ``concurrency`` threads, each one request after the other, for ``seconds``."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    latencies, errors = [], [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        while time.monotonic() < deadline:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            started = time.perf_counter()
            try:
                conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                ok = response.status < 400
            except OSError:
                ok = False
            finally:
                conn.close()
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += 0 if ok else 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    latencies.sort()
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000 if latencies else None
    return len(latencies) / seconds, p99, errors[0]


def measure_load(report, people, *, seconds):
    tool = "wrk" if shutil.which("wrk") else "python"
    load = wrk if tool == "wrk" else python_load
    port = free_port()
    proc = start_gunicorn(port)
    base = f"http://127.0.0.1:{port}"
    pages = [
        ("floor_page", "reviewer", "/__bench__/floor/"),
        ("clerk home", "clerk", first_url("reports:my_reports")),
        ("reviewer inbox", "reviewer", first_url("reports:inbox")),
        ("portal list", "anonymous", first_url("portal:list")),
    ]
    try:
        targets = {}
        for name, role, path in pages:
            if path is None or (role == "clerk" and people["clerk"] is None):
                report.add(f"HTTP {name}", value=None, unit="rps", status="not built")
                continue
            cookie = session_cookie(people[role])
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=30) as response:
                if response.status != 200 or response.url.rstrip("/").endswith("login"):
                    raise RuntimeError(f"{path} answered {response.status} {response.url}")
            targets[name] = (base + path, cookie)
            load(base + path, cookie, 1)  # warm-up: both workers have loaded templates and connections
        # Interleaved: a floor run before and after each page (floor, page, floor, page, …, floor), each page's
        # ratio to the mean of the two floor runs around it, so a drift of the machine during a run (another
        # process, a checkpoint) weighs on the page and its floor alike.
        floor_runs, results = [load(*targets["floor_page"], seconds)], {}
        for name, (url, cookie) in targets.items():
            if name == "floor_page":
                continue
            run = load(url, cookie, seconds)
            floor_runs.append(load(*targets["floor_page"], seconds))
            results[name] = (run, (floor_runs[-2][0] + floor_runs[-1][0]) / 2)
        floor_rps = statistics.median(run[0] for run in floor_runs)
        report.add(
            "HTTP floor_page",
            value=floor_rps,
            unit="rps",
            target="0 errors",
            met=all(run[2] == 0 for run in floor_runs),
            p99_ms=round(max(run[1] or 0 for run in floor_runs), 1),
            errors=sum(run[2] for run in floor_runs),
            tool=tool,
            runs=[round(run[0], 1) for run in floor_runs],
        )
        for name, ((rps, p99, errors), floor) in results.items():
            ratio = rps / floor if floor else None
            report.add(
                f"HTTP {name}",
                value=rps,
                unit="rps",
                ratio=ratio,
                floor="HTTP floor_page (mean of the runs just before and after)",
                target=f"≥{THROUGHPUT_TARGET:.0%} of floor, 0 errors",
                met=ratio is not None and ratio >= THROUGHPUT_TARGET and errors == 0,
                p99_ms=round(p99, 1) if p99 is not None else None,
                errors=errors,
                tool=tool,
            )
    finally:
        stop(proc)
    return tool


# -- main -------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, default=1, help="also compile at this multiple of the data (e.g. 10)")
    parser.add_argument("--reps", type=int, default=7, help="measured repetitions of each figure (median)")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--load-seconds", type=int, default=10, help="seconds of HTTP load per page (0: skip)")
    parser.add_argument("--reseed", action="store_true", help="load the synthetic data again even if present")
    parser.add_argument("--quick", action="store_true", help="3 repetitions, 3 s of load: a smoke run")
    parser.add_argument(
        "--tiny", action="store_true", help="a 30-agency, one-year data set: checks that the bench still runs (tests)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.tiny:
        args.quick = True
        args.load_seconds = min(args.load_seconds, 1)
    scale = ("--agencies=30", "--years=1") if args.tiny else ()
    year = 2021 if args.tiny else 2025
    if args.quick:
        args.reps, args.warmup, args.load_seconds = 3, 1, min(args.load_seconds, 3)

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    vendor = connection.vendor
    database = settings.DATABASES["default"]["NAME"]
    print(f"make bench on {'PostgreSQL' if vendor == 'postgresql' else 'SQLite'} ({database})", flush=True)
    started = time.monotonic()
    report = Report()
    call_command("migrate", verbosity=0)
    seed_seconds = ensure_seeded(report, factor=1, reseed=args.reseed, scale=scale)
    if seed_seconds is not None:
        report.add("seed_scale (factor 1)", value=seed_seconds, unit="s", target="< 60 s", met=seed_seconds < 60)

    people = actors()
    if people["clerk"] is None:
        report.note("no synthetic clerk has an editable report of the current period: clerk pages skipped")

    print("pages (in-process, all middleware) …", flush=True)
    measure_pages(report, people, reps=args.reps, warmup=args.warmup)
    print("compiles …", flush=True)
    codes = [f"{year}-Q2", f"{year}-Y"]
    base = measure_compiles(report, codes=codes, reps=max(3, args.reps - 2), warmup=1, aggregation_reps=args.reps * 3)

    if args.load_seconds:
        print(f"HTTP under load, {args.load_seconds} s per page …", flush=True)
        measure_load(report, people, seconds=args.load_seconds)

    if args.factor > 1:
        print(f"data × {args.factor} …", flush=True)
        seconds = ensure_seeded(report, factor=args.factor, reseed=False, scale=scale)
        if seconds is not None:
            report.add(f"seed_scale (factor {args.factor})", value=seconds, unit="s")
        grown = measure_compiles(
            report,
            codes=[f"{year}-Q2"],
            reps=max(3, args.reps - 2),
            warmup=1,
            aggregation_reps=args.reps * 3,
            label=f" ×{args.factor}",
        )
        for key, name in (("compile", "compile with DOCX+XLSX"), ("aggregation", "aggregation")):
            ratio = grown[f"{year}-Q2"][key] / base[f"{year}-Q2"][key]
            report.add(
                f"{name} {year}-Q2 ×{args.factor} ÷ ×1",
                value=ratio,
                unit="×",
                ratio=ratio,
                target=f"≤{GROWTH_TARGET:g}×",
                met=ratio <= GROWTH_TARGET,
            )

    print()
    print(report.table())
    missed = [row["name"] for row in report.rows if row["met"] is False]
    print(f"\n{len(missed)} target(s) missed" + (f": {', '.join(missed)}" if missed else ""))
    payload = {
        "database": "postgresql" if vendor == "postgresql" else "sqlite",
        "database_name": str(database),
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "commit": _git_commit(),
        "options": {"factor": args.factor, "reps": args.reps, "warmup": args.warmup, "load_seconds": args.load_seconds},
        "seconds": round(time.monotonic() - started, 1),
        "figures": report.rows,
        "missed": missed,
        "notes": report.notes,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"written to {args.output}")
    return 0


def _git_commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


if __name__ == "__main__":
    sys.exit(main())
