"""What an event handler writes through: one page's cursor, its table prefix and its caches.

Rows are written through the page's cursor, inside the transaction that also advances the
tracking position: a page is applied entirely or not at all. INSERTs are batched per statement
(``BatchingCursor``); the caches keep what never changes once recorded across pages.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from projections.db.adapter import Cursor
from projections.db.sql import sql


def public(aggregate_id: str) -> str:
    """The id clients know, from an event's originator id (``person:ruoming-pang``)."""
    return aggregate_id.split(":", 1)[1]


class WriterCache:
    """Facts that never change once recorded (a source's publication and publisher, a claim's
    person), kept across pages so that looking them up does not cost a query per page.

    Bounded: past ``limit`` entries the older half is dropped (reports mostly follow their claim
    closely, so recent entries are the useful ones); a miss is one indexed read.
    """

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        self.sources: dict[str, tuple[str, str]] = {}
        self.claim_person: dict[str, str] = {}
        # Organizations' parents, only for a loader that has seen every event from the first
        # (a rebuild's): live parents change, and a live projector reads them per page.
        self.orgs: dict[str, str | None] | None = None
        self.misses = 0

    def clear(self) -> None:
        """Forget everything (after a page rolled back: it may have cached what it added)."""
        self.sources.clear()
        self.claim_person.clear()

    def trim(self) -> None:
        """Bound the memory of a long-running projector."""
        for cached in (self.sources, self.claim_person):
            if len(cached) > self.limit:
                for key in list(itertools.islice(cached, len(cached) // 2)):  # oldest first
                    del cached[key]


class Writer:
    """One page's writing context: the read models' handlers take it as their first argument.

    ``recorded`` is the recorded time of the event being applied (formatted once, by the change
    feed's log); ``touched`` the people whose default timelines the page must recompute, kept
    only with ``track_touched`` (a rebuild's load folds every timeline at the end instead).
    """

    def __init__(
        self, cur: Cursor, prefix: str, cache: WriterCache | None = None, *, track_touched: bool = True
    ) -> None:
        self.cur = BatchingCursor(cur)
        self.p = prefix
        self.track_touched = track_touched
        self.touched: set[str] = set()
        self.changed_at: dict[str, set[int]] = {}  # person -> the page's events about them (belief changes)
        self.horizon_points: list[tuple[str, str, str]] = []  # the page's (axis, at, latest) (claims/horizons.py)
        self.cache = cache if cache is not None else WriterCache()
        self.cache.trim()
        self.parents: dict[str, str | None] | None = None  # organizations' parents, read once a page
        self.recorded = ""

    def execute(self, template: str, params: Sequence[Any] = (), **parts: str) -> None:
        """Run ``template`` (``{p}`` for the prefix, ``parts`` for its other fields) on this
        page's tables."""
        self.cur.execute(sql(template, self.p, **parts), params)

    def executemany(self, template: str, rows: Sequence[Sequence[Any]], **parts: str) -> None:
        self.cur.executemany(sql(template, self.p, **parts), rows)

    def fetchone(self) -> Any:
        return self.cur.fetchone()

    def fetchall(self) -> list[Any]:
        return self.cur.fetchall()

    def flush(self) -> None:
        """Send the buffered inserts (the page's transaction commits after this)."""
        self.cur.flush()


class BatchingCursor:
    """Buffers INSERTs per statement and sends each batch with one ``executemany``, before any
    other statement runs: the database sees the same rows, in far fewer round trips.

    Read-model tables have no foreign keys, so only the order within one statement matters, and
    it is kept.
    """

    def __init__(self, cur: Cursor) -> None:
        self._cur = cur
        self._inserts: dict[str, list[Sequence[Any]]] = {}

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        if statement.startswith("INSERT"):
            self._inserts.setdefault(statement, []).append(params)
            return None
        self.flush()
        return self._cur.execute(statement, params)

    def executemany(self, statement: str, params: Sequence[Sequence[Any]]) -> Any:
        if statement.startswith("INSERT"):
            self._inserts.setdefault(statement, []).extend(params)
            return None
        self.flush()
        return self._cur.executemany(statement, params)

    def fetchone(self) -> Any:
        return self._cur.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cur.fetchall()

    def flush(self) -> None:
        inserts, self._inserts = self._inserts, {}
        for statement, rows in inserts.items():
            if rows:
                self._cur.executemany(statement, rows)
