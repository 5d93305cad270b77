"""The fold of a person's accepted moves into stints (``projections/README.md``: the same move,
order of nested periods, stint status, certainty at the edges).

Moves are folded in effective-date order: a departure closes the open stint at that company (or
refines the end of one already closed on an overlapping period, or opens a stint with unknown
start), an arrival opens a stint (or refines the start of one opened on an overlapping period).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from events.base import POSITIVE_RANK, ClaimKind, ClaimStatus
from events.fuzzydate import FuzzyDate
from projections.model import Certainty
from projections.rules.bounds import BEGINNING, FOREVER, certainty_on
from projections.rules.claims import ClaimState
from projections.rules.dates import day_after, day_before, finer, overlap
from projections.rules.orgs import OrgTree


@dataclass(slots=True)
class Stint:
    """A period at one organization, from the claims that opened and closed it."""

    organization_id: str
    start: FuzzyDate | None
    end: FuzzyDate | None = None
    role: str | None = None
    start_claims: list[ClaimState] = field(default_factory=list)
    end_claims: list[ClaimState] = field(default_factory=list)

    @property
    def status(self) -> ClaimStatus:
        """The best status among the claims that opened it (for an unknown start, that closed it)."""
        claims = self.start_claims or self.end_claims
        return max((c.status for c in claims if c.status), key=lambda s: POSITIVE_RANK.get(s, 0))

    @property
    def claim_ids(self) -> list[str]:
        return list(dict.fromkeys(c.id for c in self.start_claims + self.end_claims))

    @property
    def source_ids(self) -> list[str]:
        return list(dict.fromkeys(
            r.source_id for c in self.start_claims + self.end_claims for r in c.reports
            if r.status in POSITIVE_RANK
        ))

    @property
    def possible_from(self) -> date:
        return self.start.earliest if self.start else BEGINNING

    @property
    def certain_until(self) -> date:
        return day_before(self.end.earliest) if self.end else FOREVER

    @property
    def possible_until(self) -> date:
        if self.end is None:
            return FOREVER
        # One known day: gone that day. A longer period (a range too): possibly there to its last day.
        return day_before(self.end.earliest) if self.end.exact else self.end.latest

    @property
    def certain_from(self) -> date:
        if self.start is None:
            # Unknown start: certain only on the last day before the earliest possible end.
            return self.certain_until
        return self.start.earliest if self.start.exact else day_after(self.start.latest)

    def certainty(self, on: date) -> Certainty | None:
        return certainty_on(self, on)


class _Fold:
    def __init__(self, orgs: OrgTree) -> None:
        self.orgs = orgs
        self.stints: list[Stint] = []

    def _refine_org(self, stint: Stint, org_id: str) -> None:
        if org_id != stint.organization_id and self.orgs.is_within(org_id, stint.organization_id):
            stint.organization_id = org_id

    def depart(self, claim: ClaimState, org_id: str) -> None:
        company = self.orgs.root(org_id)
        open_here = [s for s in self.stints if s.end is None and self.orgs.root(s.organization_id) == company]
        exact = [s for s in open_here if s.organization_id == org_id]
        candidates = exact or open_here
        if candidates:
            stint = max(candidates, key=lambda s: s.possible_from)
            stint.end = claim.effective
        else:
            closed = [
                s for s in self.stints
                if s.end is not None and self.orgs.root(s.organization_id) == company
                and overlap(s.end, claim.effective)
            ]
            if closed:
                stint = closed[-1]
                stint.end = finer(stint.end, claim.effective)  # type: ignore[arg-type]
            else:
                role = claim.role if claim.kind is ClaimKind.DEPARTURE else None
                stint = Stint(org_id, None, claim.effective, role)
                self.stints.append(stint)
        self._refine_org(stint, org_id)
        stint.end_claims.append(claim)

    def arrive(self, claim: ClaimState, org_id: str) -> None:
        company = self.orgs.root(org_id)
        same = [
            s for s in self.stints
            if s.start is not None and self.orgs.root(s.organization_id) == company
            and overlap(s.start, claim.effective)
        ]
        if same:
            stint = same[-1]
            stint.start = finer(stint.start, claim.effective)  # type: ignore[arg-type]
            stint.role = stint.role or claim.role
            self._refine_org(stint, org_id)
        else:
            stint = Stint(org_id, claim.effective, None, claim.role)
            self.stints.append(stint)
        stint.start_claims.append(claim)


def fold(accepted: Iterable[ClaimState], orgs: OrgTree) -> list[Stint]:
    """The stints the accepted claims describe, in the order they were opened."""
    folding = _Fold(orgs)
    # Periods that nest (2025 and 2025-07) are ordered by their end, so the finer one comes first;
    # equal periods keep recorded order (a boomerang reported as two moves in one month).
    for claim in sorted(accepted, key=lambda c: (c.effective.latest, c.effective.earliest, c.first_position)):
        if claim.from_id:
            folding.depart(claim, claim.from_id)
        if claim.to_id:
            folding.arrive(claim, claim.to_id)
    return folding.stints
