"""Pages of events applied to a set of read-model tables, each with its tracking position in one
transaction (exactly once): the step every lifecycle of the projector repeats.

**One order of acquisition.** A page's events are read from the event store *before* its
transaction takes the projection lock, never while holding it. On SQLite the event store and
the read models share one file and one write lock, and the event store's pool hands out its
connections in order, one writer at a time: a projector that held the write lock while waiting
for a pool connection waited on writers that waited on its lock, a cycle broken only by the
pool's 5 s timeout. Now a projector holding the lock waits for nothing but its own statements.
Inside the transaction it checks that the tracking position is still the one it read the page
after; if another projector (or a rebuild's swap) moved it meanwhile, it reads again.

An event the projector cannot project never stops it: ``pages.py`` says what it does instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from projections.db import migrations
from projections.db.adapter import Cursor, Database
from projections.db.sql import LIVE
from projections.db.writer import WriterCache
from projections.projector import tracking
from projections.projector.pages import DeadLetter, apply_page, dead_letter_count, dead_letters

log = logging.getLogger("talentledger.projector")

Notifications = Callable[[int, int], Sequence[Any]]
Decode = Callable[[Any], Any]


class PageApplier:
    """Applies stored events to the read models, one page per transaction."""

    def __init__(self, db: Database, notifications: Notifications, decode: Decode, *, page_size: int) -> None:
        self.db = db
        self._notifications = notifications
        self._decode = decode
        self.page_size = page_size
        self._caches: dict[str, WriterCache] = {}  # one per set of tables (live, a rebuild's)
        self._reached = threading.Condition()  # notified whenever the read models moved

    # -- schema and position ------------------------------------------------------------------

    def ensure_schema(self) -> list[int]:
        """Apply the schema versions this database lacks (``db/migrations.py``); the versions
        applied. A database already current is only read: no lock, no DDL. A database a newer
        release migrated is refused (``migrations.SchemaTooNew``)."""
        with self.db.read() as cur:
            done = migrations.version(cur, self.db.dialect)
        migrations.known(done)
        if done >= migrations.LATEST:
            return []
        with self.db.transaction() as cur:
            self._lock(cur)
            applied = migrations.migrate(cur, self.db.dialect)
            tracking.start(cur, LIVE)
        return applied

    def position(self, prefix: str = LIVE) -> int:
        with self.db.read() as cur:
            return tracking.tracked_position(cur, prefix)

    def dead_letter_count(self) -> int:
        """Events set aside because they could not be projected (``pages.py``)."""
        with self.db.read() as cur:
            return dead_letter_count(cur, LIVE)

    def dead_letters(self, limit: int = 100) -> list[DeadLetter]:
        """The first ``limit`` of them, by position."""
        with self.db.read() as cur:
            return dead_letters(cur, LIVE, limit)

    def _lock(self, cur: Cursor) -> None:
        tracking.lock(cur, self.db.dialect)

    # -- applying pages -----------------------------------------------------------------------------

    def process_page(self, prefix: str = LIVE, *, recompute: bool = True, size: int | None = None) -> int:
        """Apply the next page of events; returns how many were applied (0 when caught up).

        The page is read first, then applied in a transaction holding the projection lock, if
        the tracking position is still where it was read (see the module's docstring)."""
        while True:
            after = self.position(prefix)
            notes = self._notifications(after, size or self.page_size)
            if not notes:
                return 0
            with self.db.transaction() as cur:
                self._lock(cur)
                moved = tracking.tracked_position(cur, prefix) != after  # another projector applied it: read again
                dead = [] if moved else self._apply_page(cur, prefix, notes, recompute=recompute)
            if not moved:
                break
        self._set_aside(dead)
        with self._reached:
            self._reached.notify_all()
        return len(notes)

    def _apply_page(self, cur: Cursor, prefix: str, notes: Sequence[Any], *, recompute: bool) -> list[DeadLetter]:
        """Inside a locked transaction: apply ``notes`` (the events after the tracked position),
        advance the position past them; the events set aside."""
        dead = apply_page(cur, prefix, notes, self._decode, self._caches.setdefault(prefix, WriterCache()),
                          recompute=recompute)
        tracking.advance(cur, prefix, notes[-1].id)
        if prefix == LIVE:
            self._announce(cur, notes[-1].id)
        return dead

    def _set_aside(self, dead: list[DeadLetter]) -> None:
        """Say once, after the commit, which events were set aside."""
        for letter in dead:
            log.warning("event %d (%s) cannot be projected; set aside as a dead letter (rebuild retries it): %s",
                        letter.position, letter.type, letter.error)

    def _announce(self, cur: Cursor, position: int) -> None:
        """On PostgreSQL, NOTIFY the projection channel; delivered only if the page commits."""
        tracking.announce(cur, self.db.dialect, position)

    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Apply every pending event now; returns the position reached."""
        done = 0
        while applied := self.process_page():
            done += applied
            if progress:
                progress(done)
        return self.position()
