"""A batch's staging area: decided events set aside in a private SQLite file until the whole
batch is accepted, then appended to the event store in one transaction.

An import file is decided a chunk of lines at a time (``events/batch.py``); the events of each
chunk come here, encoded, rather than staying in memory as aggregates and event objects, so an
import's memory does not grow with the file. The file lives in a temporary directory (``TMPDIR``)
and is deleted when the batch ends, stored or not.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder

from events.base import LedgerAggregate
from events.errors import ConcurrentWrite

if TYPE_CHECKING:
    from service.storage import EventStoreAdapter

APPEND_CHUNK = 2000  # events per INSERT of the final append: bounded statements and memory
_IN_CHUNK = 500


class DiskStaging:
    """The ``Staging`` of ``events.unit_of_work`` over a temporary SQLite file."""

    def __init__(self, store: EventStoreAdapter) -> None:
        self._store = store
        self._dir = tempfile.TemporaryDirectory(prefix="talentledger-batch-")
        # Nothing here needs to survive a crash: no journal, no fsync.
        self._db = sqlite3.connect(os.path.join(self._dir.name, "staged.db"), isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE staged (originator_id TEXT NOT NULL, originator_version INTEGER NOT NULL,"
            " topic TEXT NOT NULL, state BLOB NOT NULL, PRIMARY KEY (originator_id, originator_version))"
        )
        self._count = 0

    @property
    def staged(self) -> int:
        return self._count

    def load(self, aggregate_id: str) -> LedgerAggregate | None:
        rows = self._db.execute(
            "SELECT originator_version, topic, state FROM staged WHERE originator_id = ?"
            " ORDER BY originator_version", (aggregate_id,),
        ).fetchall()
        # Created in this batch: the store cannot hold it (a concurrent creation fails the append).
        aggregate = None if rows and rows[0][0] == 1 else self._store.load(aggregate_id)
        for version, topic, state in rows:
            event = self._store.mapper.to_domain_event(StoredEvent(aggregate_id, version, topic, state))
            aggregate = event.mutate(aggregate)
        return aggregate

    def existing(self, aggregate_ids: Iterable[str]) -> set[str]:
        wanted = list(set(aggregate_ids))
        found = self._store.existing(wanted)
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT originator_id FROM staged WHERE originator_version = 1 AND originator_id IN ({marks})"
            found.update(row[0] for row in self._db.execute(sql, chunk))
        return found

    def save(self, aggregates: Sequence[LedgerAggregate]) -> None:
        to_stored = self._store.mapper.to_stored_event
        rows = []
        for aggregate in aggregates:
            for event in aggregate.collect_events():
                stored = to_stored(event)
                rows.append((stored.originator_id, stored.originator_version, stored.topic, stored.state))
        self._db.execute("BEGIN")
        self._db.executemany("INSERT INTO staged VALUES (?, ?, ?, ?)", rows)
        self._db.execute("COMMIT")
        self._count += len(rows)

    def commit(self) -> int | None:
        if not self._count:
            return None
        if isinstance(self._store.recorder, PostgresApplicationRecorder):
            return append_in_one_transaction(self._store, self._chunks())
        return self._append_on_sqlite()

    def _append_on_sqlite(self) -> int | None:
        """One ``INSERT ... SELECT`` from this file, attached to the event store's writer
        connection: the same rows in the same order as the recorder's own one-``INSERT``-per-event
        append, with positions (rowids) given by SQLite in that order, without Python per row."""
        recorder = self._store.recorder
        path = os.path.join(self._dir.name, "staged.db")
        table = recorder.events_table_name
        with recorder.datastore.get_connection(commit=True) as conn:
            conn.cursor().execute("ATTACH DATABASE ? AS staging", (path,))  # not allowed inside a transaction
            try:
                with conn.transaction(commit=True) as cursor:
                    cursor.execute(
                        f"INSERT INTO {table} (originator_id, originator_version, topic, state)"
                        " SELECT originator_id, originator_version, topic, state FROM staging.staged ORDER BY rowid"
                    )
                    cursor.execute(f"SELECT MAX(rowid) FROM {table}")
                    last: int | None = cursor.fetchone()[0]
            except IntegrityError as error:
                raise ConcurrentWrite(str(error)) from error
            finally:
                conn.cursor().execute("DETACH DATABASE staging")
        return last

    def _chunks(self) -> Iterator[list[StagedRow]]:
        cursor = self._db.execute("SELECT originator_id, originator_version, topic, state FROM staged ORDER BY rowid")
        while rows := cursor.fetchmany(APPEND_CHUNK):
            yield list(map(StagedRow._make, rows))

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()


class StagedRow(NamedTuple):
    """A staged event as the recorders read it: the fields of ``StoredEvent``, built in C."""

    originator_id: str
    originator_version: int
    topic: str
    state: bytes


def append_in_one_transaction(store: EventStoreAdapter, chunks: Iterable[Sequence[Any]]) -> int | None:
    """Append every chunk in one PostgreSQL transaction (several INSERTs, one commit); the last
    position. The recorder's own statements are used: the table lock that keeps positions in
    commit order, the NOTIFY, the insert returning positions.

    Raises ConcurrentWrite when another writer took one of the versions first.
    """
    recorder = store.recorder
    assert isinstance(recorder, PostgresApplicationRecorder)
    last: int | None = None
    try:
        with recorder.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            for chunk in chunks:
                recorder._insert_stored_events(curs, chunk)
                ids = recorder._fetch_ids_after_insert_events(curs, chunk) or []
                last = max(ids, default=last)
    except IntegrityError as error:
        raise ConcurrentWrite(str(error)) from error
    return last
