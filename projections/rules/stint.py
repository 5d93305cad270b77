"""A stint: a period at one organization, from the claims that opened and closed it, with the
bounds of its start and end (docs/rules.md#bounds) and its certainty on a date computed from them
(docs/rules.md#certainty).

``settle`` turns the constraints into the four days certainty needs; call it after any change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from events.base import POSITIVE_RANK, ClaimStatus
from events.fuzzydate import FuzzyDate
from projections.model import Certainty
from projections.rules.bounds import BEGINNING, FOREVER, certainty_on
from projections.rules.claims import ClaimState
from projections.rules.dates import day_before
from projections.rules.sides import RECENT, Constraint, Resolved, reported, resolve

UNSETTLED = Resolved()
"""The bounds of a stint not settled yet (shared: bounds are never changed once made)."""


@dataclass(slots=True)
class Stint:
    """A period at one organization, from the claims that opened and closed it."""

    organization_id: str
    start: FuzzyDate | None
    end: FuzzyDate | None = None
    role: str | None = None
    start_claims: list[ClaimState] = field(default_factory=list)
    end_claims: list[ClaimState] = field(default_factory=list)
    affiliation_claims: list[ClaimState] = field(default_factory=list)
    observed: bool = False
    """Created by an affiliation alone (docs/rules.md#affiliations): no move opened or closed it."""
    ended: bool = False
    """An observed stint known only to have ended (a ``FORMER`` affiliation)."""
    start_extra: list[Constraint] = field(default_factory=list)
    end_extra: list[Constraint] = field(default_factory=list)
    seen: tuple[date, date] | None = None
    """For an observed stint: the days it was observed on (the union of its windows)."""
    open_from: date = BEGINNING
    open_until: date = FOREVER
    """For an observed stint: the days the rest of the timeline leaves open around ``seen``."""
    start_bounds: Resolved = field(default_factory=lambda: UNSETTLED)  # ``settle`` sets both
    end_bounds: Resolved = field(default_factory=lambda: UNSETTLED)
    possible_from: date = BEGINNING
    certain_from: date = FOREVER
    certain_until: date = FOREVER
    possible_until: date = FOREVER

    @property
    def status(self) -> ClaimStatus:
        """The best status among the claims that opened it (for an unknown start, that closed it;
        for an observed stint, its affiliations)."""
        claims = self.start_claims or self.end_claims or self.affiliation_claims
        if len(claims) == 1 and claims[0].status:  # the usual case
            return claims[0].status
        return max((c.status for c in claims if c.status), key=_rank)

    @property
    def claims(self) -> list[ClaimState]:
        return self.start_claims + self.end_claims + self.affiliation_claims

    @property
    def claim_ids(self) -> list[str]:
        return list(dict.fromkeys([c.id for c in self.claims]))

    @property
    def source_ids(self) -> list[str]:
        return list(dict.fromkeys([r.source_id for c in self.claims for r in c.reports if r.status in POSITIVE_RANK]))

    @property
    def anomalies(self) -> list[str]:
        return self.start_bounds.anomalies + self.end_bounds.anomalies

    def settle(self) -> Stint:
        """Resolve both sides' bounds and the four days of certainty from them."""
        (self.start_bounds, self.end_bounds, self.possible_from, self.certain_from, self.certain_until,
         self.possible_until) = _settled(
            self.start, _reported_by(self.start, self.start_claims), tuple(self.start_extra),
            self.end, _reported_by(self.end, self.end_claims), tuple(self.end_extra),
            self.observed, self.ended, self.open_from, self.open_until,
        )
        return self

    def certainty(self, on: date) -> Certainty | None:
        return certainty_on(self, on)


def _rank(status: ClaimStatus) -> int:
    return POSITIVE_RANK.get(status, 0)


def _reported_by(value: FuzzyDate | None, claims: list[ClaimState]) -> str | None:
    """The claim a side's reported date is credited to: the first that gives that date, else the first."""
    if value is None:
        return None
    for c in claims:
        if c.effective is value or c.effective == value:  # parsed dates are shared: mostly the same object
            return c.id
    return claims[0].id if claims else None


Settled = tuple[Resolved, Resolved, date, date, date, date]


@lru_cache(maxsize=RECENT)
def _settled(
    start: FuzzyDate | None, start_by: str | None, start_extra: tuple[Constraint, ...],
    end: FuzzyDate | None, end_by: str | None, end_extra: tuple[Constraint, ...],
    observed: bool, ended: bool, open_from: date, open_until: date,
) -> Settled:
    """A stint's bounds and its four days of certainty, from everything they depend on (remembered
    for the latest inputs: a belief replay settles the same stints after every event of a person;
    the bounds are shared, so they are never changed after they are made)."""
    start_bounds = resolve(([reported(start, start_by)] if start is not None else []) + list(start_extra), "start")
    end_bounds = resolve(([reported(end, end_by)] if end is not None else []) + list(end_extra), "end",
                         start_bounds.earliest)
    possible_from = start_bounds.earliest or (open_from if observed else BEGINNING)
    possible_until = min(day_before(end_bounds.done_by) if end_bounds.done_by else FOREVER, open_until)
    # A stint no move closed is open, whatever an affiliation says of its end's earliest day;
    # an observed stint's end is unknown, not open.
    has_end = end is not None or ended or observed or end_bounds.done_by is not None
    certain_until = (day_before(end_bounds.earliest) if end_bounds.earliest else BEGINNING) if has_end else FOREVER
    if start_bounds.done_by is not None:
        certain_from = start_bounds.done_by
        if has_end and end_bounds.earliest is None:
            certain_until = certain_from  # ended at an unknown day: certain only on its first
    elif has_end and end_bounds.earliest is not None:
        certain_from = certain_until  # unknown start: certain only on the day before its end
    else:
        certain_from, certain_until = FOREVER, BEGINNING  # never certain
    return start_bounds, end_bounds, possible_from, certain_from, certain_until, possible_until
