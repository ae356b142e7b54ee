"""Every main page of the product, in-process through the whole middleware stack, as a ratio to the floor page."""

from .common import PAGE_TARGET, client_for, first_url, interleaved


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


def floor_page(people):
    """The floor page as the leader reads it, a callable (each call one signed-in GET, checked)."""
    leader = client_for(people["leader"])
    return lambda: _expect(leader.get("/__bench__/floor/"), (200,), "floor")


class ColdPage:
    """A GET after Django's cache was cleared (outside the clock): the page as the first reader after a change
    of its data sees it (every accepted report is a new data stamp for the dashboard)."""

    def __init__(self, client, url):
        self.client, self.url = client, url

    def before(self):
        from django.core.cache import cache

        cache.clear()

    def __call__(self):
        _expect(self.client.get(self.url), (200,), self.url)


# A cold page's single times spread twice as wide as a warm page's (24–47 ms for one year's page in one run,
# 04/12/2026): twice the rounds, so that the median says as much as the warm pages' do.
COLD_ROUNDS = 2


def measure_cold_dashboards(report, people, *, year, reps, warmup, label=""):
    """The dashboard of a quarter and of a year with its cache cleared before each repetition, as ratios to the
    floor page measured in the same rounds (``COLD_ROUNDS`` × ``reps`` of them); with their query counts
    (cold)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = first_url("compiled:dashboard")
    if url is None:
        return
    leader = client_for(people["leader"])
    measures = {"floor_page": floor_page(people)}
    for code in (f"{year}-Q2", f"{year}-Y"):
        measures[f"dashboard cold {code}{label}"] = ColdPage(leader, f"{url}?period={code}")
    medians, _samples = interleaved(measures, reps=reps * COLD_ROUNDS, warmup=warmup)
    floor = medians.pop("floor_page")
    for name, seconds in medians.items():
        measures[name].before()
        with CaptureQueriesContext(connection) as queries:
            measures[name]()
        ratio = seconds / floor
        report.add(
            name,
            value=seconds * 1000,
            unit="ms",
            ratio=ratio,
            floor="floor_page",
            target=f"≤{PAGE_TARGET:g}× floor",
            met=ratio <= PAGE_TARGET,
            queries=len(queries),
            url=measures[name].url,
            user="leader",
        )
