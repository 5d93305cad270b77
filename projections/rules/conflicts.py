"""Conflicts between counted claims, and which one wins (``projections/README.md``, conflicts).

Two claims conflict when both cannot be true: they leave (or join) the same organization on
periods that do not overlap, or their other ends are in different companies, unless a counted
claim returning to (or leaving) that organization lies between them. The winner has the higher
status, then more independent sources, then the later publication, then the later recording.
"""

from __future__ import annotations

from datetime import datetime

from events.base import POSITIVE_RANK
from projections.rules.claims import ClaimState
from projections.rules.dates import overlap
from projections.rules.orgs import OrgTree


def rank_key(c: ClaimState) -> tuple[int, int, datetime, int]:
    """Winner of a conflict: higher status, then more independent sources, then later publication,
    then later recording."""
    return (POSITIVE_RANK.get(c.status, 0) if c.status else 0, c.independent_sources, c.last_published,
            c.first_position)


class Conflicts:
    """Whether two of a person's counted claims clash."""

    def __init__(self, counted: list[ClaimState], orgs: OrgTree) -> None:
        self.counted = counted
        self.orgs = orgs

    def _same_company(self, x: str | None, y: str | None) -> bool:
        return x is None or y is None or self.orgs.root(x) == self.orgs.root(y)

    def _between(self, a: ClaimState, b: ClaimState, org: str, arriving: bool) -> bool:
        """A counted claim arriving at (or leaving) ``org``'s company between ``a`` and ``b``."""
        lo, hi = sorted((a, b), key=lambda c: c.effective.earliest)
        company = self.orgs.root(org)
        for x in self.counted:
            if x is a or x is b:
                continue
            side = x.to_id if arriving else x.from_id
            if side is not None and self.orgs.root(side) == company and (
                lo.effective.earliest < x.effective.earliest <= hi.effective.latest
            ):
                return True
        return False

    def clash(self, a: ClaimState, b: ClaimState) -> bool:
        """Both cannot be true: the same departure or arrival with other dates or other ends."""
        if a.from_id and a.from_id == b.from_id:
            same = overlap(a.effective, b.effective) and self._same_company(a.to_id, b.to_id)
            if not same and not self._between(a, b, a.from_id, arriving=True):
                return True
        if a.to_id and a.to_id == b.to_id:
            same = overlap(a.effective, b.effective) and self._same_company(a.from_id, b.from_id)
            if not same and not self._between(a, b, a.to_id, arriving=False):
                return True
        return False


def resolve_conflicts(counted: list[ClaimState], orgs: OrgTree) -> list[ClaimState]:
    """Mark losers of conflicts contested; return the winners (the claims the timeline uses)."""
    conflicts = Conflicts(counted, orgs)
    accepted: list[ClaimState] = []
    for claim in sorted(counted, key=rank_key, reverse=True):
        if any(conflicts.clash(claim, winner) for winner in accepted):
            claim.contested = True
        else:
            accepted.append(claim)
    return accepted
