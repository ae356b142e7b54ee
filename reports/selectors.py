"""Reads for the report pages, each a fixed number of queries whatever the number of rows."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, Q, Value, When
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import ngettext, pgettext

from agencies import access as agency_access
from agencies import roles as r
from agencies import successions
from agencies.models import AdministrativeUnit, Agency
from campaigns.models import Metric, Theme
from core.db import fetch
from core.text import fold

from . import calendar
from .models import ActivityReport, Figure, ReportingPeriod

Status = ActivityReport.Status


# --- period pickers ---------------------------------------------------------------


class PeriodOption(NamedTuple):
    """A reporting period as a picker lists it: its row as a tuple.

    Pickers list a hundred periods or more on every page; building a model
    instance for each cost more than the rest of the page. ``as_period()``
    builds the one the page shows.
    """

    id: int
    plan_id: int
    kind: str
    code: str
    year: int
    number: int
    start: datetime.date
    end: datetime.date
    deadline: datetime.date
    lock_date: datetime.date

    @property
    def pk(self):
        return self.id

    @property
    def label(self):
        return calendar.period_label(self)

    def as_period(self):
        """The period as a model instance, without a query (the row holds every column)."""
        return ReportingPeriod.from_db("default", PeriodOption._fields, tuple(self))


def period_options(periods):
    """The rows of a ``ReportingPeriod`` queryset as ``PeriodOption`` tuples (1 query)."""
    return [PeriodOption._make(row) for row in periods.values_list(*PeriodOption._fields)]


# --- the grid ---------------------------------------------------------------------


@dataclass
class ChannelRows:
    channel: object
    metrics: list = field(default_factory=list)


@dataclass
class Grid:
    themes: list
    channels: list  # of ChannelRows

    @property
    def metrics(self):
        return [m for rows in self.channels for m in rows.metrics]

    def cells(self):
        return [(m.pk, t.pk) for m in self.metrics for t in self.themes]


def grid_for(plan):
    """The plan's figure grid: themes as columns, each channel's metrics as rows (2 queries)."""
    themes = list(Theme.objects.filter(plan=plan).order_by("order"))
    channels = {}
    metrics = Metric.objects.filter(channel__plan=plan).select_related("channel").order_by("channel__order", "order")
    for metric in metrics:
        channels.setdefault(metric.channel_id, ChannelRows(metric.channel)).metrics.append(metric)
    return Grid(themes=themes, channels=list(channels.values()))


def figures_of(report):
    """``{(metric_id, theme_id): value}`` of the report's stored cells (1 query)."""
    return {(m, t): v for m, t, v in report.figures.values_list("metric_id", "theme_id", "value")}


# --- timeliness -------------------------------------------------------------------

ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"
NOT_DUE = "not_due"
NOT_EXPECTED = "not_expected"


_RECEIVED = frozenset((*ActivityReport.RECEIVED_STATUSES, Status.RETURNED))


def received(status):
    """Whether the province has had the report (a returned report was received, then sent back)."""
    return status in _RECEIVED


def cell_state(*, period, agency, status, submitted_at, today):
    on_time = None if submitted_at is None else timezone.localdate(submitted_at) <= period.deadline
    return _state(agency.is_active_on(period.end), status, on_time, period.deadline, today)


def _state(active, status, on_time, deadline, today):
    """A cell's state from the agency's activity, the report's status and whether it was first sent by the
    deadline (``on_time``: None when never sent; the local date of the first sending against the deadline)."""
    if not active:
        return NOT_EXPECTED
    if on_time is not None and received(status):
        return ON_TIME if on_time else LATE
    return MISSING if today > deadline else NOT_DUE


def _expected_agencies(*, frequency, kind=None, unit=None):
    agencies = Agency.objects.reporting().filter(report_frequency=frequency).select_related("unit")
    if kind:
        agencies = agencies.filter(kind=kind)
    if unit:
        agencies = agencies.filter(unit_id=unit)
    return agencies.order_by("name")


@dataclass
class PeriodRates:
    period: object
    expected: int = 0
    received: int = 0
    on_time: int = 0

    def count(self, state):
        """One agency's cell of the period."""
        self.expected += state in (ON_TIME, LATE, MISSING)
        self.received += state in (ON_TIME, LATE)
        self.on_time += state == ON_TIME

    @property
    def reporting_rate(self):
        return round(100 * self.received / self.expected) if self.expected else None

    @property
    def on_time_rate(self):
        return round(100 * self.on_time / self.expected) if self.expected else None


