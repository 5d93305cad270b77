"""The interface the read models speak to their database through: cursors, transactions, reads
and a leader lock, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


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


class Database(Protocol):
    dialect: str
    address: str  # what ``connect`` takes to open this database again, in another process

    def leader_lock(self, name: str) -> LeaderLock:
        """A lock only one process per database can hold at a time."""

    def transaction(self) -> Any:
        """Context manager: a cursor in a write transaction, committed on success."""

    def read(self) -> Any:
        """Context manager: a cursor for a consistent read."""

    def settle(self, names: list[str]) -> None:
        """After a bulk load into these tables, before anyone reads them: the planner's statistics
        and, on PostgreSQL, the visibility map (``VACUUM (ANALYZE)``)."""

    def checkpoint(self) -> None:
        """After a rebuild's swap: everything it wrote into the database file, and the write-ahead
        log emptied (SQLite; PostgreSQL checkpoints on its own)."""

    def close(self) -> None: ...
