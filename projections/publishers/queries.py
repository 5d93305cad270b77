"""The publishers' reads: publishers by name and in pages, their own sources, and their track
records and calls under a read's cutoffs (``docs/rules.md#track-record``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from projections.cursors import decode_cursor, encode_cursor
from projections.db.adapter import Database
from projections.db.retry import retry_reads
from projections.db.sql import sql
from projections.directory import sql as directory
from projections.directory.reads import rows_by_id
from projections.model import Cutoffs, Page, SourceView
from projections.publishers import sql as q
from projections.rules.track_record import Call, Row, TrackRecord, calls_of, publisher_key, record_of
from projections.search import like_pattern
from projections.timefmt import parse_ts, ts


@dataclass(frozen=True, slots=True)
class PublisherView:
    key: str  # the name, case ignored: what its reports carry
    name: str  # as its first source wrote it


@dataclass(frozen=True, slots=True)
class Calls:
    """A publisher's calls under one read's cutoffs, newest first, and its record."""

    record: TrackRecord
    calls: list[Call]


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

    def sources(self, key: str, *, first: int, after: str | None) -> Page[SourceView]:
        """The publisher's own sources (citing ones included) in id order."""
        after_id = decode_cursor(after)
        with self.db.read() as cur:
            cur.execute(sql(q.SOURCES), (key, after_id, first + 1))
            ids = [row[0] for row in cur.fetchall()]
            rows = rows_by_id(cur, "sources", directory.SOURCE_COLUMNS, ids[:first])
        views = [
            SourceView(i, publisher, url, title, language, parse_ts(published_at), cites_id)
            for i in ids[:first] if i in rows
            for publisher, url, title, language, published_at, cites_id in [rows[i]]
        ]
        return Page(views, [encode_cursor(v.id) for v in views], len(ids) > first)

    def source_count(self, key: str) -> int:
        with self.db.read() as cur:
            cur.execute(sql(q.SOURCE_COUNT), (key,))
            return int(cur.fetchone()[0])

    def calls(self, key: str, cutoffs: Cutoffs) -> Calls:
        """Every call of the publisher under ``cutoffs`` (``asOf``, ``knownAt``; the status
        filters do not apply: every claim it called is judged), newest first, and its record:
        one indexed read, folded in one pass."""
        as_of = ts(cutoffs.as_of) if cutoffs.as_of else None
        known_at = ts(cutoffs.known_at) if cutoffs.known_at else None
        with self.db.read() as cur:
            cur.execute(sql(q.FACTS_OF_CALLS), (key,))
            rows: list[Any] = cur.fetchall()
        calls = calls_of(key, map(Row._make, rows), as_of, known_at)
        calls.sort(key=lambda c: (c.published_at, c.claim_id), reverse=True)
        return Calls(record_of(calls), calls)


def call_cursor(call: Call) -> str:
    return encode_cursor(f"{call.published_at}|{call.claim_id}")


def calls_page(calls: list[Call], *, first: int, after: str | None) -> Page[Call]:
    """The ``first`` calls after the cursor ``after`` (newest first; a cursor is the call's
    publication and claim, so a page stays put when older calls are added)."""
    start = 0
    if after:
        published, _, claim_id = decode_cursor(after).partition("|")
        mark = (published, claim_id)
        start = next((i for i, c in enumerate(calls) if (c.published_at, c.claim_id) < mark), len(calls))
    page = calls[start : start + first]
    return Page(page, [call_cursor(c) for c in page], start + first < len(calls))