BOARD_PAGE_SIZE = 50


class BoardAgency(NamedTuple):
    """An agency as a board row shows it."""

    pk: int
    code: str
    name: str
    unit__name: str | None
    active_from: datetime.date | None
    active_until: datetime.date | None
    kind: str
    unit_id: int | None
    report_frequency: str
    must_report: bool

    is_active_on = Agency.is_active_on  # the same rule as the model's

    @property
    def unit_name(self):
        return self.unit__name or ""


@dataclass
class Board:
    periods: list
    rows: list  # (BoardAgency, [state per period]); a line carrying predecessors is named after them
    rates: list  # PeriodRates per period


NOTHING = (None, None)  # no report: no status, never sent

# The state a line's cell shows when several of its agencies owed the period: the worst one first.
_LINE_STATE_RANK = (MISSING, LATE, NOT_DUE, ON_TIME)


def _line_state(states):
    """One cell of a line from its agencies' cells: "not expected" when none owed the period, else the worst
    state of those that did (as ``province.aggregation``'s ``Attendance.status``: missing, then late)."""
    owed = [state for state in states if state != NOT_EXPECTED]
    if not owed:
        return NOT_EXPECTED
    return min(owed, key=_LINE_STATE_RANK.index)


def _reports_of_periods(periods):
    """``{(agency_id, period_id): (status, on_time)}`` of the periods' reports, whoever sent them (1 query).

    Whether the local date of the first submission (in the current time zone) was by the deadline is worked out
    by the database: no date is converted per row here. The reports of the periods are read whoever sent them
    (at most agencies × periods rows, from the report_period_cover_idx index): listing the agencies' ids in the
    query cost more than reading the few rows of agencies not on the board.
    """
    return {
        (agency_id, period_id): (status, on_time)
        for agency_id, period_id, status, on_time in ActivityReport.objects.filter(period__in=[p.pk for p in periods])
        .order_by()
        .annotate(
            on_time=ExpressionWrapper(Q(submitted_at__date__lte=F("period__deadline")), output_field=BooleanField())
        )
        .values_list("agency_id", "period_id", "status", "on_time")
    }


def _board_lines(agencies, frequency, end, graph):
    """``{line agency id: [member agencies]}``: each agency of ``frequency`` on the line of the agency it is part
    of on ``end`` (``successions``: an agency ended by then on its successor's, as the aggregation puts it)."""
    lines = defaultdict(list)
    for agency in agencies.values():
        if agency.must_report and agency.report_frequency == frequency:
            line = graph.current(agency.pk, end)
            lines[line if line in agencies else agency.pk].append(agency)
    return lines


def completeness_board(*, year, frequency, kind=None, unit=None, today=None):
    """Agencies × periods of ``year`` at ``frequency``, each cell on time / late / missing / not due (4 queries).

    Rates follow DHIS2: the reporting rate is the reports received over the
    reports expected, the on-time rate the reports received by the deadline
    over the reports expected; both only over periods whose deadline passed
    or that already have reports. Counted per agency and period owed.

    History carried through successions (README, "Reorganisations"), as in the aggregation: an agency ended
    by the last period's end is on the line of the agency it is part of then (``successions.current_of``'s
    rule), named "Sở X (gồm Sở Y trước 01/03/2025)" when it owed or sent a report that year; the line's
    kind and unit (``kind``, ``unit`` filters) are the successor's; a cell several agencies owed shows the
    worst of their states, and each still counts in the rates.
    """
    today = today or timezone.localdate()
    periods = list(ReportingPeriod.objects.filter(kind=frequency, year=year).order_by("number"))
    # Only what a row shows and its cells need, as values: the board lists up to a few hundred agencies. Every
    # agency: a successor carrying predecessors of this frequency may report at another one.
    agencies = {
        row[0]: BoardAgency._make(row) for row in Agency.objects.order_by("name").values_list(*BoardAgency._fields)
    }
    graph = successions.load_graph()
    found = _reports_of_periods(periods)
    end = periods[-1].end if periods else datetime.date(year, 12, 31)
    rates = [PeriodRates(period=p) for p in periods]
    columns = [(p.pk, p.end, p.deadline) for p in periods]
    senders = {agency_id for agency_id, _period_id in found}
    rank = {pk: n for n, pk in enumerate(agencies)}  # the database's order of names
    rows = []
    for line, members in sorted(_board_lines(agencies, frequency, end, graph).items(), key=lambda i: rank[i[0]]):
        agency = agencies[line]
        if (kind and agency.kind != kind) or (unit and agency.unit_id != unit):
            continue
        states = {
            m.pk: [_state(m.is_active_on(e), *found.get((m.pk, p), NOTHING), d, today) for p, e, d in columns]
            for m in members
        }
        for cells in states.values():
            for state, rate in zip(cells, rates, strict=True):
                rate.count(state)
        carried = [m for m in members if m.pk != line and (m.pk in senders or set(states[m.pk]) - {NOT_EXPECTED})]
        if carried:
            agency = agency._replace(name=successions.label(agency, carried, on=end, graph=graph))
        rows.append((agency, [_line_state(column) for column in zip(*states.values(), strict=True)]))
    return Board(periods=periods, rows=rows, rates=rates)


