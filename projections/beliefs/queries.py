"""Belief changes read: after a cursor, in position order, of a person and the people merged into
them, at an organization and its units (``docs/api.md#the-beliefs-feed``)."""

from __future__ import annotations

import heapq
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
            if org_id is not None and not people:
                rows = _rows_at(cur, self.trees.scope(cur, org_id, True), after, first + 1)
            else:
                rows = _rows(cur, after, first + 1, people, self.trees.scope(cur, org_id, True) if org_id else None)
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


def _rows(cur: Cursor, after: Cursor2, limit: int, people: list[str], scope: list[str] | None) -> list[Any]:
    """Every change after ``after`` (of ``people`` if any; at ``scope`` if given), ``limit`` at most."""
    params: list[Any] = [after[0], after[0], after[1]]
    only = sql(q.OF_PEOPLE, marks=marks(len(people))) if people else ""
    if scope is not None:
        cur.execute(sql(q.CHANGES_AT_ORGS, orgs=marks(len(scope)), people=only), [*scope, *params, *people, limit])
    else:
        cur.execute(sql(q.CHANGES, people=only), [*params, *people, limit])
    return list(cur.fetchall())


def _rows_at(cur: Cursor, scope: list[str], after: Cursor2, limit: int) -> list[Any]:
    """The first ``limit`` changes after ``after`` at any organization of ``scope``: each
    organization's keys read along its index, ``limit`` at most, then merged (a page of a large
    company reads about as many rows as it shows, per unit), then those changes."""
    found: set[Cursor2] = set()
    for org in scope:
        cur.execute(sql(q.KEYS_AT), (org, after[0], after[0], after[1], limit))
        found.update((int(p), int(n)) for p, n in cur.fetchall())
    keys = set(heapq.nsmallest(limit, found))
    if not keys:
        return []
    positions = sorted({p for p, _ in keys})
    cur.execute(sql(q.CHANGES_AT, marks=marks(len(positions))), positions)
    return sorted((r for r in cur.fetchall() if (int(r[0]), int(r[1])) in keys), key=lambda r: (int(r[0]), int(r[1])))


def _events(cur: Cursor, positions: list[int]) -> dict[int, EventRecord]:
    """The causing events, by position (a page's changes name at most a page of events)."""
    if not positions:
        return {}
    cur.execute(sql(q.EVENTS_AT, marks=marks(len(positions))), positions)
    return {int(row[0]): event_record(row) for row in cur.fetchall()}

