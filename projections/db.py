"""The read models' connection to the database (SQLite file or PostgreSQL), one small interface.

SQL is written once with ``?`` placeholders and standard syntax; the PostgreSQL side rewrites
the placeholders. Rows are tuples.

Lost connections (a restarted server, ``pg_terminate_backend``): the pool checks each
connection before handing it out and replaces a dead one; a read whose connection dies under it
is retried once (``retry_reads``); the projector checks its leader lock's session every cycle.
"""

from __future__ import annotations

import fcntl
import inspect
import select
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from typing import Any, Protocol, TypeVar

from projections import interrupt

T = TypeVar("T")


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class LeaderLock(Protocol):
    """A lock held for a process's lifetime; released when the holder stops or dies."""

    def try_acquire(self) -> bool: ...

    def held(self) -> bool:
        """Whether this process still holds it (a PostgreSQL session can be lost)."""

    def release(self) -> None: ...


def is_connection_error(error: BaseException) -> bool:
    """Whether ``error`` means the connection was lost (not that a statement failed): the
    server closed or terminated it, the network dropped it, or no connection could be had."""
    if error.__cause__ is not None and is_connection_error(error.__cause__):
        return True  # a library's own error raised from psycopg's
    try:
        import psycopg
        import psycopg_pool
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    if isinstance(error, psycopg_pool.PoolTimeout | psycopg.InterfaceError):
        return True
    if not isinstance(error, psycopg.OperationalError):
        return False
    state = error.sqlstate or ""
    # No SQLSTATE: the client lost the socket. 08: connection exception. 57P01-03: the server
    # terminated the session (pg_terminate_backend, shutdown) or cannot take it now.
    return not state or state.startswith("08") or state in {"57P01", "57P02", "57P03"}


def connection_check(pool: Any) -> Callable[[Any], None]:
    """A ``check`` for a psycopg pool: no round trip while the server has said nothing since
    the connection was last used (the usual case: ~1 us); a real check when it has (a
    terminated session sends a last message and closes). On a dead connection every idle one is
    checked at once, as a restart or failover takes them all: psycopg_pool would otherwise find
    them one checkout at a time, sleeping 1, 2, 4... s between failed checks."""
    from psycopg_pool import ConnectionPool

    def check(conn: Any) -> None:
        if not conn.closed and not _readable(conn.fileno()):
            return
        try:
            ConnectionPool.check_connection(conn)
        except Exception:
            pool.check()
            raise

    return check


def _readable(fd: int) -> bool:
    """Whether the server sent anything on this socket (``poll``: no limit on descriptor numbers)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


def retry_reads(cls: type[T]) -> type[T]:
    """Class decorator: each public method (a read) is run again, once, when its connection was
    lost under it; the second attempt gets a checked connection from the pool."""
    for name, method in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(method):
            setattr(cls, name, retried(method))
    return cls


def retried(method: Callable[..., Any]) -> Callable[..., Any]:
    """A read run again, once, when its connection was lost under it (see ``retry_reads``)."""

    @wraps(method)
    def once_more(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except Exception as error:
            if not is_connection_error(error):
                raise
            return method(*args, **kwargs)

    return once_more


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

    def held(self) -> bool:
        return self._handle is not None  # the kernel keeps it while the file is open

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


class AdvisoryLock:
    """A PostgreSQL session advisory lock on a dedicated connection: released if it dies, so
    the holder must check (``held``) that its session is still there before acting as leader."""

    APPLICATION_NAME = "talentledger-leader-lock"

    def __init__(self, url: str, key: int) -> None:
        self.url = url
        self.key = key
        self._conn: Any = None

    def try_acquire(self) -> bool:
        import psycopg

        if self._conn is not None and not self._conn.closed:
            return True
        self.release()  # a connection left from a lost session
        conn = psycopg.connect(self.url, autocommit=True, connect_timeout=10,
                               application_name=self.APPLICATION_NAME)
        row = conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
        if not row or not row[0]:
            conn.close()
            return False
        self._conn = conn
        return True

    def held(self) -> bool:
        """One round trip on the lock's session: a session lock lasts as long as its session."""
        if self._conn is None or self._conn.closed:
            return False
        try:
            self._conn.execute("SELECT 1")
        except Exception:  # the session is gone, and the lock with it
            return False
        return True

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
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
    and at most 10 s waiting for a free connection, each connection checked before it is handed
    out (a dead one is replaced); ``close()`` closes every connection."""

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
            check=self._check,
            open=True,
        )
        self._checker = connection_check(self.pool)

    def _check(self, conn: Any) -> None:
        self._checker(conn)

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