def late_agencies(*, period, today=None):
    """The agencies expected for ``period`` that have not reported, or reported after the deadline (2 queries).

    Returns ``[(agency, state, report_or_None)]``, the missing ones first.
    """
    today = today or timezone.localdate()
    agencies = list(_expected_agencies(frequency=period.kind))
    found = ActivityReport.objects.filter(period=period, agency__in=[a.pk for a in agencies])
    reports = {r.agency_id: r for r in found}
    out = []
    for agency in agencies:
        report = reports.get(agency.pk)
        state = cell_state(
            period=period,
            agency=agency,
            status=report.status if report else None,
            submitted_at=report.submitted_at if report else None,
            today=today,
        )
        if state in (MISSING, LATE):
            out.append((agency, state, report))
    out.sort(key=lambda item: (item[1] != MISSING, item[0].name))
    return out


@dataclass
class BehindRow:
    agency: object
    missing: list  # the open periods (deadline passed, not locked) it has not sent, oldest first


def behind(*, kind=None, unit=None, frequency=None, today=None):
    """The agencies, monthly and quarterly together, that have not sent the report of a period whose deadline
    passed and that is not locked yet, with those periods; most behind first (3 queries)."""
    today = today or timezone.localdate()
    periods = ReportingPeriod.objects.filter(kind__in=["month", "quarter"], deadline__lt=today, lock_date__gte=today)
    if frequency:
        periods = periods.filter(kind=frequency)
    periods = list(periods.order_by("end", "kind"))
    agencies = Agency.objects.reporting().select_related("unit")
    if frequency:
        agencies = agencies.filter(report_frequency=frequency)
    if kind:
        agencies = agencies.filter(kind=kind)
    if unit:
        agencies = agencies.filter(unit_id=unit)
    agencies = list(agencies.order_by("name"))
    sent = set(
        ActivityReport.objects.filter(period__in=periods, status__in=_RECEIVED).values_list("agency_id", "period_id")
    )
    rows = []
    for agency in agencies:
        missing = [
            p
            for p in periods
            if p.kind == agency.report_frequency and agency.is_active_on(p.end) and (agency.pk, p.pk) not in sent
        ]
        if missing:
            rows.append(BehindRow(agency=agency, missing=missing))
    rows.sort(key=lambda row: -len(row.missing))
    return rows


def current_report_of(agency, *, today=None):
    """For the site's home page: the agency's current period, its report (or None) and the days left (2 queries).

    None when the agency has ceased or no period is open.
    """
    today = today or timezone.localdate()
    if not agency.is_active_on(today):
        return None
    period = current_period_for(agency, today=today)
    if period is None:
        return None
    report = ActivityReport.objects.filter(agency=agency, period=period).only("pk", "status").first()
    return {"period": period, "report": report, "days_left": (period.deadline - today).days}


def awaiting_head_approval_count(*, agency_id):
    """How many of the agency's reports wait for its head's approval (1 query)."""
    return ActivityReport.objects.filter(agency_id=agency_id, status=Status.AWAITING_APPROVAL).count()


# --- the reviewer's inbox -----------------------------------------------------------


