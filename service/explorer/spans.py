"""Where a stint is certain and where it is only possible, from the dates the API returns.

The contract gives a stint's ``start`` and ``end`` as fuzzy dates (``earliest``..``latest``) and
the certainty on one asked-about date (``employments(at:)``), not the spans themselves. This is
the certainty rule of the contract read backwards: a stint starting ``2025-07`` is possibly there
from 1 July and certainly from 1 August; one ending ``2025`` certainly until 31 December 2024 and
possibly until 31 December 2025; an unknown start is possible from the beginning of time. A test
checks these spans against ``employments(at:)`` on the seed data, so the two cannot drift apart.
When ``startBounds``/``endBounds`` land (issue 13), ``of`` reads them instead: the bounds then
narrow the spans by publication dates and affiliations. See docs/explorer.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Spans:
    """Inclusive days; None on a side means open (unknown start, or still there)."""

    possible_from: date | None
    certain_from: date | None
    certain_until: date | None
    possible_until: date | None

    @property
    def has_certain(self) -> bool:
        """Whether any day is certain (an unknown start with no end is never certain)."""
        if self.certain_from is None:
            return False
        return self.certain_until is None or self.certain_from <= self.certain_until

    def certainty(self, day: date) -> str | None:
        """CERTAIN, POSSIBLE or None on ``day``, as ``employments(at:)`` would say."""
        if self.has_certain and self.certain_from is not None and self.certain_from <= day and (
            self.certain_until is None or day <= self.certain_until
        ):
            return "CERTAIN"
        if (self.possible_from is None or self.possible_from <= day) and (
            self.possible_until is None or day <= self.possible_until
        ):
            return "POSSIBLE"
        return None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _one_day(fuzzy: dict[str, Any]) -> bool:
    """A period of one known day (``2025-09-03``): a range of days is not, whatever its ends."""
    return fuzzy["earliest"] is not None and fuzzy["earliest"] == fuzzy["latest"]


def _before(day: date | None) -> date | None:
    return day - DAY if day is not None and day > date.min else day


def of(stint: dict[str, Any]) -> Spans:
    """The spans of a stint as the GraphQL documents return it (``start``/``end`` with ``earliest``
    and ``latest``, null on an open side: docs/domain.md#date-expressions)."""
    start, end = stint.get("start"), stint.get("end")
    certain_until = possible_until = None
    if end is not None:
        certain_until = _before(_day(end["earliest"]))
        possible_until = _before(_day(end["earliest"])) if _one_day(end) else _day(end["latest"])
    if start is None:
        # Unknown start: certain only on the last day before the earliest possible end.
        certain_from, possible_from = certain_until, None
    else:
        possible_from = _day(start["earliest"])  # None when open at the beginning: as an unknown start
        latest = _day(start["latest"])
        certain_from = possible_from if _one_day(start) else (latest + DAY if latest is not None else None)
    if (end is not None and end["earliest"] is None) or (start is not None and start["latest"] is None):
        # Left on or before a day, or joined on or after one: never certainly there.
        certain_from = certain_until = None
    return Spans(possible_from, certain_from, certain_until, possible_until)
