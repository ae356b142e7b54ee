"""Helpers of the demo data (``manage.py seed_demo``), shared by the apps' demo seeders."""

import datetime
from contextlib import contextmanager

from django.utils import timezone


@contextmanager
def at(day: datetime.date, hour: int, minute: int = 0):
    """Run the block as if it were ``day`` at ``hour``:``minute``, local time, the clock ticking on from there.

    The demo lives its past through the product's own services, which stamp every step with the time
    they run at and check deadlines and lock dates against today: moving the clock (``time_machine``,
    imported here only, never by the product itself) makes the history, the timeliness and the
    documents read as if the year had been lived.
    """
    import time_machine

    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    with time_machine.travel(moment, tick=True):
        yield
