"""The bounds of one side of a stint (its start or its end: a transition's day), from constraints of
three kinds (docs/rules.md#bounds): the reported date, the publication bound and affiliations.

The bounds are the intersection of the constraints. Where they contradict each other (an empty
intersection), the weakest is dropped: an affiliation before a publication bound before a reported
date; the dropped one becomes an anomaly (a plain sentence). Bounds never widen a reported date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from events.fuzzydate import FuzzyDate
from projections.model import BoundReason as Reason
from projections.model import DateBounds
from projections.rules.dates import day_after

RECENT = 256
"""Entries kept by the fold's remembered functions (settling, bounds): a replay asks again for the
stints of the person it folds, so the latest few hundred serve it as well as thousands (same hits
at 30k events), and entries that die young stay out of the garbage collector's oldest generation,
whose full scans a larger cache made more frequent and slower (1.2 s against 0.7 s of collection
in the fold of 30k events)."""

REPORTED_DATE, PUBLICATION, AFFILIATION = "REPORTED_DATE", "PUBLICATION", "AFFILIATION"
STRENGTH = {AFFILIATION: 0, PUBLICATION: 1, REPORTED_DATE: 2}
WORDS = {REPORTED_DATE: "reported date", PUBLICATION: "publication bound", AFFILIATION: "affiliation"}


class Constraint(NamedTuple):
    """The transition happened on or after ``earliest`` and on or before ``latest`` (None: no word).

    ``exact``: on ``latest`` the change is certainly done (a day, a publication, an observation);
    a reported year or month is not exact: its last day is only possibly done (docs/rules.md#certainty).

    A named tuple, not a frozen dataclass: every build of a timeline makes and hashes these (settling
    a stint is remembered by its constraints), and a tuple's creation and hash run in C.
    """

    kind: str
    earliest: date | None
    latest: date | None
    exact: bool = True
    claim_id: str | None = None
    source_id: str | None = None

    def reasons(self) -> list[Reason]:
        days = dict.fromkeys(d for d in (self.earliest, self.latest) if d is not None)
        return [Reason(self.kind, d, self.claim_id, self.source_id) for d in days]

    def describe(self) -> str:
        if self.earliest and self.latest and self.earliest != self.latest:
            span = f"between {self.earliest} and {self.latest}"
        elif self.earliest and self.latest:
            span = f"on {self.earliest}"
        else:
            span = f"on or after {self.earliest}" if self.earliest else f"on or before {self.latest}"
        by = f" (source {self.source_id})" if self.source_id else (f" (claim {self.claim_id})" if self.claim_id else "")
        return f"the {WORDS[self.kind]} {span}{by}"


def reported(value: FuzzyDate, claim_id: str | None) -> Constraint:
    """A reported date: the whole period it names; an open side (``[..2025-09-03]``) says nothing
    on that side (docs/domain.md#date-expressions)."""
    return Constraint(
        REPORTED_DATE, None if value.open_start else value.earliest, None if value.open_end else value.latest,
        value.exact, claim_id,
    )


@dataclass(slots=True)
class Resolved:
    """One side's bounds: ``earliest``/``latest`` (None: unknown), ``done_by`` (the first day the
    change is certainly done, None: unknown), every reason kept, and the anomalies."""

    earliest: date | None = None
    latest: date | None = None
    done_by: date | None = None
    reasons: list[Reason] = field(default_factory=list)
    anomalies: list[str] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return self.earliest is not None or self.latest is not None

    def view(self) -> DateBounds:
        return DateBounds(self.earliest, self.latest, list(self.reasons))


def resolve(constraints: list[Constraint], side: str, floor: date | None = None) -> Resolved:
    """Intersect the constraints, strongest first, dropping any that would empty the intersection
    (or put it before ``floor``, the earliest day of the stint's start, for an end).

    Remembered for the latest inputs: a belief replay settles the same stints after every event
    of a person. The result is shared, so it is never changed after it is made."""
    return _resolve(tuple(constraints), side, floor)


@lru_cache(maxsize=RECENT)
def _resolve(constraints: tuple[Constraint, ...], side: str, floor: date | None) -> Resolved:
    found = Resolved()
    earliest: date | None = None
    latest: date | None = None
    kept: list[Constraint] = []
    for c in sorted(constraints, key=_weakness) if len(constraints) > 1 else constraints:
        lo = earliest if c.earliest is None else c.earliest if earliest is None else max(earliest, c.earliest)
        hi = latest if c.latest is None else c.latest if latest is None else min(latest, c.latest)
        if hi is not None and ((lo is not None and lo > hi) or (floor is not None and hi < floor)):
            found.anomalies.append(
                f"The {side}: {c.describe()} contradicts the stronger evidence and was left out."
            )
            continue
        earliest, latest = lo, hi
        if c.latest is not None:
            done = c.latest if c.exact else day_after(c.latest)
            found.done_by = done if found.done_by is None else min(found.done_by, done)
        kept.append(c)
    found.earliest, found.latest = earliest, latest
    # The reasons are the constraints that set the earliest or the latest day (several when they agree).
    binding = {earliest, latest}
    reasons = [r for c in kept for r in c.reasons() if r.date in binding]
    found.reasons = sorted(reasons, key=_by_day) if len(reasons) > 1 else reasons
    return found


def _weakness(c: Constraint) -> int:
    return -STRENGTH[c.kind]


def _by_day(r: Reason) -> tuple[date, int]:
    return r.date, -STRENGTH[r.kind]
