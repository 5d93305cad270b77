"""The publishers' reads: publishers by name and in pages, their own sources, and their track
records and calls under a read's cutoffs (``docs/rules.md#track-record``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from projections.cursors import decode_cursor, encode_cursor
from projections.db.adapter import Database
from projections.db.retry import retry_reads
from projections.db.sql import sql
from projections.model import BadCursor, Cutoffs, Page
from projections.publishers import sql as q
from projections.rules.track_record import (
    Call,
    Outcome,
    Row,
    TrackRecord,
    calls_of,
    publisher_key,
    record_of,
    record_of_counts,
)
from projections.search import like_pattern
from projections.timefmt import ts


@dataclass(frozen=True, slots=True)
class PublisherView:
    key: str  # the name, case ignored: what its reports carry
    name: str  # as its first source wrote it


@retry_reads
class PublisherQueries:
    def __init__(self, db: Database) -> None:
        self.db = db

    def publisher(self, name: str) -> PublisherView | None:
        """The publisher of that name, case ignored (``Bloomberg`` is ``bloomberg``)."""
        with self.db.read() as cur:
            cur.execute(sql(q.PUBLISHER), (publisher_key(name),))
            row = cur.fetchone()
        return PublisherView(row[0], row[1]) if row else None

    def publishers(self, *, search: str | None, first: int, after: str | None) -> Page[PublisherView]:
        """Publishers in key order, or those whose name contains ``search`` (case and accents ignored)."""
        key = decode_cursor(after)
        with self.db.read() as cur:
            if search:
                cur.execute(sql(q.PUBLISHERS_MATCHING), (like_pattern(search), key, first + 1))
            else:
                cur.execute(sql(q.PUBLISHERS), (key, first + 1))
            rows = cur.fetchall()
        page = [PublisherView(k, name) for k, name in rows[:first]]
        return Page(page, [encode_cursor(p.key) for p in page], len(rows) > first)

    def publisher_count(self, search: str | None) -> int:
        with self.db.read() as cur:
            if search:
                cur.execute(sql(q.PUBLISHER_COUNT_MATCHING), (like_pattern(search),))
            else:
                cur.execute(sql(q.PUBLISHER_COUNT))
            return int(cur.fetchone()[0])

    def calls(self, key: str, cutoffs: Cutoffs) -> CallsRead:
        """The publisher's calls under ``cutoffs`` (``asOf``, ``knownAt``; the status filters do not
        apply: every claim it called is judged). Under the default cutoffs they are read from
        ``calls``; under others the fact rows of the claims it reported on are read in one indexed
        query and folded in one pass, once for every question asked of the answer."""
        if cutoffs.as_of is None and cutoffs.known_at is None:
            return Materialized(self.db, key)
        as_of = ts(cutoffs.as_of) if cutoffs.as_of else None
        known_at = ts(cutoffs.known_at) if cutoffs.known_at else None
        with self.db.read() as cur:
            cur.execute(sql(q.FACTS_OF_CALLS), (key,))
            rows: list[Any] = cur.fetchall()
        calls = calls_of(key, map(Row._make, rows), as_of, known_at)
        calls.sort(key=lambda c: (c.published_at, c.claim_id), reverse=True)
        return Folded(calls)


class CallsRead(Protocol):
    """A publisher's calls under one read's cutoffs: its record, and its calls a page at a time."""

    def record(self) -> TrackRecord: ...

    def page(self, *, outcome: Outcome | None, first: int, after: str | None) -> tuple[Page[Call], int]: ...


@dataclass(frozen=True, slots=True)
class Folded:
    """Calls folded from the fact rows, newest first."""

    calls: list[Call]

    def record(self) -> TrackRecord:
        return record_of(self.calls)

    def page(self, *, outcome: Outcome | None, first: int, after: str | None) -> tuple[Page[Call], int]:
        """The ``first`` calls after the cursor ``after`` (newest first), and how many there are."""
        found = self.calls if outcome is None else [c for c in self.calls if c.outcome is outcome]
        start = 0
        if after:
            mark = _mark(after)
            start = next((i for i, c in enumerate(found) if (c.published_at, c.claim_id) < mark), len(found))
        page = found[start : start + first]
        return Page(page, [call_cursor(c) for c in page], start + first < len(found)), len(found)


@retry_reads
@dataclass(frozen=True, slots=True)
class Materialized:
    """Calls under the default cutoffs, read from ``calls`` (its indexes by publisher)."""

    db: Database
    key: str

    def record(self) -> TrackRecord:
        with self.db.read() as cur:
            cur.execute(sql(q.OUTCOME_COUNTS), (self.key,))
            counts = {Outcome(outcome): int(count) for outcome, count in cur.fetchall()}
            cur.execute(sql(q.LEADS), (self.key,))
            leads = [row[0] for row in cur.fetchall()]
        return record_of_counts(counts, leads)

    def page(self, *, outcome: Outcome | None, first: int, after: str | None) -> tuple[Page[Call], int]:
        params: list[Any] = [self.key] + ([outcome.value] if outcome else [])
        parts = {"columns": q.CALL_COLUMNS, "outcome": q.OF_OUTCOME if outcome else ""}
        with self.db.read() as cur:
            cur.execute(sql(q.CALL_COUNT, **parts), params)
            total = int(cur.fetchone()[0])
            if after:
                called_at, claim_id = _mark(after)
                params += [called_at, called_at, claim_id]
            cur.execute(sql(q.CALLS_PAGE, **parts, after=q.CALLS_AFTER if after else ""), [*params, first + 1])
            rows = cur.fetchall()
        page = [Call(claim_id, source_id, called_at, Outcome(found), lead)
                for claim_id, source_id, called_at, found, lead in rows[:first]]
        return Page(page, [call_cursor(c) for c in page], len(rows) > first), total


def call_cursor(call: Call) -> str:
    return encode_cursor(f"{call.published_at}|{call.claim_id}")


def _mark(cursor: str) -> tuple[str, str]:
    """(publication, claim) of the call a cursor names; ``BadCursor`` when it names none."""
    published, bar, claim_id = decode_cursor(cursor).partition("|")
    if not bar or not claim_id:
        raise BadCursor("the cursor is not one of a publisher's calls: pass an edge's `cursor`")
    return published, claim_id
