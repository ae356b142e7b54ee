"""The province tests share the reports tests' plan grid, period and reports (``tests/reports/conftest.py``)."""

from tests.reports.conftest import _empty_cache, metrics, period, plan, report_a, report_b, themes  # noqa: F401
