"""Certainty on a date from a stint's four date bounds (``projections/README.md``, certainty at
the edges): CERTAIN inside the certain bounds, POSSIBLE inside the possible ones."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from projections.model import Certainty

DAY = timedelta(days=1)
BEGINNING = date.min
FOREVER = date.max


class DateBounds(Protocol):
    """Anything with the four bounds: a computed ``Stint`` or a materialized stint row."""

    @property
    def possible_from(self) -> date: ...
    @property
    def certain_from(self) -> date: ...
    @property
    def certain_until(self) -> date: ...
    @property
    def possible_until(self) -> date: ...


def certainty_on(bounds: DateBounds, on: date) -> Certainty | None:
    """CERTAIN inside the certain bounds, POSSIBLE inside the possible ones, else not holding."""
    if bounds.certain_from <= on <= bounds.certain_until:
        return Certainty.CERTAIN
    if bounds.possible_from <= on <= bounds.possible_until:
        return Certainty.POSSIBLE
    return None
