"""The reporting calendar: period windows, working days and deadlines.

Windows follow the data cut-off rule of Decree 09/2019/NĐ-CP Art. 12: a month
runs from the 15th of the previous month to its 14th; a quarter from the 15th
of the month before it to the 14th of its last month; the first half from
15 December to 14 June, the second from 15 June to 14 December; the year from
15 December to 14 December. Windows nest: three months make their quarter.

Deadlines count working days after the cut-off: Saturdays, Sundays and the
``Holiday`` rows (editable data, ``reports/data/holidays.yaml``) do not count.
"""

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from core.datafiles import DataFileError, read_yaml

HOLIDAYS_FILE = Path(__file__).resolve().parent / "data" / "holidays.yaml"

# Working days after the cut-off, per period kind; settings may override.
DEFAULT_DEADLINE_WORKING_DAYS = {"month": 2, "quarter": 2, "half": 2, "year": 2, "phase": 2}
# Working days after the deadline until the period locks.
DEFAULT_LOCK_WORKING_DAYS = {"month": 10, "quarter": 15, "half": 20, "year": 20, "phase": 30}

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Window:
    kind: str
    year: int
    number: int
    code: str
    start: datetime.date
    end: datetime.date


def _cutoff_start(year: int, month: int) -> datetime.date:
    """The 15th of the month before ``month`` of ``year``."""
    if month == 1:
        return datetime.date(year - 1, 12, 15)
    return datetime.date(year, month - 1, 15)


def month_window(year: int, month: int) -> Window:
    return Window(
        "month", year, month, f"{year}-M{month:02d}", _cutoff_start(year, month), datetime.date(year, month, 14)
    )


def quarter_window(year: int, quarter: int) -> Window:
    first, last = 3 * quarter - 2, 3 * quarter
    return Window(
        "quarter", year, quarter, f"{year}-Q{quarter}", _cutoff_start(year, first), datetime.date(year, last, 14)
    )


def half_window(year: int, half: int) -> Window:
    first, last = (1, 6) if half == 1 else (7, 12)
    return Window("half", year, half, f"{year}-H{half}", _cutoff_start(year, first), datetime.date(year, last, 14))


def year_window(year: int) -> Window:
    return Window("year", year, 0, f"{year}-Y", _cutoff_start(year, 1), datetime.date(year, 12, 14))


def phase_window(start_year: int, end_year: int) -> Window:
    return Window(
        "phase",
        start_year,
        0,
        f"{start_year}-{end_year}",
        _cutoff_start(start_year, 1),
        datetime.date(end_year, 12, 14),
    )


def windows_of_year(year: int) -> list[Window]:
    """Every month, quarter, half and the year itself, in order of their cut-off."""
    windows = [month_window(year, m) for m in range(1, 13)]
    windows += [quarter_window(year, q) for q in range(1, 5)]
    windows += [half_window(year, h) for h in (1, 2)]
    windows.append(year_window(year))
    return windows


