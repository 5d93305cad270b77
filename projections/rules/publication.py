"""Publication bounds (docs/rules.md#publication-bounds): a report that a move, hire or departure
has happened was published after it happened.

For each counted claim that opens or closes a stint: among the ``REPORTED`` and ``CONFIRMED``
reports of the claim and of every positive claim corroborating it (contested ones included), the
earliest publication bounds the transition's latest day by that instant's calendar date in UTC+14
(the latest date anywhere on Earth then). Rumours bound nothing; nor does a report published
before the period its claim (or the claim it bounds) names begins: a move announced for the future.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from events.base import ClaimStatus
from projections.rules.claims import ClaimState
from projections.rules.corroboration import Corroboration, corroborators
from projections.rules.orgs import OrgTree
from projections.rules.sides import PUBLICATION, RECENT, Constraint
from projections.rules.stint import Stint

LATEST_ZONE = timezone(timedelta(hours=14))
HAPPENED = frozenset({ClaimStatus.REPORTED, ClaimStatus.CONFIRMED})


@lru_cache(maxsize=4096)
def latest_date(moment: datetime) -> date:
    """The calendar date of ``moment`` where it is latest on Earth (UTC+14)."""
    return moment.astimezone(LATEST_ZONE).date()


Happened = list[tuple[date, datetime, str]]  # a claim's REPORTED/CONFIRMED reports: (latest date, publication, source)


def happened(claim: ClaimState) -> Happened:
    """``claim``'s reports that say the transition happened, as ``(latest date, publication, source)``,
    the earliest first (reports published at the same instant in their own order); made once per
    claim state (``ClaimState.happened``)."""
    if claim.happened is None:
        said = [(latest_date(r.published_at), r.published_at, r.source_id) for r in claim.reports
                if r.status in HAPPENED]
        if len(said) > 1:
            said.sort(key=_when)
        claim.happened = said
    return claim.happened


def _when(said: tuple[date, datetime, str]) -> tuple[date, datetime]:
    return said[0], said[1]


def publication_bound(
    claim: ClaimState, claims: Iterable[ClaimState], orgs: OrgTree, corroboration: Corroboration | None = None
) -> Constraint | None:
    """The publication bound of ``claim``'s transition, or None (``corroboration``: of ``claims``,
    when the caller has it)."""
    best: tuple[date, datetime, str, str] | None = None
    found = corroboration.of(claim) if corroboration is not None else corroborators(claim, claims, orgs)
    for other in found:
        begins = max(claim.effective.earliest, other.effective.earliest)
        for day, published, source in happened(other):  # the first not before the period begins
            if day >= begins:
                if best is None or (day, published) < best[:2]:
                    best = (day, published, other.id, source)
                break
    if best is None:
        return None
    return _bound(best[0], best[2], best[3])


@lru_cache(maxsize=RECENT)
def _bound(latest: date, claim_id: str, source_id: str) -> Constraint:
    """One publication bound, made once for a replay's many folds (settling compares it by identity first)."""
    return Constraint(PUBLICATION, None, latest, True, claim_id, source_id)


def bound_by_publication(
    stints: list[Stint], claims: list[ClaimState], orgs: OrgTree, corroboration: Corroboration | None = None
) -> None:
    """Add each stint side's tightest publication bound (from the claims that open or close it);
    ``corroboration``: of ``claims``, when the caller has it (it keeps the bounds found, for the
    next build of the same claims)."""
    corroboration = corroboration or Corroboration(claims, orgs)
    cache = corroboration.bounds

    def bound(claim: ClaimState) -> Constraint | None:
        if claim.id in cache:
            return cache[claim.id]
        found = cache[claim.id] = publication_bound(claim, claims, orgs, corroboration)
        return found

    for stint in stints:
        for side, extra in ((stint.start_claims, stint.start_extra), (stint.end_claims, stint.end_extra)):
            found = [b for c in side if (b := bound(c)) is not None]
            if found:
                extra.append(found[0] if len(found) == 1 else min(found, key=_tightest))
        stint.settle()


def _tightest(bound: Constraint) -> tuple[date | None, str]:
    return bound.latest, bound.claim_id or ""
