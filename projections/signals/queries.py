"""The signals' reads: an organization's group claims under cutoffs, and group claims by id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from events.base import ClaimStatus, Modality
from events.fuzzydate import FuzzyDate
from projections.db.adapter import Cursor, Database
from projections.db.sql import marks, sql
from projections.directory.reads import CHUNK, OrgTrees
from projections.model import DEFAULT_CUTOFFS, Cutoffs, GroupClaimView, ReportView
from projections.rules.claims import Fact
from projections.rules.signals import GroupState, group_states
from projections.signals import sql as q
from projections.timefmt import parse_ts


def _group(row: Any) -> GroupState:
    return GroupState(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]),
                      FuzzyDate.parse(row[7]) if row[7] else None)


def _fact(row: Any) -> Fact:
    return Fact(position=row[0], claim_id=row[1], person_id="", fact=row[2], recorded_at=parse_ts(row[3]),
                published_at=parse_ts(row[4]) if row[4] else None, status=row[5], source_id=row[6],
                publisher=row[7], note=row[8], cites_id=row[9])


def _rows(cur: Cursor, statement: str, ids: Sequence[str]) -> list[Any]:
    rows: list[Any] = []
    for begin in range(0, len(ids), CHUNK):
        chunk = ids[begin : begin + CHUNK]
        cur.execute(sql(statement, marks=marks(len(chunk))), chunk)
        rows += cur.fetchall()
    return rows


def _states(cur: Cursor, groups: list[GroupState], cutoffs: Cutoffs) -> list[GroupState]:
    facts = sorted(_rows(cur, q.FACTS_OF_GROUPS, [g.id for g in groups]), key=lambda row: row[0])
    return group_states(groups, (_fact(row) for row in facts), cutoffs)


def _view(g: GroupState) -> GroupClaimView:
    assert g.status is not None
    reports = sorted(g.reports, key=lambda r: (r.published_at, r.position))
    return GroupClaimView(
        g.id, g.organization_id, g.to_id, Modality(g.modality), g.count_min, g.count_max, g.whole, g.effective,
        g.status, g.independent_sources,
        [ReportView(r.source_id, r.status, r.note, r.published_at, r.recorded_at, r.cites_id) for r in reports],
    )


class SignalQueries:
    def __init__(self, db: Database, trees: OrgTrees) -> None:
        self.db = db
        self.trees = trees

    def signals(
        self, org_id: str, *, cutoffs: Cutoffs, include_units: bool = True,
    ) -> list[GroupClaimView]:
        """The organization's group claims (and its units' unless ``include_units`` is false) that
        are positive and at least ``cutoffs.min_status`` under the cutoffs; the latest first
        published first, then by id (docs/domain.md#group-claims)."""
        with self.db.read() as cur:
            orgs = self.trees.scope(cur, org_id, include_units)
            groups = [_group(row) for row in _rows(cur, q.GROUPS_OF_ORGS, orgs)]
            found = [g for g in _states(cur, groups, cutoffs) if g.counts(cutoffs.min_status)]
        found.sort(key=lambda g: g.id)
        found.sort(key=lambda g: min(r.published_at for r in g.reports), reverse=True)
        return [_view(g) for g in found]

    def group_claims_by_ids(self, ids: Iterable[str]) -> dict[str, GroupClaimView]:
        """Group claims under the default cutoffs, whatever their status; unknown ids are left out."""
        with self.db.read() as cur:
            groups = [_group(row) for row in _rows(cur, q.GROUPS_BY_IDS, sorted(set(ids)))]
            found = _states(cur, groups, DEFAULT_CUTOFFS)
        return {g.id: _view(g) for g in found}


SIGNAL_STATUS = ClaimStatus.RUMOURED
"""``Organization.signals``' default ``minStatus``: rumours are what signals mostly are."""
