"""Comparing fuzzy dates: whether two periods can be the same moment, and the finer of two; the
day before and after a date, which stay on the calendar at an open side (``date.min``/``date.max``:
``docs/domain.md#date-expressions``)."""

from __future__ import annotations

from datetime import date, timedelta

from events.fuzzydate import FuzzyDate

_DAY = timedelta(days=1)


def day_before(on: date) -> date:
    """The previous day; the beginning of the calendar stays itself (an open start)."""
    return on - _DAY if on > date.min else on


def day_after(on: date) -> date:
    """The next day; the end of the calendar stays itself (an open end)."""
    return on + _DAY if on < date.max else on


def overlap(a: FuzzyDate, b: FuzzyDate) -> bool:
    """The two periods share at least one day (``2025`` and ``2025-07`` do)."""
    return a.earliest <= b.latest and b.earliest <= a.latest


def finer(a: FuzzyDate, b: FuzzyDate) -> FuzzyDate:
    """The shorter period of the two (``a`` when they are as long)."""
    return b if (b.latest - b.earliest) < (a.latest - a.earliest) else a