def period_for_day_window(kind: str, day: datetime.date) -> Window:
    """The window of ``kind`` (month or quarter) that contains ``day``."""
    # Days from the 15th belong to the next month's window.
    year, month = (day.year, day.month)
    if day.day >= 15:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if kind == "month":
        return month_window(year, month)
    return quarter_window(year, (month - 1) // 3 + 1)


# --- windows of windows ---------------------------------------------------------

# The kinds of period agencies send reports for; a half-year, year or phase adds up those inside it.
SUBMISSION_KINDS = ("month", "quarter")


def counts_in(period, window) -> bool:
    """Whether the reports of ``period`` count in ``window``: a month or quarter inside it (the windows nest).

    ``period`` and ``window``: anything with ``kind``, ``start`` and ``end`` (a ``ReportingPeriod``, a row, a
    ``Window``)."""
    return period.kind in SUBMISSION_KINDS and window.start <= period.start and period.end <= window.end


def previous_window(period) -> Window | None:
    """The window before ``period`` of the same kind, or None (a phase has none)."""
    kind, year, number = period.kind, period.year, period.number
    if kind == "month":
        return month_window(year - 1, 12) if number == 1 else month_window(year, number - 1)
    if kind == "quarter":
        return quarter_window(year - 1, 4) if number == 1 else quarter_window(year, number - 1)
    if kind == "half":
        return half_window(year - 1, 2) if number == 1 else half_window(year, 1)
    if kind == "year":
        return year_window(year - 1)
    return None


def year_before_window(period) -> Window | None:
    """The same window a year before; None for a year (it is the previous one) and a phase."""
    factories = {"month": month_window, "quarter": quarter_window, "half": half_window}
    return factories[period.kind](period.year - 1, period.number) if period.kind in factories else None


def trend_windows(period) -> list[Window]:
    """The windows a year or phase shows its trend over: the quarters of a year, the years of a phase."""
    if period.kind == "year":
        return [quarter_window(period.year, q) for q in range(1, 5)]
    if period.kind == "phase":
        first, last = period.start.year + 1, period.end.year  # the phase window starts on 15 Dec before its first year
        return [year_window(y) for y in range(first, last + 1)]
    return []


# --- working days ---------------------------------------------------------------


def holiday_dates(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    from .models import Holiday

    return frozenset(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def is_working_day(day: datetime.date, holidays: frozenset) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(day: datetime.date, count: int, holidays: frozenset) -> datetime.date:
    """The ``count``-th working day after ``day`` (``day`` itself never counts)."""
    current = day
    remaining = count
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date, holidays: frozenset) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -working_days_between(end, start, holidays)
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays):
            count += 1
    return count


def deadline_days(kind: str) -> int:
    return getattr(settings, "REPORTS_DEADLINE_WORKING_DAYS", {}).get(kind, DEFAULT_DEADLINE_WORKING_DAYS[kind])


def lock_days(kind: str) -> int:
    return getattr(settings, "REPORTS_LOCK_WORKING_DAYS", {}).get(kind, DEFAULT_LOCK_WORKING_DAYS[kind])


def deadline_for(window: Window, holidays: frozenset) -> datetime.date:
    return add_working_days(window.end, deadline_days(window.kind), holidays)


def lock_date_for(window: Window, deadline: datetime.date, holidays: frozenset) -> datetime.date:
    return add_working_days(deadline, lock_days(window.kind), holidays)


# --- labels ---------------------------------------------------------------------


def period_label(period) -> str:
    """A period's name as a title or a column heading: "Tháng 5/2024", "Quý II/2024", "6 tháng đầu năm 2024"."""
    return _label(get_language(), period.kind, period.year, period.number, period.code)


def period_label_in_sentence(period) -> str:
    """The period inside running text (an e-mail's sentence): "tháng 5 năm 2024", "quý II năm 2024"."""
    return _sentence_label(get_language(), period.kind, period.year, period.number, period.code)


def label_for(kind, year, number, code="") -> str:
    """``period_label`` from the period's parts (a row read as values)."""
    return _label(get_language(), kind, year, number, code)


# Period pickers show a hundred labels or more on every page: translate each
# once per language and process (the catalogues do not change while it runs).
@functools.lru_cache(maxsize=8192)
def _label(language, kind, year, number, code) -> str:  # ``language`` keys the cache
    if kind == "month":
        return _("Month %(number)s/%(year)s") % {"number": number, "year": year}
    if kind == "quarter":
        return _("Quarter %(roman)s/%(year)s") % {"roman": ROMAN.get(number, number), "year": year}
    if kind == "half":
        if number == 1:
            return _("First half of %(year)s") % {"year": year}
        return _("Second half of %(year)s") % {"year": year}
    if kind == "year":
        return _("Year %(year)s") % {"year": year}
    return _("Phase %(code)s") % {"code": code}


@functools.lru_cache(maxsize=1024)
def _sentence_label(language, kind, year, number, code) -> str:  # ``language`` keys the cache
    # The same msgids as the titles, in the context "in a sentence": lower case, and the year spelt out.
    if kind == "month":
        return pgettext("in a sentence", "Month %(number)s/%(year)s") % {"number": number, "year": year}
    if kind == "quarter":
        roman = ROMAN.get(number, number)
        return pgettext("in a sentence", "Quarter %(roman)s/%(year)s") % {"roman": roman, "year": year}
    if kind == "year":
        return pgettext("in a sentence", "Year %(year)s") % {"year": year}
    if kind == "phase":
        return pgettext("in a sentence", "Phase %(code)s") % {"code": code}
    return _label(language, kind, year, number, code)  # a half reads the same in both places


# --- loading --------------------------------------------------------------------


def load_holidays(*, path: Path | None = None, stdout=None) -> int:
    """Add the holidays of the data file that are not in the database yet.

    Existing rows (possibly corrected in the admin) are left alone, so running
    it twice changes nothing. Returns the number of rows added; raises
    ``DataFileError`` naming the entry at the first malformed one.
    """
    from .models import Holiday

    root = read_yaml(path or HOLIDAYS_FILE)
    existing = set(Holiday.objects.values_list("date", flat=True))
    added = []
    for entry in root.entries("holidays"):
        day = entry.date("date", required=True)
        if day in existing:
            continue
        if day.weekday() >= 5:
            raise DataFileError(f"{entry.where}: {day} is a weekend day; list only weekdays off")
        added.append(Holiday(date=day, name=entry.str("name", max_length=200), lunar=entry.bool("lunar")))
        existing.add(day)
    Holiday.objects.bulk_create(added)
    if stdout is not None:
        stdout.write(f"Holidays: {len(added)} added")
    return len(added)


def generate_periods(*, plan, years=None, stdout=None) -> int:
    """Create the missing reporting periods of ``plan``'s years (or ``years``, which must be among them), and its phase.

    Deadlines and lock dates come from the working-day rule; periods already
    in the database keep their dates (a reviewer may have moved a deadline),
    so running it twice changes nothing. Returns the number created.
    """
    from .models import ReportingPeriod

    years = list(years or range(plan.start_year, plan.end_year + 1))
    if outside := [year for year in years if not plan.start_year <= year <= plan.end_year]:
        # A year's periods belong to the plan of that year (issue 14 §6): never file 2026 under 2021–2025.
        raise ValueError(f"{plan.code} covers {plan.start_year}-{plan.end_year}, not {outside}")
    windows = [w for year in years for w in windows_of_year(year)]
    if years == list(range(plan.start_year, plan.end_year + 1)) or plan.start_year in years:
        windows.append(phase_window(plan.start_year, plan.end_year))
    existing = set(ReportingPeriod.objects.filter(code__in=[w.code for w in windows]).values_list("code", flat=True))
    holidays = holiday_dates(min(w.start for w in windows), max(w.end for w in windows) + datetime.timedelta(days=90))
    created = []
    for window in windows:
        if window.code in existing:
            continue
        deadline = deadline_for(window, holidays)
        created.append(
            ReportingPeriod(
                plan=plan,
                kind=window.kind,
                code=window.code,
                year=window.year,
                number=window.number,
                start=window.start,
                end=window.end,
                deadline=deadline,
                lock_date=lock_date_for(window, deadline, holidays),
            )
        )
    ReportingPeriod.objects.bulk_create(created)
    if stdout is not None:
        stdout.write(f"Reporting periods of {plan.code}: {len(created)} added")
    return len(created)


def load_calendar(*, stdout=None):
    """PLAN_LOADERS step: the holidays, then every plan's reporting periods."""
    from campaigns.models import Plan

    load_holidays(stdout=stdout)
    for plan in Plan.objects.order_by("start_year"):
        generate_periods(plan=plan, stdout=stdout)


_NUMERALS = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """``number`` (1 to 39) in Roman numerals: quarters (I–IV), a document's sections and its table's groups."""
    if not 0 < number < 40:
        raise ValueError(f"no Roman numeral here for {number}")
    out = []
    for value, numeral in _NUMERALS:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)
