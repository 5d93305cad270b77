"""Opens the read models' database from its address: a SQLite file path or a PostgreSQL URL."""

from __future__ import annotations

from projections.db.adapter import Database
from projections.db.postgres import PostgresDatabase
from projections.db.sqlite import SQLiteDatabase


def connect(database: str, pool_size: int = 10, statement_timeout_ms: int = 10_000) -> Database:
    """A SQLite file path or a ``postgresql://`` URL."""
    if database.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(database, pool_size, statement_timeout_ms)
    return SQLiteDatabase(database)
