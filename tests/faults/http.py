"""A small HTTP user for the fault and load tests: one keep-alive connection, cookies, CSRF, the report pages.

It speaks to a gunicorn on 127.0.0.1 only, as a clerk or a reviewer would
through the browser: sign in, open the period's report, save figures, submit;
read the inbox, return a report with a reason.
"""

import http.client
import re
import time
from urllib.parse import urlencode, urlsplit

CELL = re.compile(r'name="c-(\d+)-(\d+)"')
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class HttpUser:
    def __init__(self, base_url, *, timeout=30):
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.conn = None
        self.cookies = {}
        self.log = []  # (method, path, status, seconds)

    # -- transport ---------------------------------------------------------------

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.conn

    def request(self, method, path, data=None):
        """(status, body, headers) of one request; reconnects once if the server closed the connection."""
        body = urlencode(data, doseq=True) if data is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        for attempt in (1, 2):
            started = time.monotonic()
            try:
                conn = self._connection()
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                content = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        self.log.append((method, path, response.status, time.monotonic() - started))
        return response.status, content, dict(response.getheaders())

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        return self.request("POST", path, data)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    # -- the product's pages ----------------------------------------------------------

    def login(self, username, password):
        self.get("/accounts/login/")
        status, _body, _headers = self.post("/accounts/login/", {"username": username, "password": password})
        if status != 302:
            raise AssertionError(f"login of {username} failed: HTTP {status}")
        return self

    def start_report(self, period_code):
        """Open (creating it if needed) the agency's report of ``period_code``; its id."""
        status, _body, headers = self.post(f"/reports/period/{period_code}/start/", {})
        if status != 302:
            raise AssertionError(f"start {period_code}: HTTP {status}")
        match = re.search(r"/reports/(\d+)/", headers.get("Location", ""))
        return int(match.group(1))

    def open_form(self, report_id):
        """(version, [(metric_id, theme_id)]) of the report form, or None when the report is not editable."""
        status, body, _headers = self.get(f"/reports/{report_id}/edit/")
        if status != 200:
            return None
        match = VERSION.search(body)
        version = int(match.group(1) or match.group(2))
        cells = [(int(m), int(t)) for m, t in CELL.findall(body)]
        return version, cells

    def save(self, report_id, *, version, figures, results="", then=None):
        """POST the form with ``figures`` ({(metric_id, theme_id): value}); the status (302 saved, 409 conflict)."""
        data = {"version": version, "results": results, "shortcomings": "", "next_tasks": "", "proposals": ""}
        data.update({f"c-{m}-{t}": str(v) for (m, t), v in figures.items()})
        if then:
            data["then"] = then
        status, _body, _headers = self.post(f"/reports/{report_id}/edit/", data)
        return status

    def submit(self, report_id):
        status, _body, _headers = self.post(f"/reports/{report_id}/submit/", {"confirm_empty": "1"})
        return status

    def return_report(self, report_id, reason):
        status, _body, _headers = self.post(f"/reports/{report_id}/return/", {"reason": reason})
        return status

    def errors(self):
        """Requests answered with a 5xx."""
        return [entry for entry in self.log if entry[2] >= 500]
