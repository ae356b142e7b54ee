# ruff: noqa: S310, S603 — runs gunicorn and wrk against 127.0.0.1
"""HTTP under load: gunicorn (2 sync workers) on 127.0.0.1 and wrk, or a bounded Python load generator.

Requests per second of each page as a ratio to the floor page served the same way, p99 and errors.
"""

import os
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

from .common import ROOT, THROUGHPUT_TARGET, client_for, first_url


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
