"""The report form on a phone under simulated 3G (issue 18 §5), against the floor page under the same conditions.

Chromium (Debian's, through Playwright) with a phone's viewport and the DevTools protocol's network emulation
(1.6 Mbps down, 750 kbps up, 300 ms round trip) loads the clerk's report form from gunicorn serving the
static files as production does (collected, compressed by whitenoise): the time until a figure input is on
the screen and can be typed into, and the bytes transferred (as sent, compressed), with an empty cache
(cold) and again in the same browser (warm: its HTTP cache and the service worker's). The floor page is
measured the same way in the same run; targets: ≤ 2× its time, ≤ 200 KB cold.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

from .common import ROOT, first_url
from .load import free_port, session_cookie, start_gunicorn, stop

CHROMIUM = "/usr/bin/chromium"
THREE_G = {"offline": False, "latency": 300, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TIME_TARGET = 2.0
BYTES_TARGET = 200 * 1024
# On the screen and usable: the page parsed and its scripts run, every stylesheet applied, the element laid out.
READY = (
    "() => { const el = document.querySelector(%r); return document.readyState !== 'loading'"
    " && [...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet)"
    " && !!el && el.offsetParent !== null && !el.disabled; }"
)


def _collected_static():
    """collectstatic into a temporary STATIC_ROOT with whitenoise's compressed manifest storage."""
    root = tempfile.mkdtemp(prefix="thidua-bench-static-")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_STATIC_ROOT": root}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    return root


def _visit(context, url, selector):
    """Seconds until ``selector`` can be typed into (or read), and the bytes the page took over the network."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", THREE_G)
    received = []
    urls = {}
    cdp.on("Network.responseReceived", lambda event: urls.__setitem__(event["requestId"], event["response"]["url"]))
    cdp.on(
        "Network.loadingFinished",
        lambda event: received.append((urls.get(event["requestId"]), event["encodedDataLength"])),
    )
    started = time.monotonic()
    page.goto(url, wait_until="commit", timeout=120_000)
    page.wait_for_function(READY % selector, timeout=120_000, polling=50)
    seconds = time.monotonic() - started
    page.wait_for_load_state("networkidle", timeout=120_000)
    page.close()
    if os.environ.get("BENCH_NETWORK_DEBUG"):
        print(url, [(u.rsplit("/", 1)[-1], n) for u, n in received])  # noqa: T201
    return seconds, sum(n for _, n in received)


def _cold_and_warm(browser, base, cookie, path, selector):
    context = browser.new_context(**PHONE)
    name, value = cookie.split("=", 1)
    context.add_cookies([{"name": name, "value": value, "url": base}])
    try:
        cold = _visit(context, base + path, selector)
        warm = _visit(context, base + path, selector)
    finally:
        context.close()
    return cold, warm


def measure_network(report, people):
    if shutil.which(CHROMIUM) is None or people["report"] is None:
        report.add("3G report form (cold)", value=None, unit="s", status="not built (no chromium or no clerk)")
        return
    from playwright.sync_api import sync_playwright

    static_root = _collected_static()
    os.environ["BENCH_STATIC_ROOT"] = static_root
    port = free_port()
    proc = start_gunicorn(port)
    base = f"http://localhost:{port}"
    form = first_url("reports:report_edit", args=[people["report"].pk])
    # Sessions made before Playwright starts (its event loop forbids the ORM).
    reviewer, clerk = session_cookie(people["reviewer"]), session_cookie(people["clerk"])
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            floor = _cold_and_warm(browser, base, reviewer, "/__bench__/floor/", "main")
            page = _cold_and_warm(browser, base, clerk, form, "input.figure")
            browser.close()
    finally:
        stop(proc)
        del os.environ["BENCH_STATIC_ROOT"]
        shutil.rmtree(static_root, ignore_errors=True)
    for label, (floor_run, page_run) in (("cold", (floor[0], page[0])), ("warm", (floor[1], page[1]))):
        ratio = page_run[0] / floor_run[0]
        report.add(f"3G floor_page ({label})", value=floor_run[0], unit="s")
        report.add(
            f"3G report form ({label}): input ready",
            value=page_run[0],
            unit="s",
            ratio=ratio,
            floor="floor_page",
            target=f"≤{TIME_TARGET:g}× floor",
            met=ratio <= TIME_TARGET,
        )
    report.add(
        "3G report form (cold): transferred",
        value=page[0][1] / 1024,
        unit="KB",
        floor_kb=round(floor[0][1] / 1024, 1),
        target="≤200 KB",
        met=page[0][1] <= BYTES_TARGET,
    )
    # Warm, the page comes through the service worker, whose own requests this page's DevTools session does
    # not see: no byte count is claimed for it.
    report.note(
        "3G warm: static files from the HTTP cache and the service worker; the page itself is fetched by the "
        "worker (network first), so its bytes are not counted here"
    )
