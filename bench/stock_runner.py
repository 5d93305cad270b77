"""The stock ``eventsourcing`` ``ProjectionRunner`` driving the same projection, one event per
transaction, for ``rebuild_ratio_stock_runner``.

The view is a library tracking recorder whose ``apply`` writes the event through our
``PageWriter`` (the same handlers and timeline recompute) and the library's tracking row, in one
transaction per event, exactly as the stock runner is designed to be used. The library's SQLite
recorder has no subscription, so a polling one is supplied (LIBRARY-FACTS).
"""

from __future__ import annotations

import collections
import time
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Notification, Subscription, Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteTrackingRecorder

from projections.db import tables
from projections.db.postgres import PgCursor
from projections.projector.dispatch import PageWriter
from service.codec import MsgspecMapper
from service.storage import LedgerEventStore

PREFIX = "tl_stock_"


class PollingSubscription(Subscription[Any]):
    def __init__(self, recorder: Any, gt: int | None = None, topics: Sequence[str] = ()) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._buffer: collections.deque[Notification] = collections.deque()

    def __next__(self) -> Notification:
        while not self._has_been_stopped:
            if self._buffer:
                note = self._buffer.popleft()
                self._last_notification_id = note.id
                return note
            self._buffer.extend(self._recorder.select_notifications(
                start=self._last_notification_id, limit=500, topics=self._topics, inclusive_of_start=False))
            if not self._buffer:
                time.sleep(0.01)
        raise StopIteration


class PollingSQLiteRecorder(SQLiteApplicationRecorder):
    def subscribe(self, gt: int | None = None, topics: Sequence[str] = ()) -> Subscription[Any]:
        return PollingSubscription(self, gt=gt, topics=topics)


class _Tuples:
    """Our writer indexes rows by position; the library's cursors return mapping rows."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._cursor.execute(sql, params)

    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> Any:
        return self._cursor.executemany(sql, params)

    @staticmethod
    def _row(row: Any) -> Any:
        return tuple(row.values()) if isinstance(row, dict) else (tuple(row) if row is not None else None)

    def fetchone(self) -> Any:
        return self._row(self._cursor.fetchone())

    def fetchall(self) -> list[Any]:
        return [self._row(r) for r in self._cursor.fetchall()]


def _apply(cursor: Any, event: Any, tracking: Tracking) -> None:
    writer = PageWriter(cursor, PREFIX)
    writer.apply(event, tracking.notification_id)
    writer.recompute(writer.touched)
    writer.flush()


class SQLiteLedgerView(SQLiteTrackingRecorder):
    def apply(self, event: Any, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as c:
            _apply(_Tuples(c.sqlite_cursor), event, tracking)
            self._insert_tracking(c, tracking)


class PostgresLedgerView(PostgresTrackingRecorder):
    def apply(self, event: Any, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as c:
            _apply(_Tuples(PgCursor(c)), event, tracking)
            self._insert_tracking(c, tracking)


class LedgerProjection(Projection[Any]):
    name = "stockledger"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply(domain_event, tracking)


class _App(LedgerEventStore):
    name = "TalentLedger"

    def construct_mapper(self) -> Any:
        return MsgspecMapper()


def run_stock(db: Any, es_env: dict[str, str], events: int, timeout: float = 1800) -> float:
    """Project the first ``events`` events with the stock runner; returns events per second."""
    with db.transaction() as cur:
        for statement in tables.drop(PREFIX) + tables.ddl(PREFIX, db.dialect):
            cur.execute(statement)
    env = dict(es_env)
    postgres = db.dialect == "postgresql"  # the module is ours there (service.pgoptions), not the library's
    if not postgres:
        env["APPLICATION_RECORDER_TOPIC"] = f"{__name__}:PollingSQLiteRecorder"
    view = PostgresLedgerView if postgres else SQLiteLedgerView
    started = time.perf_counter()
    with ProjectionRunner(application_class=_App, projection_class=LedgerProjection, view_class=view,
                          env=env) as runner:
        runner.wait(events, timeout=timeout)
        elapsed = time.perf_counter() - started
    with db.transaction() as cur:
        for statement in tables.drop(PREFIX):
            cur.execute(statement)
    return events / elapsed