def inbox_periods(*, today=None):
    """The month and quarter periods whose window has started, latest first, as ``PeriodOption`` (1 query).

    Only periods of a frequency some reporting agency uses, or that hold reports: with every agency on
    quarters, a month would be an empty inbox (and, being the latest cut-off, the default one).

    Written in SQL: building this query through the ORM (a subquery and an EXISTS) cost four times running it,
    on every page of the inbox. Table and column names come from the models; the date is a parameter.
    """
    today = today or timezone.localdate()
    quote = connection.ops.quote_name
    period, agency, report = (m._meta for m in (ReportingPeriod, Agency, ActivityReport))
    columns = ", ".join(f"p.{quote(period.get_field(name).column)}" for name in PeriodOption._fields)
    kind, start, end = (quote(period.get_field(name).column) for name in ("kind", "start", "end"))
    sql = (
        f"SELECT {columns} FROM {quote(period.db_table)} p "  # noqa: S608
        f"WHERE p.{kind} IN ('month', 'quarter') AND p.{start} <= %s AND ("
        f"p.{kind} IN (SELECT a.{quote(agency.get_field('report_frequency').column)} FROM {quote(agency.db_table)} a "
        f"WHERE a.{quote(agency.get_field('must_report').column)}) "
        f"OR EXISTS (SELECT 1 FROM {quote(report.db_table)} r "
        f"WHERE r.{quote(report.get_field('period').column)} = p.{quote(period.pk.column)})) "
        f"ORDER BY p.{end} DESC, p.{kind}"
    )
    return fetch(sql, [today], row=PeriodOption)


def default_inbox_period(periods, *, today=None):
    """The latest period whose cut-off has passed: the one reports are arriving for."""
    today = today or timezone.localdate()
    for period in periods:
        if period.end < today:
            return period
    return periods[0] if periods else None


INBOX_PAGE_SIZE = 50
INBOX_STATUSES = (Status.SUBMITTED, Status.RESUBMITTED, Status.RETURNED, Status.ACCEPTED)


class _CountedPaginator(Paginator):
    """A paginator told its row count: the inbox knows it from its counts per status, no COUNT query."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


@dataclass(slots=True)
class InboxRow:
    pk: int
    agency_name: str
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    last_submitted_at: datetime.datetime | None
    late: bool


def inbox(*, period, status=None, page=1):
    """One page of the reports of ``period`` (drafts excluded), with the counts per received status (2 queries).

    ``period``: a ``ReportingPeriod`` or a ``PeriodOption``.

    Returns ``(page, counts)``: a ``Page`` of ``INBOX_PAGE_SIZE`` ``InboxRow``
    (the columns the inbox shows, read as values: fifty model instances with
    their agencies cost more than the rest of the page) and ``{status: number}``
    over the whole period. The page's total comes from the counts, so paging adds
    no query; a page number past the end shows the last page.
    """
    # COUNT(*): the (period, status) index answers alone. Drafts are the agencies' own: not even their number.
    counts = dict(
        ActivityReport.objects.filter(period_id=period.pk, status__in=INBOX_STATUSES)
        .values_list("status")
        .annotate(n=Count("*"))
        .order_by()
    )
    shown = [status] if status else INBOX_STATUSES
    reports = (
        ActivityReport.objects.filter(period_id=period.pk, status__in=shown)
        .order_by("status", "last_submitted_at", "agency__name", "pk")
        .values_list("pk", "agency__name", "status", "submitted_at", "last_submitted_at")
    )
    paginator = _CountedPaginator(reports, INBOX_PAGE_SIZE, count=sum(counts.get(s, 0) for s in shown))
    page = paginator.get_page(page)
    labels = {value: str(label) for value, label in Status.choices}
    tz = timezone.get_current_timezone()
    page.object_list = [
        InboxRow(
            pk=pk,
            agency_name=agency_name,
            status=row_status,
            status_label=labels.get(row_status, row_status),
            submitted_at=submitted_at,
            last_submitted_at=last_submitted_at,
            # The deadline is a local date: compare the local date of the first submission.
            late=submitted_at is not None and submitted_at.astimezone(tz).date() > period.deadline,
        )
        for pk, agency_name, row_status, submitted_at, last_submitted_at in page.object_list
    ]
    return page, counts


# --- the "needs action" queue -------------------------------------------------------

QUEUE_PAGE_SIZE = 50
REVIEW_STATUSES = (Status.SUBMITTED, Status.RESUBMITTED)
QUEUE_STATUSES = (*REVIEW_STATUSES, Status.AWAITING_APPROVAL)


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; kept in the links from the queue to a report and on to the next one."""

    q: str = ""  # part of the agency's name, diacritics or not
    kind: str = ""  # Agency.Kind
    unit: int | None = None  # AdministrativeUnit id
    period: str = ""  # ReportingPeriod code

    KEYS = ("q", "kind", "unit", "period")

    @classmethod
    def from_query(cls, data):
        """From a GET or POST mapping; values that cannot be read are left out (the queue then shows more)."""
        unit = str(data.get("unit") or "").strip()
        return cls(
            q=str(data.get("q") or "").strip()[:100],
            kind=str(data.get("kind") or "").strip()[:30],
            unit=int(unit) if unit.isdigit() else None,
            period=str(data.get("period") or "").strip()[:20],
        )

    def items(self):
        return [(key, value) for key in self.KEYS if (value := getattr(self, key)) not in ("", None)]

    def query(self):
        """The filters as a query string, with the marker that brings a reviewer back to the queue."""
        return urlencode([("queue", "1"), *self.items()])

    def q_object(self):
        condition = Q()
        if folded := fold(self.q):
            condition &= Q(agency__search_text__contains=folded)
        if self.kind:
            condition &= Q(agency__kind=self.kind)
        if self.unit:
            condition &= Q(agency__unit_id=self.unit)
        if self.period:
            condition &= Q(period__code=self.period)
        return condition


