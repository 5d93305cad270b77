"""A claim as a read sees it: its visible reports, its status and its independent sources.

Each claim event is one fact row; a read keeps the rows its cutoffs let it see (recorded by
``as_of``, published by ``known_at``) and folds them, in position order, into claim states.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from events.base import POSITIVE_RANK, ClaimKind, ClaimStatus
from events.claim import kind_of
from events.fuzzydate import FuzzyDate
from projections.model import Cutoffs

AFFILIATION = "AFFILIATION"


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
    kind: str | None = None  # MOVE/HIRE/DEPARTURE/AFFILIATION on a creation row; None: from the ends
    org_id: str | None = None  # an affiliation's organization
    tense: str | None = None  # an affiliation's CURRENT or FORMER
    cites_id: str | None = None  # the source this report relays (its publisher is already resolved)


@dataclass(slots=True)
class Report:
    """One source's word on a claim; ``publisher`` is its independence key."""

    source_id: str
    status: ClaimStatus
    note: str | None
    published_at: datetime
    recorded_at: datetime
    position: int
    publisher: str
    cites_id: str | None = None


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
    kind_name: str | None = None
    org_id: str | None = None
    tense: str | None = None
    corroborating_sources: int = 0
    """Publishers of this claim and of the claims corroborating it (docs/rules.md#corroboration);
    set by ``claim_states`` to ``independent_sources``, then by ``rules.corroboration``."""
    publishers: frozenset[str] = frozenset()
    """The publishers of its positive reports (``independent_sources`` counts them); set by
    ``claim_states``. A claim state's reports are fixed once folded, and a replay folds the
    timeline again at every event from the same states of the claims the event did not touch:
    what is derived from the reports alone is derived once per state, not once per fold."""
    happened: list[tuple[date, datetime, str]] | None = field(default=None, repr=False, compare=False)
    """``rules.publication.happened`` of this state, made on first use (see ``publishers``)."""

    @property
    def kind(self) -> ClaimKind:
        return ClaimKind(self.kind_name) if self.kind_name else kind_of(self.from_id, self.to_id)

    @property
    def is_affiliation(self) -> bool:
        return self.kind_name == AFFILIATION

    @property
    def positive(self) -> bool:
        return self.status in POSITIVE_RANK

    @property
    def last_published(self) -> datetime:
        return max(r.published_at for r in self.reports)

    def counts(self, cutoffs: Cutoffs) -> bool:
        """Positive, at least ``min_status``, with at least ``min_sources`` corroborating sources."""
        rank = POSITIVE_RANK.get(self.status) if self.status else None
        return (
            rank is not None
            and rank >= POSITIVE_RANK[cutoffs.min_status]
            and self.corroborating_sources >= cutoffs.min_sources
        )


def visible(fact: Fact, cutoffs: Cutoffs) -> bool:
    """Recorded by ``as_of``; and, when it rests on a source, published by ``known_at``."""
    if cutoffs.as_of is not None and fact.recorded_at > cutoffs.as_of:
        return False
    return not (
        cutoffs.known_at is not None and fact.published_at is not None and fact.published_at > cutoffs.known_at
    )


_STATUSES = {s.value: s for s in ClaimStatus}  # a dict lookup, where calling the enum runs its Python lookup


def claim_states(facts: Iterable[Fact], cutoffs: Cutoffs) -> list[ClaimState]:
    """Fold fact rows (in position order) into claims; claims with no visible report are left out."""
    claims: dict[str, ClaimState] = {}
    for f in facts:
        if cutoffs.as_of is not None and f.recorded_at > cutoffs.as_of:
            continue
        if f.fact == "reported":
            assert f.effective is not None
            claims[f.claim_id] = ClaimState(
                f.claim_id, f.person_id, f.from_id, f.to_id, f.role, FuzzyDate.parse(f.effective), f.position,
                kind_name=f.kind, org_id=f.org_id, tense=f.tense,
            )
        claim = claims.get(f.claim_id)
        if claim is None or not visible(f, cutoffs):
            continue
        if f.fact in ("reported", "report"):
            assert f.status and f.source_id and f.published_at
            claim.reports.append(
                Report(f.source_id, _STATUSES.get(f.status) or ClaimStatus(f.status), f.note, f.published_at,
                       f.recorded_at, f.position, f.publisher or f.source_id, f.cites_id)
            )
        elif f.fact == "corrected":
            _correct(claim, f)
        elif f.fact == "retracted":
            claim.retracted = True
    result = [c for c in claims.values() if c.reports]
    for claim in result:
        claim.status = resolve_status(claim)
        claim.publishers = frozenset(r.publisher for r in claim.reports if r.status in POSITIVE_RANK)
        claim.independent_sources = claim.corroborating_sources = len(claim.publishers)
    return result


def _correct(claim: ClaimState, correction: Fact) -> None:
    """A correction replaces the fields it names and leaves the others as they were."""
    if correction.effective is not None:
        claim.effective = FuzzyDate.parse(correction.effective)
    claim.role = correction.role if correction.role is not None else claim.role
    claim.from_id = correction.from_id if correction.from_id is not None else claim.from_id
    claim.to_id = correction.to_id if correction.to_id is not None else claim.to_id
    claim.org_id = correction.org_id if correction.org_id is not None else claim.org_id


class Reported(Protocol):
    """What a status is decided from: a claim's or a group claim's reports, and its retraction."""

    reports: list[Report]
    retracted: bool


def resolve_status(claim: Reported) -> ClaimStatus:
    """Retracted; else denied if the latest report denies; else the best status since the last denial."""
    if claim.retracted:
        return ClaimStatus.RETRACTED
    ordered = sorted(claim.reports, key=lambda r: (r.published_at, r.position))
    if ordered[-1].status is ClaimStatus.DENIED:
        return ClaimStatus.DENIED
    last_denial = max((i for i, r in enumerate(ordered) if r.status is ClaimStatus.DENIED), default=-1)
    return max((r.status for r in ordered[last_denial + 1 :]), key=POSITIVE_RANK.__getitem__)


def independent_sources(reports: Iterable[Report]) -> int:
    """Publishers of the positive reports, each counted once (a citing source's publisher is the
    one at the root of its ``cites`` chain, already resolved in ``Report.publisher``)."""
    return len({r.publisher for r in reports if r.status in POSITIVE_RANK})


def any_positive(states: Mapping[str, ClaimState | None], claim_ids: Iterable[str]) -> bool:
    """Whether any of these claims can shape a timeline: a positive one (it counts, or its reports
    bound the claims it corroborates by publication, ``rules/publication.py``). A claim that is not
    positive (or has no visible report) changes no stint: incremental folds skip the timeline then."""
    return any((state := states.get(c)) is not None and state.positive for c in claim_ids)
