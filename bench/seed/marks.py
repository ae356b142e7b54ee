"""What marks a row as synthetic, and the published password of the synthetic users."""

import datetime
from zoneinfo import ZoneInfo

SEED_USER = "syn-seed"
AGENCY_PREFIX = "SYN-"
USER_PREFIX = "syn-"
SLUG_PREFIX = "syn-"
PLAN_PREFIX = "syn-"
PASSWORD = "syn-password"  # noqa: S105 — synthetic users of a benchmark database
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, rng):
    """A working-hours moment of ``day`` in Lào Cai's time zone."""
    return datetime.datetime.combine(day, datetime.time(rng.randint(7, 17), rng.randint(0, 59)), tzinfo=TZ)