def queue_scope(user):
    """The reports waiting for ``user`` to act, as a ``Q``: a reviewer's submitted and resubmitted reports of every
    period, an agency head's reports awaiting approval; ``None`` when nothing is theirs to act on."""
    scope = None
    if agency_access.is_reviewer(user):
        scope = Q(status__in=REVIEW_STATUSES)
    if agency_access.has_role(user, r.AGENCY_HEAD) and user.agency_id:
        own = Q(agency_id=user.agency_id, status=Status.AWAITING_APPROVAL)
        scope = own if scope is None else scope | own
    return scope


# Oldest deadline first; within a period, the report waiting longest.
QUEUE_ORDER = ("period__deadline", "period__end", "last_submitted_at", "agency__name", "pk")


@dataclass(slots=True)
class QueueRow:
    pk: int
    agency_name: str
    status: str
    status_label: str
    period_code: str
    period_label: str
    deadline: datetime.date
    submitted_at: datetime.datetime | None
    last_submitted_at: datetime.datetime | None
    late: bool


def queue_counts(user):
    """``{status: number}`` of the reports waiting for ``user`` over every period (1 query; none without a scope)."""
    scope = queue_scope(user)
    if scope is None:
        return {}
    return dict(ActivityReport.objects.filter(scope).values_list("status").annotate(n=Count("*")).order_by())


class QueuePeriod(NamedTuple):
    code: str
    label: str
    end: datetime.date


def queue_periods(user):
    """The periods holding reports waiting for ``user``, oldest deadline first, as ``QueuePeriod`` (1 query)."""
    scope = queue_scope(user)
    if scope is None:
        return []
    rows = (
        ActivityReport.objects.filter(scope)
        .values_list(
            "period__code", "period__kind", "period__year", "period__number", "period__deadline", "period__end"
        )
        .distinct()
        .order_by("period__deadline", "period__code")
    )
    return [
        QueuePeriod(code, calendar.label_for(kind, year, number, code), end)
        for code, kind, year, number, _d, end in rows
    ]


def queue_units(periods, *, chosen="", today=None):
    """The units the queue's filter offers (``AdministrativeUnit.objects.local_during``, as ``(pk, name)``): those
    of the ``chosen`` period's end (a period code), else of the ends of the queue's ``periods``
    (``queue_periods``), else of today. A lazy queryset: one query when read."""
    ends = [p.end for p in periods if p.code == chosen] or [p.end for p in periods]
    if not ends:
        ends = [today or timezone.localdate()]
    return AdministrativeUnit.objects.local_during(min(ends), max(ends)).values_list("pk", "name")


