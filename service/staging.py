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
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL, Identifier

from events.base import LedgerAggregate
from events.errors import ConcurrentWrite
from events.unit_of_work import decision_order

if TYPE_CHECKING:
    from service.storage import EventStoreAdapter

APPEND_CHUNK = 5000  # events per INSERT of a PostgreSQL append: bounded statements and memory
_IN_CHUNK = 500


class DiskStaging:
    """The ``Staging`` of ``events.unit_of_work`` over a temporary SQLite file."""

    def __init__(self, store: EventStoreAdapter) -> None:
        self._store = store
        self._dir = tempfile.TemporaryDirectory(prefix="talentledger-batch-")
        # Nothing here needs to survive a crash: no journal, no fsync.
        self._path = os.path.join(self._dir.name, "staged.db")
        self._db = sqlite3.connect(self._path, isolation_level=None)
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
        for event in decision_order(aggregates):
            stored = to_stored(event)
            rows.append((stored.originator_id, stored.originator_version, stored.topic, stored.state))
        self._db.execute("BEGIN")
        self._db.executemany("INSERT INTO staged VALUES (?, ?, ?, ?)", rows)
        self._db.execute("COMMIT")
        self._count += len(rows)

    def commit(self) -> int | None:
        if not self._count:
            return None
        try:
            if isinstance(self._store.recorder, PostgresApplicationRecorder):
                return self._append_on_postgres(self._store.recorder)
            return self._append_on_sqlite()
        except IntegrityError as error:  # a version taken meanwhile: nothing of the batch is stored
            raise ConcurrentWrite(str(error)) from error

    def _append_on_sqlite(self) -> int | None:
        """One ``INSERT ... SELECT`` from this file, attached to the event store's writer
        connection: the rows in staging order, their positions (rowids) given by SQLite in that
        order, as the recorder's own one-``INSERT``-per-event append would, without Python per row."""
        recorder = self._store.recorder
        table = recorder.events_table_name
        with recorder.datastore.get_connection(commit=True) as conn:
            conn.cursor().execute("ATTACH DATABASE ? AS staging", (self._path,))  # not inside a transaction
            try:
                with conn.transaction(commit=True) as cursor:
                    cursor.execute(
                        f"INSERT INTO {table} (originator_id, originator_version, topic, state)"
                        " SELECT originator_id, originator_version, topic, state FROM staging.staged ORDER BY rowid"
                    )
                    cursor.execute(f"SELECT MAX(rowid) FROM {table}")
                    last: int | None = cursor.fetchone()[0]
            finally:
                conn.cursor().execute("DETACH DATABASE staging")
        return last

    def _append_on_postgres(self, recorder: PostgresApplicationRecorder) -> int | None:
        """One transaction: the recorder's table lock (positions in commit order) and NOTIFY, then
        the staged rows in order, ``APPEND_CHUNK`` per ``INSERT`` of four plain arrays (the
        library's array of a composite type is dumped in Python, a third of an import's time)."""
        insert = SQL(
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state)"
            " SELECT * FROM unnest(%s::text[], %s::bigint[], %s::text[], %s::bytea[])"
        ).format(schema=Identifier(recorder.datastore.schema), table=Identifier(recorder.events_table_name))
        rows = self._db.execute("SELECT originator_id, originator_version, topic, state FROM staged ORDER BY rowid")
        with recorder.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            recorder._lock_table(curs)
            recorder._notify_channel(curs)
            while chunk := rows.fetchmany(APPEND_CHUNK):
                curs.execute(insert, [list(column) for column in zip(*chunk, strict=True)])
            curs.execute(recorder.max_notification_id_statement)
            found = curs.fetchone()
            return None if found is None else found["max"]

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()
