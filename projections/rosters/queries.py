"""The roster read: one entry per person holding a stint at the organization (or its units) on a
date, the latest-started one, in person id order; cursors are opaque.

Under the default cutoffs each organization of the scope is read along its ``(org_id,
person_id)`` index a batch at a time and the batches are merged, so a page of a large company
reads about as many rows as it shows; under a ``knownAt`` alone in the default lens the same,
over the versions (docs/time.md#versions). Under other lenses the candidates are folded on read in
id order, a batch at a time (``timelines.folded``), until the page is full (docs/time.md#reads-that-fold).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from projections.claims.horizons import narrow
from projections.cursors import decode_cursor, encode_cursor
from projections.db.adapter import Cursor, Database
from projections.db.sql import marks, sql
from projections.directory.reads import OrgTrees
from projections.model import Certainty, Cutoffs, Page, RosterEntry
from projections.rosters import sql as q
from projections.rules.timeline import latest_holding
from projections.timefmt import day
from projections.timelines.folded import folded_at
from projections.timelines.reads import AnyStint, StoredStint, stint_view
from projections.timelines.sql import STINT_COLUMNS
from projections.timelines.versions import holding, parts, versioned


class RosterQueries:
    roster_batch = 256
    """At most this many stint rows per organization are read at a time (fewer for small pages)."""

    def __init__(self, db: Database, trees: OrgTrees) -> None:
        self.db = db
        self.trees = trees

    def roster(
        self, org_id: str, *, at: date, cutoffs: Cutoffs, certainty: Certainty | None, include_units: bool,
        first: int, after: str | None,
    ) -> Page[RosterEntry]:
        """One entry per person holding a stint on ``at`` (the latest-started one), in id order."""
        key = decode_cursor(after)
        with self.db.read() as cur:
            cutoffs = narrow(cur, cutoffs)
            orgs = self.trees.scope(cur, org_id, include_units)
            if cutoffs.is_default or versioned(cutoffs):
                batch = min(self.roster_batch, first + 2)
                groups: Iterator[tuple[str, Sequence[AnyStint]]] = self._holding_pages(
                    cur, orgs, at, key, batch, cutoffs)
            else:
                groups = folded_at(cur, orgs, cutoffs, self.trees.get(cur), after=key, paged=True)
            entries = []
            for person_id, stints in groups:
                found = latest_holding(stints, at)
                if found is None or (certainty is Certainty.CERTAIN and found[1] is not Certainty.CERTAIN):
                    continue
                entries.append(RosterEntry(person_id, stint_view(*found), found[1]))
                if len(entries) > first:
                    break
        page = entries[:first]
        return Page(page, [encode_cursor(e.person_id) for e in page], len(entries) > first)

    def roster_count(
        self, org_id: str, *, at: date, cutoffs: Cutoffs, certainty: Certainty | None, include_units: bool
    ) -> int:
        """How many entries the whole roster has: one count for the common case (default cutoffs,
        both certainties); otherwise the roster is read through to count it."""
        with self.db.read() as cur:
            narrowed = narrow(cur, cutoffs)  # in the count's own snapshot
            if (narrowed.is_default or versioned(narrowed)) and certainty is None:
                orgs = self.trees.scope(cur, org_id, include_units)
                if narrowed.is_default:
                    cur.execute(sql(q.COUNT_HOLDING, marks=marks(len(orgs))), [*orgs, day(at), day(at)])
                else:
                    statement = sql(q.VERSION_COUNT_HOLDING, marks=marks(len(orgs)), **parts(narrowed))
                    cur.execute(statement, [*orgs, *holding(narrowed), day(at), day(at)])
                return int(cur.fetchone()[0])
        everyone = self.roster(org_id, at=at, cutoffs=cutoffs, certainty=certainty, include_units=include_units,
                               first=2**62, after=None)
        return len(everyone.items)

    def _holding_pages(
        self, cur: Cursor, orgs: list[str], at: date, after: str, batch: int, cutoffs: Cutoffs
    ) -> Iterator[tuple[str, list[AnyStint]]]:
        """Materialized stints holding on ``at`` at any of ``orgs`` (their versions under
        ``cutoffs`` when not the default), grouped by person in id order.

        A person is complete once every organization whose batch was full has read past them
        (the frontier).
        """
        if cutoffs.is_default:
            statement, interval = sql(q.HOLDING_BATCH, columns=STINT_COLUMNS), []
        else:
            statement = sql(q.VERSION_HOLDING_BATCH, columns=STINT_COLUMNS, **parts(cutoffs))
            interval = holding(cutoffs)
        while True:
            groups: dict[str, list[Any]] = {}
            frontier: str | None = None
            for org in orgs:
                cur.execute(statement, (org, after, *interval, day(at), day(at), batch))
                rows = cur.fetchall()
                for row in rows:
                    groups.setdefault(row[0], []).append(row)
                if len(rows) == batch and (frontier is None or rows[-1][0] < frontier):
                    frontier = rows[-1][0]
            people = sorted(p for p in groups if frontier is None or p < frontier)
            if not people and frontier is not None:
                batch *= 2  # one person fills a whole batch: read more at once
                continue
            for person_id in people:
                yield person_id, [StoredStint(row) for row in groups[person_id]]
            if frontier is None:
                return
            after = people[-1]
