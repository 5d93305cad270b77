"""The read models' connection to the database (SQLite file or PostgreSQL), one small interface.

SQL is written once with ``?`` placeholders and standard syntax; the PostgreSQL side rewrites
the placeholders. Rows are tuples.
"""

from __future__ import annotations

import fcntl
import sqlite3
import threading
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from projections import interrupt


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class LeaderLock(Protocol):
    """A lock held for a process's lifetime; released when the holder stops or dies."""

    def try_acquire(self) -> bool: ...
    def release(self) -> None: ...


class Database(Protocol):
    dialect: str
    address: str  # what ``connect`` takes to open this database again, in another process

    def leader_lock(self, name: str) -> LeaderLock:
        """A lock only one process per database can hold at a time."""

    def transaction(self) -> Any:
        """Context manager: a cursor in a write transaction, committed on success."""

    def read(self) -> Any:
        """Context manager: a cursor for a consistent read."""

    def close(self) -> None: ...


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

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


class AdvisoryLock:
    """A PostgreSQL session advisory lock on a dedicated connection: released if it dies."""

    def __init__(self, url: str, key: int) -> None:
        self.url = url
        self.key = key
        self._conn: Any = None

    def try_acquire(self) -> bool:
        import psycopg

        if self._conn is not None and not self._conn.closed:
            return True
        conn = psycopg.connect(self.url, autocommit=True)
        row = conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
        if not row or not row[0]:
            conn.close()
            return False
        self._conn = conn
        return True

    def release(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


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
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            # 64 MiB of page cache (the default is 2 MiB): read-model indexes of a million rows
            # are written in random key order, and a small cache turns each insert into I/O.
            conn.execute("PRAGMA cache_size=-65536")
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

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


class _PgCursor:
    """Adapts a psycopg cursor to ``?`` placeholders."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._cursor.execute(sql.replace("?", "%s"), params)

    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> Any:
        return self._cursor.executemany(sql.replace("?", "%s"), params)

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        rows: list[Any] = self._cursor.fetchall()
        return rows


class PostgresDatabase:
    """A psycopg connection pool with a statement timeout on every connection, 10 s to connect
    and at most 10 s waiting for a free connection; ``close()`` closes every connection."""

    dialect = "postgresql"

    def __init__(self, url: str, pool_size: int = 10, statement_timeout_ms: int = 10_000) -> None:
        from psycopg.conninfo import conninfo_to_dict
        from psycopg_pool import ConnectionPool

        self.url = self.address = url
        # The URL's own ``options`` (``?options=-csearch_path%3Dledger``) are kept, not replaced.
        timeout = f"-c statement_timeout={statement_timeout_ms}"
        given = conninfo_to_dict(url).get("options")
        options = f"{given} {timeout}" if given else timeout
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"options": options, "connect_timeout": 10},
            timeout=10,
            open=True,
        )

    def leader_lock(self, name: str) -> LeaderLock:
        return AdvisoryLock(self.url, zlib.crc32(name.encode()))

    @contextmanager
    def transaction(self) -> Iterator[_PgCursor]:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cursor:
            yield _PgCursor(cursor)

    @contextmanager
    def read(self) -> Iterator[_PgCursor]:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield _PgCursor(cursor)

    def close(self) -> None:
        self.pool.close()


def connect(database: str, pool_size: int = 10, statement_timeout_ms: int = 10_000) -> Database:
    """A SQLite file path or a ``postgresql://`` URL."""
    if database.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(database, pool_size, statement_timeout_ms)
    return SQLiteDatabase(database)
