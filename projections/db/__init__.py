"""The read models' database adapter: one small interface over a SQLite file or PostgreSQL.

SQL is written once with ``?`` placeholders and standard syntax; the PostgreSQL side rewrites
the placeholders. Rows are tuples. ``adapter`` has the interface (``Database``, ``Cursor``,
``LeaderLock``), ``sqlite`` and ``postgres`` its two implementations, ``connect`` picks one from
an address, ``retry`` tells a lost connection from a failed statement and retries reads,
``interrupt`` stops a statement past its request's deadline. ``tables`` composes every read
model's DDL into one set of tables; ``migrations`` brings an existing database to it.

Lost connections (a restarted server, ``pg_terminate_backend``): the pool checks each
connection before handing it out and replaces a dead one; a read whose connection dies under it
is retried once (``retry_reads``); the projector checks its leader lock's session every cycle.
"""

from projections.db.adapter import Cursor, Database, LeaderLock
from projections.db.connect import connect
from projections.db.postgres import PostgresDatabase, connection_check
from projections.db.retry import is_connection_error, retried, retry_reads
from projections.db.sqlite import SQLiteDatabase

__all__ = [
    "Cursor",
    "Database",
    "LeaderLock",
    "PostgresDatabase",
    "SQLiteDatabase",
    "connect",
    "connection_check",
    "is_connection_error",
    "retried",
    "retry_reads",
]
