"""The change feed read: events after a position, in position order, without gaps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from projections.db.adapter import Database
from projections.db.sql import sql
from projections.feed import sql as q
from projections.model import EventRecord, Page
from projections.timefmt import parse_ts


def event_record(row: Sequence[Any]) -> EventRecord:
    """A row of ``EVENT_COLUMNS`` as an ``EventRecord``."""
    position, type_, recorded_at, recorded_by, subject_id, source_id, data = row
    return EventRecord(int(position), type_, parse_ts(recorded_at), recorded_by, subject_id, source_id,
                       msgspec.json.decode(data))


class FeedQueries:
    def __init__(self, db: Database) -> None:
        self.db = db

    def events(self, *, after: int, first: int) -> Page[EventRecord]:
        """The change feed: events after a position, in position order, without gaps."""
        with self.db.read() as cur:
            cur.execute(sql(q.EVENTS_AFTER), (after, first + 1))
            rows = cur.fetchall()
        records = [event_record(row) for row in rows[:first]]
        return Page(records, [str(r.position) for r in records], len(rows) > first)