def queue(user, *, filters=None, page=1):
    """One page of the reports waiting for ``user`` across all periods, oldest deadline first (2 queries).

    Returns ``(page, counts)``: a ``Page`` of ``QUEUE_PAGE_SIZE`` ``QueueRow`` and
    ``{status: number}`` of the filtered queue (which gives the pager its total).
    """
    filters = filters or QueueFilters()
    scope = queue_scope(user)
    if scope is None:
        return Paginator([], QUEUE_PAGE_SIZE).get_page(1), {}
    reports = ActivityReport.objects.filter(scope).filter(filters.q_object())
    counts = dict(reports.values_list("status").annotate(n=Count("*")).order_by())
    rows = reports.order_by(*QUEUE_ORDER).values_list(
        "pk",
        "agency__name",
        "status",
        "period__code",
        "period__kind",
        "period__year",
        "period__number",
        "period__deadline",
        "submitted_at",
        "last_submitted_at",
    )
    page = _CountedPaginator(rows, QUEUE_PAGE_SIZE, count=sum(counts.values())).get_page(page)
    labels = {value: str(label) for value, label in Status.choices}
    tz = timezone.get_current_timezone()
    page.object_list = [
        QueueRow(
            pk=pk,
            agency_name=agency_name,
            status=status,
            status_label=labels.get(status, status),
            period_code=code,
            period_label=calendar.label_for(kind, year, number, code),
            deadline=deadline,
            submitted_at=submitted_at,
            last_submitted_at=last_submitted_at,
            late=submitted_at is not None and submitted_at.astimezone(tz).date() > deadline,
        )
        for pk, agency_name, status, code, kind, year, number, deadline, submitted_at, last_submitted_at in (
            page.object_list
        )
    ]
    return page, counts


class QueueNext(NamedTuple):
    """Where a reviewer goes on to: the report's id (None: nothing else waits), its place in the queue, of how many."""

    pk: int | None
    place: int
    total: int


def next_in_queue(user, *, filters=None, after=None):
    """The report of ``user``'s queue under ``filters`` that comes after ``after`` (a report id, whether it still
    waits or not) in the queue's order, else its first: a ``QueueNext`` with its place ("3 of 12"). 1 query."""
    scope = queue_scope(user)
    if scope is None:
        return QueueNext(None, 0, 0)
    waiting = scope & (filters or QueueFilters()).q_object()
    rows = list(
        ActivityReport.objects.filter(waiting | Q(pk=after) if after is not None else waiting)
        .annotate(waits=Case(When(waiting, then=Value(True)), default=Value(False), output_field=BooleanField()))
        .order_by(*QUEUE_ORDER)
        .values_list("pk", "waits")
    )
    queue = [pk for pk, waits in rows if waits and pk != after]
    if not queue:
        return QueueNext(None, 0, 0)
    ids = [pk for pk, _waits in rows]
    later = [pk for pk in queue if ids.index(pk) > ids.index(after)] if after in ids else queue
    following = (later or queue)[0]
    return QueueNext(following, queue.index(following) + 1, len(queue))


# --- the clerk's home ---------------------------------------------------------------


def current_period_for(agency, *, today=None):
    """The period the agency reports on now: the earliest of its frequency whose deadline has not passed."""
    today = today or timezone.localdate()
    return (
        ReportingPeriod.objects.filter(kind=agency.report_frequency, deadline__gte=today, start__lte=today)
        .order_by("end")
        .first()
    )


@dataclass
class ClerkHome:
    period: object
    report: object
    days_left: int | None
    past: list  # of PastReport
    overdue: list


@dataclass(slots=True)
class PastReport:
    """A row of the clerk's list: a report, or a period whose deadline passed with no report (``pk`` None)."""

    pk: int | None
    period_id: int
    period_code: str
    period_label: str
    status: str | None
    status_label: str
    submitted_at: datetime.datetime | None
    deadline: datetime.date
    end: datetime.date
    agency_name: str = ""  # set for a report of an agency this one continues (read-only here)

    @property
    def missing(self):
        return self.pk is None


PAST_PAGE_SIZE = 24


def past_reports(agency, *, exclude_period=None, today=None, continued=(), periods=None):
    """Every report of ``agency`` and of the agencies it ``continued`` (their ids), and each period of the agency's
    frequency whose deadline passed with no report while it was active, newest first (1 query, 2 without
    ``periods``: the rows of ``ReportingPeriod`` of its frequency whose deadline passed)."""
    today = today or timezone.localdate()
    if periods is None:
        periods = _past_periods(agency, today)
    labels = {value: str(label) for value, label in Status.choices}
    rows = []
    own = set()
    reports = ActivityReport.objects.filter(agency_id__in=[agency.pk, *continued])
    if exclude_period is not None:
        reports = reports.exclude(agency_id=agency.pk, period=exclude_period)
    for pk, agency_id, name, period_id, code, kind, year, number, deadline, end, status, submitted_at in (
        reports.values_list(
            "pk", "agency_id", "agency__name", "period_id", "period__code", "period__kind", "period__year",
            "period__number", "period__deadline", "period__end", "status", "submitted_at",
        )
    ):  # fmt: skip
        if agency_id == agency.pk:
            own.add(period_id)
        label = calendar.label_for(kind, year, number, code)
        other = "" if agency_id == agency.pk else name
        rows.append(
            PastReport(
                pk, period_id, code, label, status, labels.get(status, status), submitted_at, deadline, end, other
            )
        )
    not_sent = str(pgettext("report", "not sent"))
    skip = {*own, getattr(exclude_period, "pk", None)}
    rows.extend(
        PastReport(None, p.pk, p.code, p.label, None, not_sent, None, p.deadline, p.end)
        for p in periods
        if p.pk not in skip and agency.is_active_on(p.end)
    )
    rows.sort(key=lambda row: (row.end, row.agency_name == "", row.agency_name), reverse=True)
    return rows


