"""A stint: a period at one organization, from the claims that opened and closed it, with the
bounds of its start and end (docs/rules.md#bounds) and its certainty on a date computed from them
(docs/rules.md#certainty).

``settle`` turns the constraints into the four days certainty needs; call it after any change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from events.base import POSITIVE_RANK, ClaimStatus
from events.fuzzydate import FuzzyDate
from projections.model import Certainty
from projections.rules.bounds import BEGINNING, FOREVER, certainty_on
from projections.rules.claims import ClaimState
from projections.rules.dates import day_before
from projections.rules.sides import Constraint, Resolved, reported, resolve


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
    start_bounds: Resolved = field(default_factory=Resolved)
    end_bounds: Resolved = field(default_factory=Resolved)
    possible_from: date = BEGINNING
    certain_from: date = FOREVER
    certain_until: date = FOREVER
    possible_until: date = FOREVER

    @property
    def status(self) -> ClaimStatus:
        """The best status among the claims that opened it (for an unknown start, that closed it;
        for an observed stint, its affiliations)."""
        claims = self.start_claims or self.end_claims or self.affiliation_claims
        return max((c.status for c in claims if c.status), key=lambda s: POSITIVE_RANK.get(s, 0))

    @property
    def claims(self) -> list[ClaimState]:
        return self.start_claims + self.end_claims + self.affiliation_claims

    @property
    def claim_ids(self) -> list[str]:
        return list(dict.fromkeys(c.id for c in self.claims))

    @property
    def source_ids(self) -> list[str]:
        return list(dict.fromkeys(r.source_id for c in self.claims for r in c.reports if r.status in POSITIVE_RANK))

    @property
    def anomalies(self) -> list[str]:
        return self.start_bounds.anomalies + self.end_bounds.anomalies

    def _reported(self, value: FuzzyDate | None, claims: list[ClaimState]) -> list[Constraint]:
        if value is None:
            return []
        by = next((c.id for c in claims if c.effective == value), claims[0].id if claims else None)
        return [reported(value, by)]

    def settle(self) -> Stint:
        """Resolve both sides' bounds and the four days of certainty from them."""
        self.start_bounds = resolve(self._reported(self.start, self.start_claims) + self.start_extra, "start")
        self.end_bounds = resolve(self._reported(self.end, self.end_claims) + self.end_extra, "end",
                                  self.start_bounds.earliest)
        start, end = self.start_bounds, self.end_bounds
        self.possible_from = start.earliest or (self.open_from if self.observed else BEGINNING)
        self.possible_until = min(day_before(end.done_by) if end.done_by else FOREVER, self.open_until)
        # A stint no move closed is open, whatever an affiliation says of its end's earliest day;
        # an observed stint's end is unknown, not open.
        has_end = self.end is not None or self.ended or self.observed or end.done_by is not None
        if not has_end:
            self.certain_until = FOREVER
        else:
            self.certain_until = day_before(end.earliest) if end.earliest else BEGINNING
        if start.done_by is not None:
            self.certain_from = start.done_by
            if has_end and end.earliest is None:
                self.certain_until = self.certain_from  # ended at an unknown day: certain only on its first
        elif has_end and end.earliest is not None:
            self.certain_from = self.certain_until  # unknown start: certain only on the day before its end
        else:
            self.certain_from, self.certain_until = FOREVER, BEGINNING  # never certain
        return self

    def certainty(self, on: date) -> Certainty | None:
        return certainty_on(self, on)
