"""A group claim as a read sees it: its visible reports, its status and its independent sources,
folded with the claims' own rules (docs/domain.md#group-claims)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from events.base import POSITIVE_RANK, ClaimStatus
from events.fuzzydate import FuzzyDate
from projections.model import Cutoffs
from projections.rules.claims import Fact, Report, independent_sources, resolve_status, visible


@dataclass(slots=True)
class GroupState:
    """A group claim under the read's cutoffs; ``reports`` and ``status`` are filled by ``group_states``."""

    id: str
    organization_id: str
    to_id: str | None
    modality: str
    count_min: int | None
    count_max: int | None
    whole: bool
    effective: FuzzyDate | None
    reports: list[Report] = field(default_factory=list)
    retracted: bool = False
    status: ClaimStatus | None = None
    independent_sources: int = 0

    def counts(self, min_status: ClaimStatus) -> bool:
        """Positive and at least ``min_status`` (a denied or retracted group claim is no signal)."""
        rank = POSITIVE_RANK.get(self.status) if self.status else None
        return rank is not None and rank >= POSITIVE_RANK[min_status]


def group_states(groups: Iterable[GroupState], facts: Iterable[Fact], cutoffs: Cutoffs) -> list[GroupState]:
    """The groups with their visible facts (in position order) applied; those with no visible
    report (not yet recorded at ``as_of``, or published after ``known_at``) are left out."""
    by_id = {g.id: g for g in groups}
    for f in facts:
        group = by_id.get(f.claim_id)
        if group is None or not visible(f, cutoffs):
            continue
        if f.fact in ("reported", "report"):
            assert f.status and f.source_id and f.published_at
            group.reports.append(Report(f.source_id, ClaimStatus(f.status), f.note, f.published_at, f.recorded_at,
                                        f.position, f.publisher or f.source_id, f.cites_id))
        elif f.fact == "retracted":
            group.retracted = True
    found = [g for g in by_id.values() if g.reports]
    for group in found:
        group.status = resolve_status(group)
        group.independent_sources = independent_sources(group.reports)
    return found