def _past_periods(agency, today):
    return list(ReportingPeriod.objects.filter(kind=agency.report_frequency, deadline__lt=today).order_by("end"))


def clerk_home(agency, *, today=None, continued=()):
    """The current period, its report, the agency's past reports and missed periods, and the overdue periods
    (4 queries)."""
    today = today or timezone.localdate()
    period = current_period_for(agency, today=today)
    report = ActivityReport.objects.filter(agency=agency, period=period).first() if period else None
    periods = _past_periods(agency, today)
    past = past_reports(agency, exclude_period=period, today=today, continued=continued, periods=periods)
    reported = {r.period_id for r in past if not r.agency_name and r.status and received(r.status)}
    overdue = [p for p in periods if p.lock_date >= today and p.pk not in reported and agency.is_active_on(p.end)]
    days_left = (period.deadline - today).days if period else None
    return ClerkHome(period=period, report=report, days_left=days_left, past=past, overdue=overdue)


# --- comparison in place ---------------------------------------------------------------

# A cell "changed a lot" when it moved by at least half of the earlier figure (or from nothing) AND by at
# least 10 units: a ratio alone flags 1 → 2 (+100 %), a difference alone flags 900 → 910. Both together pick
# out the figures a reviewer should ask about (a typo, a doubled count, a missing channel); data-quality
# rules can start from these two numbers later.
LARGE_CHANGE_RATIO = 0.5
LARGE_CHANGE_MIN = 10


def is_large_change(before, now):
    """Whether ``now`` differs from ``before`` enough to be highlighted (see ``LARGE_CHANGE_RATIO``)."""
    change = abs(now - before)
    return change >= LARGE_CHANGE_MIN and (before == 0 or change >= LARGE_CHANGE_RATIO * before)


@dataclass
class Against:
    """One earlier period the report is compared with: its figures by ``(channel, metric, theme)`` codes, or
    ``None`` when the agency (or the agencies it continues) sent no report for it."""

    period: object
    figures: dict | None
    agency_names: list


@dataclass
class Comparison:
    previous: Against | None
    year_before: Against | None

    def against(self):
        return [a for a in (self.previous, self.year_before) if a is not None]


def _earlier_periods(period):
    """``(previous, same period a year before)`` of ``period``'s kind, either None when there is none (1 query)."""
    window = period.start - datetime.timedelta(days=100)
    candidates = list(
        ReportingPeriod.objects.filter(kind=period.kind, end__lt=period.start)
        .filter(Q(end__gte=window) | Q(year=period.year - 1, number=period.number))
        .order_by("-end")
    )
    previous = candidates[0] if candidates and candidates[0].end >= window else None
    year_before = next((p for p in candidates if (p.year, p.number) == (period.year - 1, period.number)), None)
    return previous, year_before


