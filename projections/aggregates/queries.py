"""Headcount and flows (``projections/README.md``, choices): under the default cutoffs read from
the materialized stints and moves; under others, from timelines folded on read."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date
from typing import Any

from projections.aggregates import sql as q
from projections.claims.reads import claims_of
from projections.db.adapter import Database
from projections.db.sql import LIVE, marks, sql
from projections.directory.reads import OrgTrees, survivor_of
from projections.model import Cutoffs, Flow, HeadcountPoint
from projections.rules.timeline import build_timeline
from projections.timefmt import day
from projections.timelines.reads import stints_at

Bounds = tuple[Any, Any, Any, Any]  # possible_from, certain_from, certain_until, possible_until


def months(start: date, end: date) -> list[date]:
    """The first days of the months from ``start`` to ``end`` (the calendar ends in 9999)."""
    found = []
    year, month = start.year, start.month + (start.day > 1)
    while (year, month) <= (end.year, end.month) and year <= date.max.year:
        if month > 12:
            year, month = year + 1, 1
            continue
        found.append(date(year, month, 1))
        month += 1
    return found


def count_months(marks_of: list[Any], bounds: dict[str, list[Bounds]]) -> tuple[list[int], list[int]]:
    """Per month mark, how many people are certainly there and how many at least possibly."""
    certain, possible = [0] * len(marks_of), [0] * len(marks_of)
    for person_bounds in bounds.values():
        # Per person, mark the months each stint covers (found by bisection), then count once.
        marked = bytearray(len(marks_of))  # 0 absent, 1 possibly there, 2 certainly there
        for possible_from, certain_from, certain_until, possible_until in person_bounds:
            for i in range(bisect_left(marks_of, possible_from), bisect_right(marks_of, possible_until)):
                marked[i] = max(marked[i], 1)
            for i in range(bisect_left(marks_of, certain_from), bisect_right(marks_of, certain_until)):
                marked[i] = 2
        for i, mark in enumerate(marked):
            if mark:
                possible[i] += 1
                certain[i] += mark == 2
    return certain, possible


class AggregateQueries:
    def __init__(self, db: Database, trees: OrgTrees) -> None:
        self.db = db
        self.trees = trees

    def headcount(
        self, org_id: str, *, start: date, end: date, cutoffs: Cutoffs, include_units: bool
    ) -> list[HeadcountPoint]:
        """On the first day of each month: people certainly there, and people possibly there."""
        firsts = months(start, end)
        bounds: dict[str, list[Bounds]] = defaultdict(list)
        with self.db.read() as cur:
            orgs = self.trees.scope(cur, org_id, include_units)
            if cutoffs.is_default:
                marks_of: list[Any] = [day(m) for m in firsts]
                cur.execute(sql(q.STINT_BOUNDS, marks=marks(len(orgs))), [*orgs, day(end), day(start)])
                for person_id, *row in cur.fetchall():
                    bounds[person_id].append((row[0], row[1], row[2], row[3]))
            else:
                marks_of = list(firsts)
                for person_id, stints in stints_at(cur, orgs, cutoffs, None, self.trees).items():
                    bounds[person_id] = [(s.possible_from, s.certain_from, s.certain_until, s.possible_until)
                                         for s in stints]
        certain, possible = count_months(marks_of, bounds)
        return [HeadcountPoint(m, c, p) for m, c, p in zip(firsts, certain, possible, strict=True)]

    def flows(self, *, start: date, end: date, cutoffs: Cutoffs) -> list[Flow]:
        """Moves between companies (units rolled up) whose effective period begins in [start, end]."""
        with self.db.read() as cur:
            tree = self.trees.get(cur)
            if cutoffs.is_default:
                cur.execute(sql(q.MOVES_BEGINNING), (day(start), day(end)))
                moves = [tuple(row) for row in cur.fetchall()]
            else:
                cur.execute(sql(q.PEOPLE_WITH_MOVES))
                survivors = {survivor_of(cur, LIVE, row[0]) for row in cur.fetchall()}
                moves = []
                for survivor in sorted(survivors):
                    claims = claims_of(cur, survivor, cutoffs)
                    build_timeline(claims, cutoffs, tree)  # marks the losers of conflicts contested
                    moves += [
                        (survivor, c.from_id, c.to_id) for c in claims
                        if c.from_id and c.to_id and not c.contested and c.counts(cutoffs)
                        and start <= c.effective.earliest <= end
                    ]
        people: dict[tuple[str, str], set[str]] = defaultdict(set)
        for person_id, from_id, to_id in moves:
            source, target = tree.root(from_id), tree.root(to_id)
            if source != target:
                people[(source, target)].add(person_id)
        ranked = sorted(people.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        return [Flow(f, t, len(p), sorted(p)) for (f, t), p in ranked]
