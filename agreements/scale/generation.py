"""The state one generation run shares between the modules that make its rows."""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal

from django.utils import timezone

from agreements.scale.sizes import Size, ValueType


def default_end_year(today: datetime.date) -> int:
    """The framework ends in the current year, so that its last half year is the one open now."""
    return today.year


class Generation:
    """One run: its size, one seeded random stream and the framework years; the counts made are in `counts`.

    Every random draw comes from `random`, in the order the tables are made: the same seed gives the same
    data only while that order stays the same.
    """

    def __init__(self, size: Size, *, seed: int, end_year: int, today: datetime.date):
        self.size, self.random, self.today = size, random.Random(seed), today
        self.years = list(range(end_year - size.years + 1, end_year + 1))
        self.counts: dict[str, int] = {}
        # Seconds per kind of row (making and inserting them), for the command's report.
        self.seconds: dict[str, float] = {}
        self.clock = time.perf_counter()
        # Timestamps from fixed dates, not from the clock, so a second run gives the same data.
        self.tz = timezone.get_current_timezone()

    def at(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=self.tz)

    def made(self, name: str, objects: list) -> list:
        """Count the objects under name, with the seconds since the last count; returns them."""
        self.counts[name] = self.counts.get(name, 0) + len(objects)
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self.clock
        self.clock = now
        return objects

    def level(self, value_type: str) -> Decimal:
        """A plausible value of the type (a target, a baseline or a realised value)."""
        rnd = self.random
        if value_type == ValueType.PERCENTAGE:
            return Decimal(rnd.randint(55, 99))
        if value_type == ValueType.GRADE:
            return Decimal(rnd.randint(60, 90)) / 10
        if value_type == ValueType.AMOUNT:
            return Decimal(rnd.randint(1000, 50000))
        if value_type == ValueType.YES_NO:
            return Decimal(rnd.randint(0, 1))
        return Decimal(rnd.randint(5, 120))