def comparison_of(report):
    """The report's figures beside the agency's previous period and the same period a year before (4 queries).

    A successor agency with no report of its own for such a period is compared with its predecessors' reports
    (summed when several merged into it). Figures are matched by codes, so a period of the previous plan
    compares too. Only reports the province received count.
    """
    period = report.period
    previous, year_before = _earlier_periods(period)
    periods = [p for p in (previous, year_before) if p is not None]
    if not periods:
        return Comparison(previous=None, year_before=None)
    # Predecessors whose history is the agency's by the report's period (any depth; the rule of agencies.successions).
    rolled = successions.rolled_into(report.agency_id, on=period.end)
    agency_ids = [report.agency_id, *(link.predecessor for link in rolled)]
    received = ActivityReport.objects.filter(
        period__in=periods, agency_id__in=agency_ids, status__in=ActivityReport.RECEIVED_STATUSES
    )
    senders = {}
    for period_id, agency_id, name in received.values_list("period_id", "agency_id", "agency__name"):
        senders.setdefault(period_id, {})[agency_id] = name
    # The agency's own report when it has one; otherwise its predecessors'.
    chosen = {
        pid: ({report.agency_id: by[report.agency_id]} if report.agency_id in by else by) for pid, by in senders.items()
    }
    figures = {pid: {} for pid in chosen}
    rows = Figure.objects.filter(
        period_id__in=list(chosen), agency_id__in=agency_ids, report__status__in=ActivityReport.RECEIVED_STATUSES
    ).values_list("period_id", "agency_id", "channel__code", "metric__code", "theme__code", "value")
    for period_id, agency_id, channel, metric, theme, value in rows:
        if agency_id in chosen[period_id]:
            cells = figures[period_id]
            cells[(channel, metric, theme)] = cells.get((channel, metric, theme), 0) + value

    def against(p):
        if p is None:
            return None
        names = sorted(chosen.get(p.pk, {}).values())
        return Against(period=p, figures=figures.get(p.pk), agency_names=names)

    return Comparison(previous=against(previous), year_before=against(year_before))


# --- conflicts ------------------------------------------------------------------------


@dataclass
class Conflict:
    version: int
    by: object
    at: object
    narratives: list  # (label, theirs, yours)
    cells: list  # (metric, theme, theirs, yours)


def conflict_with(*, report_pk, grid, form):
    """What the saved report holds that differs from the refused input: the editor decides knowingly (3 queries)."""
    current = ActivityReport.objects.get(pk=report_pk)
    last = current.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    saved = figures_of(current)
    yours = form.figures()
    narratives = [
        (form.fields[name].label, getattr(current, name), form.cleaned_data[name])
        for name in form.NARRATIVES
        if getattr(current, name) != form.cleaned_data[name]
    ]
    cells = [
        (metric, theme, saved.get((metric.pk, theme.pk), 0), yours.get((metric.pk, theme.pk), 0))
        for metric in grid.metrics
        for theme in grid.themes
        if saved.get((metric.pk, theme.pk), 0) != yours.get((metric.pk, theme.pk), 0)
    ]
    return Conflict(
        version=current.version,
        by=last.history_user if last else None,
        at=last.history_date if last else None,
        narratives=narratives,
        cells=cells,
    )


# --- history ------------------------------------------------------------------------


def history_of(report, *, grid=None):
    """The report's history entries with their users, newest first (1 query).

    With the report's ``grid``, each save lists the cells it changed
    ("HT1 · Số tin, bài · ND1: 3 → 5") from the ``last_changes`` the history
    row keeps.
    """
    metrics = {m.pk: m for m in grid.metrics} if grid else {}
    themes = {t.pk: t for t in grid.themes} if grid else {}
    entries = list(report.history.select_related("history_user").order_by("-history_date", "-history_id"))
    for entry in entries:
        entry.event_label, entry.detail = history_event(entry.history_change_reason)
        entry.cell_changes = []
        for metric_id, theme_id, old, new in (entry.last_changes or {}).get("cells", []):
            metric, theme = metrics.get(metric_id), themes.get(theme_id)
            if metric is not None and theme is not None:
                entry.cell_changes.append(f"{metric.channel.code} · {metric.label} · {theme.code}: {old} → {new}")
    return entries


def history_event(change_reason):
    """A history row's ``event:detail`` change reason as ``(the event's label, its detail in words)``."""
    from .services import EVENT_LABELS

    event, _sep, detail = (change_reason or "").partition(":")
    return EVENT_LABELS.get(event, event), _saved_detail(detail) if event == "saved" else detail


def _saved_detail(detail):
    """ "results, 3 cells" as "Kết quả đạt được, 3 ô số liệu"."""
    parts = []
    for token in filter(None, (t.strip() for t in detail.split(","))):
        if token.endswith(" cells") and token.split()[0].isdigit():
            n = int(token.split()[0])
            parts.append(ngettext("%(n)s figure cell", "%(n)s figure cells", n) % {"n": n})
        else:
            try:
                parts.append(str(ActivityReport._meta.get_field(token).verbose_name))
            except FieldDoesNotExist:
                parts.append(token)
    return ", ".join(parts)


def years_with_periods():
    """The years that have month or quarter periods (1 query)."""
    years = ReportingPeriod.objects.filter(kind__in=["month", "quarter"]).values_list("year", flat=True)
    return sorted(set(years.distinct().order_by()))


def today_local() -> datetime.date:
    return timezone.localdate()
