"""Headcount and flows (``projections/README.md``, choices): under the default cutoffs read from
the materialized stints and moves; under a ``knownAt`` alone in the default lens from their
versions (docs/time.md#versions); under other lenses, from timelines folded on read."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from projections.aggregates import sql as q
from projections.claims.horizons import narrow
from projections.db.adapter import Cursor, Database
from projections.db.sql import marks, sql
from projections.directory.reads import CHUNK, OrgTrees, survivors_of
from projections.model import Cutoffs, Flow, HeadcountPoint
from projections.rules import aggregates as rules
from projections.rules.orgs import OrgTree
from projections.timefmt import day
from projections.timelines.folded import BATCH, fold_groups, split
from projections.timelines.reads import stints_at
from projections.timelines.versions import holding, parts, versioned


class AggregateQueries:
    def __init__(self, db: Database, trees: OrgTrees) -> None:
        self.db = db
        self.trees = trees

    def headcount(
        self, org_id: str, *, start: date, end: date, cutoffs: Cutoffs, include_units: bool
    ) -> list[HeadcountPoint]:
        """On the first day of each month: people certainly there, and people possibly there."""
        firsts = rules.months(start, end)
        bounds: dict[str, list[rules.Bounds]] = defaultdict(list)
        with self.db.read() as cur:
            cutoffs = narrow(cur, cutoffs)
            orgs = self.trees.scope(cur, org_id, include_units)
            if cutoffs.is_default or versioned(cutoffs):
                days: list[Any] = [day(m) for m in firsts]  # fixed-width ISO text bisects like dates
                if cutoffs.is_default:
                    cur.execute(sql(q.STINT_BOUNDS, marks=marks(len(orgs))), [*orgs, day(end), day(start)])
                else:
                    statement = sql(q.VERSION_STINT_BOUNDS, marks=marks(len(orgs)), **parts(cutoffs))
                    cur.execute(statement, [*orgs, *holding(cutoffs), day(end), day(start)])
                for person_id, *row in cur.fetchall():
                    bounds[person_id].append((row[0], row[1], row[2], row[3]))
            else:
                days = list(firsts)
                for person_id, stints in stints_at(cur, orgs, cutoffs, None, self.trees).items():
                    bounds[person_id] = [(s.possible_from, s.certain_from, s.certain_until, s.possible_until)
                                         for s in stints]
        certain, possible = rules.headcount(days, bounds)
        return [HeadcountPoint(m, c, p) for m, c, p in zip(firsts, certain, possible, strict=True)]

    def flows(self, *, start: date, end: date, cutoffs: Cutoffs) -> list[Flow]:
        """Moves between companies (units rolled up) whose effective period begins in [start, end]."""
        with self.db.read() as cur:
            cutoffs = narrow(cur, cutoffs)
            tree = self.trees.get(cur)
            if cutoffs.is_default:
                cur.execute(sql(q.MOVES_BEGINNING), (day(start), day(end)))
                moves = [tuple(row) for row in cur.fetchall()]
            elif versioned(cutoffs):
                cur.execute(sql(q.VERSION_MOVES_BEGINNING, **parts(cutoffs)), (day(start), day(end), *holding(cutoffs)))
                moves = [tuple(row) for row in cur.fetchall()]
            else:
                cur.execute(sql(q.PEOPLE_WITH_MOVES_IN), (f"{start.year:04d}", f"{end.year:04d}"))
                survivors = sorted(set(survivors_of(cur, [row[0] for row in cur.fetchall()]).values()))
                moves = []
                for first in range(0, len(survivors), BATCH):
                    moves += self._moves_of(cur, survivors[first : first + BATCH], cutoffs, tree, start, end)
        return rules.flows(moves, tree)

    @staticmethod
    def _moves_of(
        cur: Cursor, survivors: list[str], cutoffs: Cutoffs, tree: OrgTree, start: date, end: date
    ) -> list[tuple[str, str | None, str | None]]:
        """The counted moves of these people beginning in [start, end] under ``cutoffs``."""
        settled, groups = split(cur, survivors, cutoffs)
        moves = []
        for axis, people in settled.items():  # their materialized moves (or versions) are the answer
            template, parts = (q.MOVES_OF_PEOPLE, {}) if axis is None else (q.VERSION_MOVES_OF_PEOPLE, axis.parts)
            holds = axis.params(cutoffs) if axis is not None else []
            for begin in range(0, len(people), CHUNK):
                chunk = people[begin : begin + CHUNK]
                cur.execute(sql(template, marks=marks(len(chunk)), **parts), [*chunk, day(start), day(end), *holds])
                moves += [(row[0], row[1], row[2]) for row in cur.fetchall()]
        # build_timeline (in fold_groups) marks the losers of conflicts contested
        for survivor, folded in fold_groups(cur, groups, cutoffs, tree):
            moves += [(survivor, c.from_id, c.to_id) for c in rules.counted_moves(folded.claims, cutoffs)
                      if start <= c.effective.earliest <= end]
        return moves
