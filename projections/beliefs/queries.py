"""Belief changes read: after a cursor, in position order, of a person and the people merged into
them, at an organization and its units (``docs/api.md#the-beliefs-feed``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from events.base import ClaimStatus
from events.fuzzydate import FuzzyDate
from projections.beliefs import sql as q
from projections.db.adapter import Cursor, Database
from projections.db.sql import LIVE, marks, sql
from projections.directory.reads import OrgTrees, merged_ids, survivor
from projections.feed.queries import event_record
from projections.model import EventRecord, Page, StintView
from projections.rules.orgs import OrgTree

Cursor2 = tuple[int, int]  # (event position, n): a change's position


@dataclass(frozen=True, slots=True)
class BeliefChangeView:
    """One change of one person's default timeline, caused by the event at ``event_position``."""

    event_position: int
    n: int
    person_id: str
    kind: str
    before: StintView | None
    after: StintView | None
    organization_ids: list[str]  # the stints' organizations and their ancestors
    late_by_days: int | None
    cause: EventRecord

    @property
    def position(self) -> str:
        return f"{self.event_position}:{self.n}"


def stint_of(text: str | None) -> StintView | None:
    if text is None:
        return None
    org, role, start, end, status, *_bounds, claims, sources = msgspec.json.decode(text)
    return StintView(org, role, FuzzyDate.parse(start) if start else None, FuzzyDate.parse(end) if end else None,
                     ClaimStatus(status), list(claims), list(sources))


class BeliefQueries:
    def __init__(self, db: Database, trees: OrgTrees) -> None:
        self.db = db
        self.trees = trees

    def changes(
        self, *, after: Cursor2, first: int, person_id: str | None = None, org_id: str | None = None
    ) -> Page[BeliefChangeView]:
        """Changes after the cursor, in position order; ``first`` at most."""
        with self.db.read() as cur:
            people: list[str] = []
            if person_id is not None:
                found = survivor(cur, person_id)
                if found is None:
                    return Page([], [], False)
                people = merged_ids(cur, LIVE, found, None)
            params: list[Any] = [after[0], after[0], after[1]]
            only = sql(q.OF_PEOPLE, marks=marks(len(people))) if people else ""
            if org_id is not None:
                scope = self.trees.scope(cur, org_id, True)
                cur.execute(sql(q.CHANGES_AT_ORGS, orgs=marks(len(scope)), people=only),
                            [*scope, *params, *people, first + 1])
            else:
                cur.execute(sql(q.CHANGES, people=only), [*params, *people, first + 1])
            rows = cur.fetchall()
            tree = self.trees.get(cur)
            causes = _events(cur, sorted({int(row[0]) for row in rows[:first]}))
            items = [self._view(row, tree, causes) for row in rows[:first]]
        return Page(items, [c.position for c in items], len(rows) > first)

    def _view(self, row: Sequence[Any], tree: OrgTree, causes: dict[int, EventRecord]) -> BeliefChangeView:
        position, n, person, kind, before, after, late = row
        was, now = stint_of(before), stint_of(after)
        orgs = {o for stint in (was, now) if stint is not None for o in tree.ancestry(stint.organization_id)}
        return BeliefChangeView(int(position), int(n), person, kind, was, now, sorted(orgs),
                                None if late is None else int(late), causes[int(position)])


def _events(cur: Cursor, positions: list[int]) -> dict[int, EventRecord]:
    """The causing events, by position (a page's changes name at most a page of events)."""
    if not positions:
        return {}
    cur.execute(sql(q.EVENTS_AT, marks=marks(len(positions))), positions)
    return {int(row[0]): event_record(row) for row in cur.fetchall()}

