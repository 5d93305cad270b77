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


def _done_by(bounds: dict[str, Any], reported: dict[str, Any] | None) -> date | None:
    """The first day the change is certainly done: the latest day, or the day after it when it
    comes only from a reported year or month (docs/rules.md#certainty)."""
    latest = _day(bounds["latest"])
    if latest is None:
        return None
    exact = (reported is None or _one_day(reported) or _day(reported["latest"]) != latest
             or any(r["kind"] != "REPORTED_DATE" and r["date"] == bounds["latest"] for r in bounds["reasons"]))
    return latest if exact else latest + DAY


def of(stint: dict[str, Any], others: list[Spans] | None = None) -> Spans:
    """The spans of a stint as the GraphQL documents return it (``start``/``end`` with
    ``precision``, ``startBounds``/``endBounds`` with their reasons, ``observed``), by the rule of
    ``projections/rules/stint.py``. An observed stint is possible on the days around its
    observations that ``others`` (the spans of the stints moves built) leave uncertain."""
    start, end = stint.get("startBounds"), stint.get("endBounds")
    if start is None or end is None:  # a document without the bounds: the reported dates alone
        start = _reported(stint.get("start"))
        end = _reported(stint.get("end"))
    observed = bool(stint.get("observed"))
    start_done, end_done = _done_by(start, stint.get("start")), _done_by(end, stint.get("end"))
    end_earliest = _day(end["earliest"])
    has_end = stint.get("end") is not None or observed or end_done is not None
    certain_until = (end_earliest - DAY if end_earliest else date.min) if has_end else None
    if start_done is not None:
        certain_from: date | None = start_done
        if has_end and end_earliest is None:
            certain_until = start_done
    elif has_end and end_earliest is not None:
        certain_from = certain_until
    else:
        certain_from, certain_until = date.max, date.min
    possible_from, possible_until = _day(start["earliest"]), end_done - DAY if end_done else None
    if observed:
        seen = [d for d in (_day(start["latest"]), end_earliest and end_earliest - DAY) if d] or [
            (end_done or date.max) - DAY]
        open_from, open_until = _gap(others or [], min(seen), max(seen), ended=start_done is None)
        possible_from = open_from
        possible_until = open_until if possible_until is None else min(possible_until, open_until or date.max)
    return Spans(possible_from, certain_from, certain_until, possible_until)


def _reported(fuzzy: dict[str, Any] | None) -> dict[str, Any]:
    if fuzzy is None:
        return {"earliest": None, "latest": None, "reasons": []}
    return {"earliest": fuzzy["earliest"], "latest": fuzzy["latest"], "reasons": []}


def _gap(others: list[Spans], lo: date, hi: date, ended: bool) -> tuple[date | None, date | None]:
    """The days around ``[lo, hi]`` that no certain span of ``others`` covers (for a stint known
    only to have ended, the last such stretch before ``hi``)."""
    certain = [(s.certain_from or date.min, s.certain_until or date.max) for s in others if s.has_certain]
    if ended:
        for _ in certain:
            held = [f for f, u in certain if f <= hi <= u]
            if not held:
                break
            hi = lo = min(held) - DAY
    before = [min(u, lo - DAY) + DAY for f, u in certain if f < lo]
    after = [max(f, hi + DAY) - DAY for f, u in certain if u > hi]
    return (max(before) if before else None), (min(after) if after else None)


def timeline(stints: list[dict[str, Any]]) -> list[Spans]:
    """The spans of every stint of a timeline, observed stints placed around the others."""
    moved = {i: of(s) for i, s in enumerate(stints) if not s.get("observed")}
    others = list(moved.values())
    return [moved[i] if i in moved else of(s, others) for i, s in enumerate(stints)]
