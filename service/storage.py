"""The event store: the eventsourcing library on SQLite or PostgreSQL, with the msgspec codec."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Mapper, Notification, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder

from events.base import LedgerAggregate
from events.errors import ConcurrentWrite
from events.unit_of_work import decision_order
from projections.db import connection_check, retried
from service.codec import MsgspecMapper
from service.settings import Settings
from service.staging import DiskStaging

_CHUNK = 500
_SCHEMA_LOCK_KEY = 0x7A1E48


@contextmanager
def schema_lock(settings: Settings) -> Iterator[None]:
    """On PostgreSQL, one process at a time creates or migrates tables: processes started at
    once on a fresh database (a projector and replicas) would otherwise race, as ``CREATE TABLE
    IF NOT EXISTS`` is not safe against a concurrent twin. The lock goes with its connection.
    (SQLite's single writer serializes the same work.)"""
    if not settings.is_postgres:
        yield
        return
    import psycopg

    with psycopg.connect(settings.database, autocommit=True, connect_timeout=10) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_SCHEMA_LOCK_KEY,))
        yield


def events_table(settings: Settings) -> str:
    """The event store's table, as the library names it on each backend."""
    return f"{LedgerEventStore.name.lower()}_events" if settings.is_postgres else "stored_events"


def store_exists(settings: Settings) -> bool:
    """Whether the event store's table is there already. The library would otherwise run its
    ``CREATE ... IF NOT EXISTS`` at every start, and on PostgreSQL ``CREATE INDEX IF NOT
    EXISTS`` takes a lock on the events table even when the index exists (waiting behind, and
    holding up, every append in progress)."""
    table = events_table(settings)
    if settings.is_postgres:
        import psycopg

        with psycopg.connect(settings.database, autocommit=True, connect_timeout=10) as conn:
            row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()
        return bool(row and row[0])
    if not Path(settings.database).exists():
        return False
    with closing(sqlite3.connect(settings.database, timeout=30)) as conn:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone() \
            is not None


def event_source(settings: Settings) -> tuple[Callable[[int, int], Sequence[Any]], Callable[[Any], Any]]:
    """The projector's event source, opened anew: a rebuild's loader process calls this (with
    ``functools.partial``, it pickles)."""
    store = EventStoreAdapter(settings, create_tables=False)  # the rebuilding process made them
    return store.notifications, store.mapper.to_domain_event


class StoredNote(NamedTuple):
    """A stored event and its position: the fields of the library's ``Notification``."""

    id: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


class LedgerPostgresRecorder(PostgresApplicationRecorder):
    """The library's PostgreSQL recorder, appending without psycopg's pipeline mode.

    In 9.5.6 a batch is one INSERT whose parameter is an array of every event, sent inside a
    pipeline; with a large batch (a 100k-line import) the client waits on the pipeline sync while
    the server still reads that parameter, and both wait forever. The same statements, in the
    same transaction (table lock for gap-free positions, NOTIFY, insert, ids), without the
    pipeline, do not stall.
    """

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events:
            return []
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_stored_events(curs, stored_events, **kwargs)
            ids: Sequence[int] | None = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
            return ids


class LedgerEventStore(Application[str]):
    """The eventsourcing application that holds every Talent Ledger event."""

    name = "TalentLedger"

    def construct_mapper(self) -> Mapper[str]:
        return MsgspecMapper()


