"""The rules of SPEC §3 as pure functions: claim status, independence, conflicts, the timeline.

Input is the append-only fact rows of a person's claims (one per claim event, each with its
recorded and publication time); output is each claim's state and the person's stints under
the read's cutoffs. No I/O, no clock: the same facts and cutoffs always give the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from events.base import POSITIVE_RANK, ClaimKind, ClaimStatus
from events.claim import kind_of
from events.fuzzydate import DatePrecision, FuzzyDate
from projections.model import Certainty, Cutoffs

DAY = timedelta(days=1)
BEGINNING = date.min
FOREVER = date.max


@dataclass(slots=True)  # not frozen: a frozen __init__ costs a setattr call per field, per row
class Fact:
    """One claim event: ``reported`` (creation), ``report``, ``corrected`` or ``retracted``."""

    claim_id: str
    person_id: str
    position: int
    fact: str
    recorded_at: datetime
    published_at: datetime | None
    status: str | None = None
    source_id: str | None = None
    publisher: str | None = None
    note: str | None = None
    effective: str | None = None
    role: str | None = None
    from_id: str | None = None
    to_id: str | None = None


@dataclass(slots=True)
class Report:
    source_id: str
    status: ClaimStatus
    note: str | None
    published_at: datetime
    recorded_at: datetime
    position: int
    publisher: str


@dataclass(slots=True)
class ClaimState:
    """A claim as the read sees it."""

    id: str
    person_id: str
    from_id: str | None
    to_id: str | None
    role: str | None
    effective: FuzzyDate
    first_position: int
    reports: list[Report] = field(default_factory=list)
    retracted: bool = False
    status: ClaimStatus | None = None
    independent_sources: int = 0
    contested: bool = False

    @property
    def kind(self) -> ClaimKind:
        return kind_of(self.from_id, self.to_id)

    @property
    def last_published(self) -> datetime:
        return max(r.published_at for r in self.reports)

    def counts(self, cutoffs: Cutoffs) -> bool:
        """Positive, at least ``min_status``, with at least ``min_sources`` independent sources."""
        rank = POSITIVE_RANK.get(self.status) if self.status else None
        return (
            rank is not None
            and rank >= POSITIVE_RANK[cutoffs.min_status]
            and self.independent_sources >= cutoffs.min_sources
        )


def visible(fact: Fact, cutoffs: Cutoffs) -> bool:
    """Recorded by ``as_of``; and, when it rests on a source, published by ``known_at``."""
    if cutoffs.as_of is not None and fact.recorded_at > cutoffs.as_of:
        return False
    return not (
        cutoffs.known_at is not None and fact.published_at is not None and fact.published_at > cutoffs.known_at
    )


def claim_states(facts: Iterable[Fact], cutoffs: Cutoffs) -> list[ClaimState]:
    """Fold fact rows (in position order) into claims; claims with no visible report are left out."""
    claims: dict[str, ClaimState] = {}
    for f in facts:
        if cutoffs.as_of is not None and f.recorded_at > cutoffs.as_of:
            continue
        if f.fact == "reported":
            assert f.effective is not None
            claims[f.claim_id] = ClaimState(
                f.claim_id, f.person_id, f.from_id, f.to_id, f.role, FuzzyDate.parse(f.effective), f.position
            )
        claim = claims.get(f.claim_id)
        if claim is None or not visible(f, cutoffs):
            continue
        if f.fact in ("reported", "report"):
            assert f.status and f.source_id and f.published_at
            claim.reports.append(
                Report(f.source_id, ClaimStatus(f.status), f.note, f.published_at, f.recorded_at,
                       f.position, f.publisher or f.source_id)
            )
        elif f.fact == "corrected":
            if f.effective is not None:
                claim.effective = FuzzyDate.parse(f.effective)
            claim.role = f.role if f.role is not None else claim.role
            claim.from_id = f.from_id if f.from_id is not None else claim.from_id
            claim.to_id = f.to_id if f.to_id is not None else claim.to_id
        elif f.fact == "retracted":
            claim.retracted = True
    result = [c for c in claims.values() if c.reports]
    for claim in result:
        claim.status = resolve_status(claim)
        claim.independent_sources = len({r.publisher for r in claim.reports if r.status in POSITIVE_RANK})
    return result


def resolve_status(claim: ClaimState) -> ClaimStatus:
    """Retracted; else denied if the latest report denies; else the best status since the last denial."""
    if claim.retracted:
        return ClaimStatus.RETRACTED
    ordered = sorted(claim.reports, key=lambda r: (r.published_at, r.position))
    if ordered[-1].status is ClaimStatus.DENIED:
        return ClaimStatus.DENIED
    last_denial = max((i for i, r in enumerate(ordered) if r.status is ClaimStatus.DENIED), default=-1)
    return max((r.status for r in ordered[last_denial + 1 :]), key=POSITIVE_RANK.__getitem__)


class OrgTree:
    """Parent links between organizations: which company a unit belongs to."""

    def __init__(self, parents: Mapping[str, str | None]) -> None:
        self._parents = parents
        self._roots: dict[str, str] = {}

    def root(self, org_id: str) -> str:
        found = self._roots.get(org_id)
        if found is None:
            found, seen = org_id, {org_id}
            while (parent := self._parents.get(found)) is not None and parent not in seen:
                seen.add(parent)
                found = parent
            self._roots[org_id] = found
        return found

    def is_within(self, org_id: str, ancestor_id: str) -> bool:
        """``org_id`` is ``ancestor_id`` or one of its units, at any depth."""
        current: str | None = org_id
        for _ in range(64):
            if current is None:
                return False
            if current == ancestor_id:
                return True
            current = self._parents.get(current)
        return False

    def subtree(self, org_id: str) -> set[str]:
        return {o for o in self._parents if self.is_within(o, org_id)} | {org_id}


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
        return self.end.earliest - DAY if self.end else FOREVER

    @property
    def possible_until(self) -> date:
        if self.end is None:
            return FOREVER
        return self.end.earliest - DAY if self.end.precision is DatePrecision.DAY else self.end.latest

    @property
    def certain_from(self) -> date:
        if self.start is None:
            # Unknown start: certain only on the last day before the earliest possible end.
            return self.certain_until
        return self.start.earliest if self.start.precision is DatePrecision.DAY else self.start.latest + DAY

    def certainty(self, on: date) -> Certainty | None:
        return certainty_on(self, on)


class DateBounds(Protocol):
    @property
    def possible_from(self) -> date: ...
    @property
    def certain_from(self) -> date: ...
    @property
    def certain_until(self) -> date: ...
    @property
    def possible_until(self) -> date: ...


def certainty_on(bounds: DateBounds, on: date) -> Certainty | None:
    """CERTAIN inside the certain bounds, POSSIBLE inside the possible ones, else not holding."""
    if bounds.certain_from <= on <= bounds.certain_until:
        return Certainty.CERTAIN
    if bounds.possible_from <= on <= bounds.possible_until:
        return Certainty.POSSIBLE
    return None


def _overlap(a: FuzzyDate, b: FuzzyDate) -> bool:
    return a.earliest <= b.latest and b.earliest <= a.latest


def _finer(a: FuzzyDate, b: FuzzyDate) -> FuzzyDate:
    return b if (b.latest - b.earliest) < (a.latest - a.earliest) else a


def _rank_key(c: ClaimState) -> tuple[int, int, datetime, int]:
    """Winner of a conflict: higher status, then more independent sources, then later publication."""
    return (POSITIVE_RANK.get(c.status, 0) if c.status else 0, c.independent_sources, c.last_published,
            c.first_position)


class _Conflicts:
    def __init__(self, counted: list[ClaimState], orgs: OrgTree) -> None:
        self.counted = counted
        self.orgs = orgs

    def _same_company(self, x: str | None, y: str | None) -> bool:
        return x is None or y is None or self.orgs.root(x) == self.orgs.root(y)

    def _between(self, a: ClaimState, b: ClaimState, org: str, arriving: bool) -> bool:
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
            same = _overlap(a.effective, b.effective) and self._same_company(a.to_id, b.to_id)
            if not same and not self._between(a, b, a.from_id, arriving=True):
                return True
        if a.to_id and a.to_id == b.to_id:
            same = _overlap(a.effective, b.effective) and self._same_company(a.from_id, b.from_id)
            if not same and not self._between(a, b, a.to_id, arriving=False):
                return True
        return False


def resolve_conflicts(counted: list[ClaimState], orgs: OrgTree) -> list[ClaimState]:
    """Mark losers of conflicts contested; return the winners (the claims the timeline uses)."""
    conflicts = _Conflicts(counted, orgs)
    accepted: list[ClaimState] = []
    for claim in sorted(counted, key=_rank_key, reverse=True):
        if any(conflicts.clash(claim, winner) for winner in accepted):
            claim.contested = True
        else:
            accepted.append(claim)
    return accepted


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
                and _overlap(s.end, claim.effective)
            ]
            if closed:
                stint = closed[-1]
                stint.end = _finer(stint.end, claim.effective)  # type: ignore[arg-type]
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
            and _overlap(s.start, claim.effective)
        ]
        if same:
            stint = same[-1]
            stint.start = _finer(stint.start, claim.effective)  # type: ignore[arg-type]
            stint.role = stint.role or claim.role
            self._refine_org(stint, org_id)
        else:
            stint = Stint(org_id, claim.effective, None, claim.role)
            self.stints.append(stint)
        stint.start_claims.append(claim)


def build_timeline(claims: list[ClaimState], cutoffs: Cutoffs, orgs: OrgTree) -> list[Stint]:
    """The person's stints, from the claims that count, in effective-date order (SPEC §3)."""
    for claim in claims:
        claim.contested = False
    counted = [c for c in claims if c.counts(cutoffs)]
    accepted = resolve_conflicts(counted, orgs)
    fold = _Fold(orgs)
    # Periods that nest (2025 and 2025-07) are ordered by their end, so the finer one comes first;
    # equal periods keep recorded order (a boomerang reported as two moves in one month).
    for claim in sorted(accepted, key=lambda c: (c.effective.latest, c.effective.earliest, c.first_position)):
        if claim.from_id:
            fold.depart(claim, claim.from_id)
        if claim.to_id:
            fold.arrive(claim, claim.to_id)
    return sorted(fold.stints, key=lambda s: (s.possible_from, s.certain_from))


def holding(stints: Iterable[Stint], on: date) -> list[tuple[Stint, Certainty]]:
    """Stints that hold on a date, each with its certainty, the latest-started first."""
    found = [(s, c) for s in stints if (c := s.certainty(on)) is not None]
    return sorted(found, key=lambda sc: (sc[0].possible_from, sc[0].certain_from), reverse=True)
