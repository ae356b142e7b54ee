# ruff: noqa: T201 — a command-line report
"""What every part of ``make bench`` shares: Django set up on the bench settings, timing, the report table."""

import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.json"

PAGE_TARGET = 5.0  # × floor_page
AGGREGATION_TARGET = 3.0  # × floor_sql
GROWTH_TARGET = 1.5  # compile at N× the data ÷ compile at 1×, each as a ratio to the floor page of its loop
COMPILE_TARGET = 30.0  # the whole compile with its documents, × floor_sql over the same window
PHASE_TARGET = 4.0  # compiling the phase (five years) ÷ compiling a quarter
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
            extra = ", ".join(
                f"{k}={v}" for k, v in row.items() if k in ("queries", "p99_ms", "errors", "status", "pages")
            )
            lines.append(f"{row['name']:<44} {shown:>10} {row['unit']:<2} {ratio:>7} {target:>10} {met:>5}  {extra}")
        return "\n".join(lines)


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