class EventStoreAdapter:
    """The write side's ``AggregateStore`` and the projector's event source, over the library."""

    def __init__(self, settings: Settings, *, create_tables: bool = True) -> None:
        env = settings.eventsourcing_env()
        env["CREATE_TABLE"] = "y" if create_tables else "n"
        # Check each pooled connection before use: a connection the server dropped (restart,
        # pg_terminate_backend) is replaced instead of failing a request. The library already
        # retries its reads on connection errors.
        env["POSTGRES_PRE_PING"] = "y"
        self.app = LedgerEventStore(env=env)
        recorder: Any = self.app.recorder
        self.recorder = recorder
        if settings.is_postgres:
            # The library's ping is a round trip per checkout, and psycopg_pool sleeps 1, 2, 4...
            # s between failed checks: ours costs no round trip and replaces every dead
            # connection at once (projections/db/postgres.py). psycopg_pool has no public setter for it.
            pool = recorder.datastore.pool
            pool._check = connection_check(pool)
        assert isinstance(self.app.mapper, MsgspecMapper)
        self.mapper = self.app.mapper
        self._param = "%s" if settings.is_postgres else "?"
        self._url = settings.database if settings.is_postgres else ""

    def load(self, aggregate_id: str) -> LedgerAggregate | None:
        try:
            aggregate: LedgerAggregate = self.app.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate

    @retried
    def existing(self, aggregate_ids: Iterable[str]) -> set[str]:
        ids = list(aggregate_ids)
        found: set[str] = set()
        table = self.recorder.events_table_name
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join([self._param] * len(chunk))
            sql = (
                f"SELECT originator_id FROM {table} "
                f"WHERE originator_version=1 AND originator_id IN ({marks})"
            )
            with self.recorder.datastore.transaction(commit=False) as cursor:
                cursor.execute(sql, chunk)
                found.update(str(row["originator_id"]) for row in cursor.fetchall())
        return found

    def save(self, aggregates: Sequence[LedgerAggregate]) -> int | None:
        # Collecting pending events here, rather than through Application.save(), skips the
        # library's runtime Protocol isinstance checks (~35 us per aggregate, a third of an import).
        pending = decision_order(aggregates)
        if not pending:
            return None
        try:
            recordings = self.app.events.put(pending)
        except IntegrityError as error:
            raise ConcurrentWrite(str(error)) from error
        return max((r.notification.id for r in recordings), default=None)

    def max_position(self) -> int:
        return int(self.recorder.max_notification_id() or 0)

    def stage(self) -> DiskStaging:
        """A staging area for one batch: an import's events wait there until all are decided."""
        return DiskStaging(self)

    def notifications(self, after: int, limit: int, stop: int | None = None) -> Sequence[Notification | StoredNote]:
        """Stored events with position > ``after`` (and ``<= stop``), in position order.

        On SQLite, the library's own query with plain tuple rows: its ``sqlite3.Row`` rows and
        frozen ``Notification`` dataclasses cost a million-event rebuild about 2.5 s of the
        loader's time. Same table, same order, same fields.
        """
        if self._url:
            result: Sequence[Notification] = self.recorder.select_notifications(
                start=after, limit=limit, stop=stop, inclusive_of_start=False
            )
            return result
        sql = f"SELECT rowid, originator_id, originator_version, topic, state FROM {self.recorder.events_table_name}"
        params = (after, limit) if stop is None else (after, stop, limit)
        sql += " WHERE rowid > ?" + (" AND rowid <= ?" if stop is not None else "") + " ORDER BY rowid LIMIT ?"
        with self.recorder.datastore.transaction(commit=False) as cursor:
            cursor.row_factory = None
            cursor.execute(sql, params)
            return list(map(StoredNote._make, cursor.fetchall()))

    def listener(self) -> PostgresListener | None:
        """On PostgreSQL, a LISTEN on the channel the library NOTIFYs after each append."""
        if not self._url:
            return None
        return PostgresListener(self._url, self.recorder.channel_name)

    def close(self) -> None:
        self.app.close()


class PostgresListener:
    """Waits on a dedicated connection for NOTIFYs on one channel (the event store's, or the
    projector's). The connection is opened on first use and closed by ``close()``."""

    def __init__(self, url: str, channel: str, connect_timeout_s: int = 10) -> None:
        self.url = url
        self.channel = channel
        self.connect_timeout_s = connect_timeout_s
        self._conn: Any = None

    def open(self) -> None:
        """Connect and LISTEN, unless already listening."""
        import psycopg
        from psycopg import sql

        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.url, autocommit=True, connect_timeout=self.connect_timeout_s,
                                         application_name=f"talentledger-listen-{self.channel}")
            self._conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))

    def wait(self, timeout: float) -> bool:
        self.open()
        try:
            return any(True for _ in self._conn.notifies(timeout=timeout, stop_after=1))
        except Exception:
            self.close()  # a lost connection: the next wait connects and LISTENs again
            raise

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
