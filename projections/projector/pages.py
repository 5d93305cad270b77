"""Applying one page of events inside its transaction, so that no event can stop the projector.

What the projector does with an event it cannot project (``docs/operations.md``):

- **Text a database cannot hold** (NUL, which PostgreSQL refuses in text) is made storable in
  the read models: each NUL becomes U+FFFD, on both backends, and the event counts as usual.
  The event store keeps the event as it was stored (``export`` shows it unchanged).
- **Any other failure** of an event (it cannot be decoded, a handler or a rule raises, the
  database refuses a row) is isolated: the page is applied again event by event, each in a
  savepoint; the failing event's changes are rolled back, it stays in the change feed when it
  can be decoded, and it is recorded in ``tl_dead_letters`` (position, type, one-line error).
  The page commits and the projector goes on. ``rebuild`` replays every event, so it retries
  each dead letter with the code it runs.
- **Failures that are not the event's** (a lost connection, a lock or statement timeout, a busy
  database, a missing table or a broken statement) would set aside every event alike: the page
  rolls back whole and is retried, as before, and ``/health`` shows the error meanwhile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from projections.db.adapter import Cursor
from projections.db.retry import is_connection_error
from projections.db.writer import WriterCache
from projections.feed.log import TYPE_NAMES
from projections.projector.dispatch import PageWriter

Decode = Callable[[Any], Any]
DEAD_LETTERS = "dead_letters"
_ERROR_LENGTH = 300


class DeadLetter(NamedTuple):
    """An event the projector set aside: its position, its type and why, in one line."""

    position: int
    type: str
    error: str


def is_transient(error: BaseException) -> bool:
    """Whether a failure belongs to the moment or to the system, not to the event: retried,
    never set aside. The event's own failures are everything else: it cannot be decoded, a
    handler or rule raises, the database refuses its data (``DataError``, ``IntegrityError``)."""
    if is_connection_error(error) or isinstance(error, sqlite3.OperationalError | sqlite3.ProgrammingError):
        return True
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    return isinstance(error, psycopg.OperationalError | psycopg.ProgrammingError)


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or "(no message)"
    line = f"{type(error).__name__}: {text}"
    return line if len(line) <= _ERROR_LENGTH else line[: _ERROR_LENGTH - 1] + "…"


def apply_page(
    cur: Cursor, prefix: str, notes: Sequence[Any], decode: Decode, cache: WriterCache, *, recompute: bool
) -> list[DeadLetter]:
    """Apply ``notes`` to the tables under ``prefix`` in the caller's transaction; the events
    that had to be set aside (none, almost always)."""
    cur.execute("SAVEPOINT tl_page")
    try:
        writer = PageWriter(cur, prefix, cache, track_touched=recompute)
        for note in notes:
            writer.apply(decode(note), note.id)
        if recompute:
            writer.recompute(writer.touched)
        writer.flush()
    except Exception as error:
        cache.clear()  # it may hold what the failed attempt added
        if is_transient(error):
            raise
        cur.execute("ROLLBACK TO SAVEPOINT tl_page")
        dead = _one_by_one(cur, prefix, notes, decode, recompute=recompute)
    else:
        dead = []
    cur.execute("RELEASE SAVEPOINT tl_page")
    if dead:
        cur.executemany(f"INSERT INTO {prefix}{DEAD_LETTERS} (position, type, error) VALUES (?, ?, ?)", dead)
    return dead


def _one_by_one(cur: Cursor, prefix: str, notes: Sequence[Any], decode: Decode, *, recompute: bool) -> list[DeadLetter]:
    """Each event (and its people's timelines) in a savepoint of its own; failures set aside."""
    dead: list[DeadLetter] = []
    writer = PageWriter(cur, prefix, WriterCache(), track_touched=recompute)
    for note in notes:
        event: Any = None
        cur.execute("SAVEPOINT tl_event")
        try:
            event = decode(note)
            writer.apply(event, note.id)
            if recompute:
                writer.recompute(writer.touched)
            writer.flush()
        except Exception as error:
            if is_transient(error):
                raise
            cur.execute("ROLLBACK TO SAVEPOINT tl_event")
            # A fresh writer: the failed one may have cached what was just rolled back.
            writer = PageWriter(cur, prefix, WriterCache(), track_touched=recompute)
            dead.append(DeadLetter(note.id, _type_of(event, note), one_line(error)))
            if event is not None:
                _log_only(cur, writer, event, note.id)
        cur.execute("RELEASE SAVEPOINT tl_event")
        writer.touched.clear()
    return dead


def _log_only(cur: Cursor, writer: PageWriter, event: Any, position: int) -> None:
    """Keep a set-aside event in the change feed (gap-free), if even that can be written."""
    cur.execute("SAVEPOINT tl_feed")
    try:
        writer.log(event, position)
        writer.flush()
    except Exception as error:
        if is_transient(error):
            raise
        cur.execute("ROLLBACK TO SAVEPOINT tl_feed")
    cur.execute("RELEASE SAVEPOINT tl_feed")


def _type_of(event: Any, note: Any) -> str:
    if event is not None and type(event) in TYPE_NAMES:
        return TYPE_NAMES[type(event)]
    return str(note.topic).rsplit(":", 1)[-1]  # undecodable: the stored topic's class name


def dead_letters(cur: Cursor, prefix: str, limit: int = 100) -> list[DeadLetter]:
    cur.execute(f"SELECT position, type, error FROM {prefix}{DEAD_LETTERS} ORDER BY position LIMIT ?", (limit,))
    return [DeadLetter(int(p), t, e) for p, t, e in cur.fetchall()]


def dead_letter_count(cur: Cursor, prefix: str) -> int:
    cur.execute(f"SELECT count(*) FROM {prefix}{DEAD_LETTERS}")
    row = cur.fetchone()
    return int(row[0]) if row else 0
