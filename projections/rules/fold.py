"""The fold of a person's accepted moves into stints (``projections/README.md``: the same move,
order of nested periods, stint status, certainty at the edges).

Moves are folded in effective-date order: a departure closes the open stint at that company (or
refines the end of one already closed on an overlapping period, or opens a stint with unknown
start), an arrival opens a stint (or refines the start of one opened on an overlapping period).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from events.base import ClaimKind
from projections.rules.claims import ClaimState
from projections.rules.dates import finer, overlap
from projections.rules.orgs import OrgTree
from projections.rules.stint import Stint

__all__ = ["Stint", "fold"]


class _Fold:
    def __init__(self, orgs: OrgTree) -> None:
        self.orgs = orgs
        self.stints: list[Stint] = []
        self.companies: list[str] = []  # each stint's company, ``orgs.root`` of its organization
        self.at: dict[str, list[Stint]] = {}  # company -> its stints, in the order they were opened

    def _add(self, stint: Stint) -> None:
        company = self.orgs.root(stint.organization_id)
        self.stints.append(stint)
        self.companies.append(company)
        self.at.setdefault(company, []).append(stint)

    def _at(self, company: str) -> list[Stint]:
        """The stints at ``company`` (units rolled up), in the order they were opened."""
        return self.at.get(company, [])

    def _refine_org(self, stint: Stint, org_id: str) -> None:
        if org_id != stint.organization_id and self.orgs.is_within(org_id, stint.organization_id):
            stint.organization_id = org_id
            index = next(i for i, s in enumerate(self.stints) if s is stint)
            company = self.orgs.root(org_id)
            if company != self.companies[index]:  # a unit is in its company's tree, unless the tree has a cycle
                self.companies[index] = company
                self.at = {}
                for s, c in zip(self.stints, self.companies, strict=True):
                    self.at.setdefault(c, []).append(s)

    def depart(self, claim: ClaimState, org_id: str) -> None:
        here = self._at(self.orgs.root(org_id))
        open_here = [s for s in here if s.end is None]
        exact = [s for s in open_here if s.organization_id == org_id]
        candidates = exact or open_here
        if candidates:
            stint = max(candidates, key=lambda s: s.start.earliest if s.start else date.min)
            stint.end = claim.effective
        else:
            closed = [s for s in here if s.end is not None and overlap(s.end, claim.effective)]
            if closed:
                stint = closed[-1]
                stint.end = finer(stint.end, claim.effective)  # type: ignore[arg-type]
            else:
                role = claim.role if claim.kind is ClaimKind.DEPARTURE else None
                stint = Stint(org_id, None, claim.effective, role)
                self._add(stint)
        self._refine_org(stint, org_id)
        stint.end_claims.append(claim)

    def arrive(self, claim: ClaimState, org_id: str) -> None:
        here = self._at(self.orgs.root(org_id))
        same = [s for s in here if s.start is not None and overlap(s.start, claim.effective)]
        if same:
            stint = same[-1]
            stint.start = finer(stint.start, claim.effective)  # type: ignore[arg-type]
            stint.role = stint.role or claim.role
            self._refine_org(stint, org_id)
        else:
            stint = Stint(org_id, claim.effective, None, claim.role)
            self._add(stint)
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
    # Not settled here: ``build_timeline`` adds the publication bounds next and settles each stint then.
    return list(folding.stints)
