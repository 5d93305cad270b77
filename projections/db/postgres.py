"""The PostgreSQL side of the adapter: a checked psycopg pool, ``?`` placeholders rewritten (an
``IN (?, ...)`` list as one array parameter), and a session advisory lock as the leader lock."""

from __future__ import annotations

import re
import select
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from projections.db.adapter import LeaderLock


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


_IN_LIST = re.compile(r"\b(NOT )?IN \((\?(?:, ?\?)*)\)")


@lru_cache(maxsize=1024)
def with_arrays(statement: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``statement`` with psycopg's placeholders, each ``IN (?, ?, ...)`` list (``sql.marks``) made
    ``= ANY(%s)`` (``NOT IN``: ``<> ALL(%s)``), the same condition; and where each list's values
    start among the parameters, and how many there are. psycopg parses a statement of more than 50
    parameters again at every call (about 2 ms for a chunk of 500 ids, measured) and never prepares
    it; with one array each, a statement's text is the same whatever the list's length."""
    parts: list[str] = []
    lists: list[tuple[int, int]] = []
    last = index = 0
    for match in _IN_LIST.finditer(statement):
        start = index + statement.count("?", last, match.start())
        count = match.group(2).count("?")
        parts += [statement[last : match.start()], "<> ALL(?)" if match.group(1) else "= ANY(?)"]
        lists.append((start, count))
        index, last = start + count, match.end()
    parts.append(statement[last:])
    return "".join(parts).replace("?", "%s"), tuple(lists)


class PgCursor:
    """Adapts a psycopg cursor to ``?`` placeholders (``with_arrays``)."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        statement, lists = with_arrays(sql)
        if lists:
            values, params, taken = list(params), [], 0
            for start, count in lists:
                params += [*values[taken:start], values[start : start + count]]
                taken = start + count
            params += values[taken:]
        return self._cursor.execute(statement, params)

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
    def transaction(self) -> Iterator[PgCursor]:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cursor:
            yield PgCursor(cursor)

    @contextmanager
    def read(self) -> Iterator[PgCursor]:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield PgCursor(cursor)

    def checkpoint(self) -> None:
        """Nothing: the server checkpoints on its own, and its log is recycled."""

    def settle(self, names: list[str]) -> None:
        """``VACUUM (ANALYZE)``, outside a transaction and without the statement timeout: tables
        loaded in bulk have no statistics and no page marked all-visible until autovacuum's next
        pass, so the first reads plan blind, read the table for every index entry and set each
        row's hint bits (measured at 100k events: the default roster 20 -> 11 ms, a roster under
        both moments 143 -> 69 ms)."""
        with self.pool.connection() as conn:
            conn.autocommit = True
            conn.execute("SET statement_timeout = 0")
            try:
                for name in names:
                    conn.execute(f"VACUUM (ANALYZE) {name}")
            finally:
                conn.execute("RESET statement_timeout")
                conn.autocommit = False

    def close(self) -> None:
        self.pool.close()
