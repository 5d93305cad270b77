"""The SQLite side of the adapter: one connection per thread to a file in WAL mode, and a
``flock`` beside it as the leader lock."""

from __future__ import annotations

import fcntl
import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from projections.db import interrupt
from projections.db.adapter import LeaderLock

log = logging.getLogger(__name__)

BUSY_MS = 30_000
"""How long a statement waits for another connection's lock."""
WAL_KEPT = 64 * 2**20
"""The write-ahead log's file is cut back to this when it starts over (``journal_size_limit``)."""
CHECKPOINT_WAIT_MS = 2_000
"""How long ``checkpoint`` waits for readers of the log (writers wait meanwhile)."""
SORT_THREADS = 2
"""Helper threads a large sort may use (``PRAGMA threads``; SQLite's default is none): a rebuild's
``CREATE INDEX`` of the timelines' ten indexes at 1M events took 17.3-18.9 s with them, 20.9-27.6 s
without (``bench/README.md``). Small sorts use none."""


class FileLock:
    """``flock`` on a file beside the database: the kernel releases it when the process dies."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._handle: Any = None

    def try_acquire(self) -> bool:
        if self._handle is not None:
            return True
        handle = open(self.path, "a+")  # noqa: SIM115 - held open while the lock is held
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._handle = handle
        return True

    def held(self) -> bool:
        return self._handle is not None  # the kernel keeps it while the file is open

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


class SQLiteDatabase:
    """One connection per thread to a SQLite file in WAL mode."""

    dialect = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = self.address = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_MS / 1000)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            conn.execute(f"PRAGMA journal_size_limit={WAL_KEPT}")
            # 64 MiB of page cache (the default is 2 MiB): read-model indexes of a million rows
            # are written in random key order, and a small cache turns each insert into I/O.
            conn.execute("PRAGMA cache_size=-65536")
            # Debian's SQLite zeroes every page it frees (SECURE_DELETE): a rebuild's swap then wrote
            # the whole old set of tables again, through the log. FAST zeroes deleted rows only where
            # the page is written anyway; the pages of a dropped table go to the free list as they are.
            conn.execute("PRAGMA secure_delete=FAST")
            conn.execute(f"PRAGMA threads={SORT_THREADS}")
            conn.set_progress_handler(interrupt.progress, interrupt.PROGRESS_STEPS)  # request time limit
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def leader_lock(self, name: str) -> LeaderLock:
        return FileLock(f"{self.path}.{name}.lock")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        conn = self._connection()
        cursor = conn.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield cursor
        except BaseException:
            conn.rollback()
            raise
        else:
            conn.commit()
        finally:
            cursor.close()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Cursor]:
        conn = self._connection()
        cursor = conn.cursor()
        cursor.execute("BEGIN")
        try:
            yield cursor
        finally:
            conn.rollback()
            cursor.close()

    def settle(self, names: list[str]) -> None:
        """Nothing: the plans here were chosen and measured without ``ANALYZE``'s statistics."""

    def checkpoint(self) -> None:
        """``wal_checkpoint(TRUNCATE)``: every page of the log written back and the log emptied.
        The log starts over only when no reader holds an older snapshot, and a rebuild's loader
        and fold workers read all along: it grows to everything the rebuild wrote (7.9 GB at 1M
        events, ``bench/README.md``), disk and page cache the database's own pages then lack.
        Waits ``CHECKPOINT_WAIT_MS`` at most for readers; a log it could not empty is cut back
        to ``WAL_KEPT`` when it next starts over."""
        conn = self._connection()
        conn.execute(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
        try:
            busy, pages, written = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        if busy:
            log.info("checkpoint: readers held the write-ahead log (%s of %s pages written back)", written, pages)

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()
