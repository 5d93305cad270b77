"""The tracking row and the projection lock: what makes a page apply exactly once.

Each set of read-model tables has one tracking row (``NAME``) holding the event-store position it
reflects, written in the same transaction as the page it advances past. Every page transaction
first takes the projection lock (a PostgreSQL advisory transaction lock; SQLite's single writer
needs none), so two projectors, or a projector and a rebuild's swap, never apply an event twice.
"""

from __future__ import annotations

from projections.db.adapter import Cursor

NAME = "talentledger"
LOCK_KEY = 0x7A1E47  # advisory lock id shared by every projector of one database
# PostgreSQL channel NOTIFYed in every transaction that advances the live read models: API
# processes LISTEN on it to wake their subscriptions and read-your-writes waiters.
PROJECTION_CHANNEL = "talentledger_projection"


def tracked_position(cur: Cursor, prefix: str) -> int:
    cur.execute(f"SELECT position FROM {prefix}tracking WHERE name = ?", (NAME,))
    row = cur.fetchone()
    return int(row[0]) if row else 0


def advance(cur: Cursor, prefix: str, position: int) -> None:
    """Move the set's tracking row to ``position`` (in the page's transaction)."""
    cur.execute(f"UPDATE {prefix}tracking SET position = ? WHERE name = ?", (position, NAME))


def start(cur: Cursor, prefix: str) -> None:
    """The tracking row of a new set, at position 0 (kept if it is there already)."""
    cur.execute(f"INSERT INTO {prefix}tracking (name, position) VALUES (?, 0) ON CONFLICT DO NOTHING", (NAME,))


def lock(cur: Cursor, dialect: str) -> None:
    """Take the projection lock for the rest of the transaction."""
    if dialect == "postgresql":
        cur.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_KEY,))


def announce(cur: Cursor, dialect: str, position: int) -> None:
    """On PostgreSQL, NOTIFY the projection channel; delivered only if the transaction commits."""
    if dialect == "postgresql":
        cur.execute("SELECT pg_notify(?, ?)", (PROJECTION_CHANNEL, str(position)))
