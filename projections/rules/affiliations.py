"""Affiliations (docs/rules.md#affiliations), applied after the moves have built the timeline.

- A ``CURRENT`` affiliation observed in window W tightens a stint that *can contain* it: a stint at
  the organization named, at one of its units, or at the company above it (which it then places in
  that unit), that possibly holds on some day of W. The stint started no later than W's last day
  and ended no earlier than the day after W's first day.
- Else, if a counted move places the person certainly elsewhere (another company) on every day of
  W, the affiliation and that move conflict: the usual winner rule, a move beating an affiliation
  before "later publication".
- Else it creates an *observed* stint at the organization, its start and end unknown.
- A ``FORMER`` affiliation observed in W says a stint there ended by W's last day: it bounds the
  end of the latest-started stint that can have ended by then, or conflicts with a stint certainly
  held through W, or creates an observed stint that ended by then.
"""

from __future__ import annotations

from datetime import date, datetime

from events.base import POSITIVE_RANK
from projections.rules.bounds import BEGINNING, FOREVER
from projections.rules.claims import ClaimState
from projections.rules.dates import day_after, day_before
from projections.rules.orgs import OrgTree
from projections.rules.sides import AFFILIATION, Constraint
from projections.rules.stint import Stint

FORMER = "FORMER"


def gap(stints: list[Stint], lo: date, hi: date) -> tuple[date, date]:
    """The days around ``[lo, hi]`` on which no stint a move built holds certainly."""
    others = [s for s in stints if not s.observed and s.certain_from <= s.certain_until]
    start = max((day_after(min(s.certain_until, day_before(lo))) for s in others if s.certain_from < lo),
                default=BEGINNING)
    end = min((day_before(max(s.certain_from, day_after(hi))) for s in others if s.certain_until > hi),
              default=FOREVER)
    return start, end


def _rank(claim: ClaimState, is_move: bool) -> tuple[int, int, int, datetime, int]:
    """The conflict winner rule with its tie-break: a move beats an affiliation before the later publication."""
    status = POSITIVE_RANK.get(claim.status, 0) if claim.status else 0
    return (status, claim.independent_sources, int(is_move), claim.last_published, claim.first_position)


class Affiliations:
    def __init__(self, stints: list[Stint], orgs: OrgTree) -> None:
        self.stints = stints
        self.orgs = orgs
        self.beaten: list[ClaimState] = []

    def _fits(self, stint: Stint, org_id: str) -> bool:
        return self.orgs.is_within(org_id, stint.organization_id) or self.orgs.is_within(stint.organization_id, org_id)

    def _conflict(self, affiliation: ClaimState, moves: list[ClaimState]) -> bool:
        """The winner rule between the affiliation and the moves it contradicts; True if the
        affiliation stands (the moves are beaten), False if it lost (it is contested)."""
        if not moves:
            return True
        if _rank(affiliation, False) > max(_rank(m, True) for m in moves):
            self.beaten += moves
            return True
        affiliation.contested = True
        return False

    def _observe(self, a: ClaimState, seen: tuple[date, date], ended: bool) -> Stint:
        stint = Stint(a.org_id or "", None, None, a.role, observed=True, ended=ended, seen=seen)
        stint.open_from, stint.open_until = gap(self.stints, *seen)
        self.stints.append(stint)
        return stint

    def current(self, a: ClaimState) -> None:
        org, (w1, w2) = a.org_id or "", (a.effective.earliest, a.effective.latest)
        fits = [s for s in self.stints if s.possible_from <= w2 and s.possible_until >= w1 and self._fits(s, org)]
        if fits:
            stint = max(fits, key=lambda s: (s.possible_from, s.certain_from))
            if org != stint.organization_id and self.orgs.is_within(org, stint.organization_id):
                stint.organization_id = org  # the affiliation places the stint in its unit
            stint.role = stint.role or a.role
            if stint.seen is not None:
                stint.seen = (min(stint.seen[0], w1), max(stint.seen[1], w2))
        else:
            company = self.orgs.root(org)
            elsewhere = [s for s in self.stints if not s.observed and self.orgs.root(s.organization_id) != company
                         and s.certain_from <= w1 and w2 <= s.certain_until]
            if elsewhere:
                held = max(elsewhere, key=lambda s: (s.possible_from, s.certain_from))
                if not self._conflict(a, held.start_claims or held.end_claims):
                    return
            stint = self._observe(a, (w1, w2), ended=False)
        source = a.reports[0].source_id if a.reports else None
        stint.start_extra.append(Constraint(AFFILIATION, None, w2, True, a.id, source))
        stint.end_extra.append(Constraint(AFFILIATION, day_after(w1), None, True, a.id, source))
        stint.affiliation_claims.append(a)
        stint.settle()

    def former(self, a: ClaimState) -> None:
        org, (w1, w2) = a.org_id or "", (a.effective.earliest, a.effective.latest)
        here = [s for s in self.stints if s.possible_from < w2 and self._fits(s, org)]
        # Held certainly through W by the moves' own dates (an open stint can still be ended).
        through = [s for s in here if s.end is not None and s.certain_from <= w1 and w2 <= s.certain_until]
        ends = [s for s in here if s not in through and (s.end_bounds.earliest is None or s.end_bounds.earliest <= w2)]
        if through and not ends:
            held = max(through, key=lambda s: (s.possible_from, s.certain_from))
            if not self._conflict(a, held.end_claims or held.start_claims):
                return
        if ends:
            stint = max(ends, key=lambda s: (s.possible_from, s.certain_from))
        else:
            anchor = day_before(w2)  # the last day before W not certainly held elsewhere
            for _ in self.stints:
                held_on = [s for s in self.stints if not s.observed and s.certain_from <= anchor <= s.certain_until]
                if not held_on:
                    break
                anchor = day_before(min(s.certain_from for s in held_on))
            stint = self._observe(a, (anchor, anchor), ended=True)
        source = a.reports[0].source_id if a.reports else None
        stint.end_extra.append(Constraint(AFFILIATION, None, w2, True, a.id, source))
        stint.affiliation_claims.append(a)
        stint.settle()


def apply_affiliations(stints: list[Stint], affiliations: list[ClaimState], orgs: OrgTree) -> list[ClaimState]:
    """Apply the counted affiliations to the stints (in place, adding observed ones); return the
    moves they beat in a conflict (the caller marks them contested and folds again)."""
    applying = Affiliations(stints, orgs)
    for a in sorted(affiliations, key=lambda c: (c.effective.latest, c.effective.earliest, c.first_position)):
        (applying.former if a.tense == FORMER else applying.current)(a)
    for stint in stints:
        if stint.observed and stint.seen is not None:
            stint.open_from, stint.open_until = gap(stints, *stint.seen)
            stint.settle()
    return applying.beaten
