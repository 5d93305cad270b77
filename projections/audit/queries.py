"""The audit trail's reads: a person's events (and their merged duplicates'), in recorded order."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from projections.audit import sql as q
from projections.db.adapter import Cursor, Database
from projections.db.sql import LIVE, marks, sql
from projections.directory.reads import merged_ids, survivor
from projections.feed.queries import event_record
from projections.model import EventRecord
from projections.timefmt import ts


def _where(cur: Cursor, person_id: str, as_of: datetime | None) -> tuple[str, list[Any]] | None:
    """The ``FROM ... WHERE`` of a person's events and its parameters; None for nobody."""
    found = survivor(cur, person_id)
    if found is None:
        return None
    ids = merged_ids(cur, LIVE, found, None)
    where = sql(q.OF_PEOPLE, marks=marks(len(ids)))
    params: list[Any] = list(ids)
    if as_of is not None:
        where += q.RECORDED_BY
        params.append(ts(as_of))
    return where, params


class AuditQueries:
    def __init__(self, db: Database) -> None:
        self.db = db

    def history(
        self, person_id: str, *, as_of: datetime | None, first: int | None = None, after: int = 0
    ) -> list[EventRecord]:
        """Events about the person and its merged duplicates in recorded order: the ``first``
        after position ``after`` (every one when ``first`` is None)."""
        with self.db.read() as cur:
            found = _where(cur, person_id, as_of)
            if found is None:
                return []
            where, params = found
            statement = q.EVENTS.format(where=where) + q.AFTER + (" LIMIT ?" if first is not None else "")
            cur.execute(statement, [*params, after, *([first] if first is not None else [])])
            return [event_record(row) for row in cur.fetchall()]

    def history_count(self, person_id: str, *, as_of: datetime | None) -> int:
        """How many events ``history`` lists for the person."""
        with self.db.read() as cur:
            found = _where(cur, person_id, as_of)
            if found is None:
                return 0
            where, params = found
            cur.execute(q.COUNT.format(where=where), params)
            return int(cur.fetchone()[0])
