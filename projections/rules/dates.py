"""Comparing fuzzy dates: whether two periods can be the same moment, and the finer of two."""

from __future__ import annotations

from events.fuzzydate import FuzzyDate


def overlap(a: FuzzyDate, b: FuzzyDate) -> bool:
    """The two periods share at least one day (``2025`` and ``2025-07`` do)."""
    return a.earliest <= b.latest and b.earliest <= a.latest


def finer(a: FuzzyDate, b: FuzzyDate) -> FuzzyDate:
    """The shorter period of the two (``a`` when they are as long)."""
    return b if (b.latest - b.earliest) < (a.latest - a.earliest) else a
