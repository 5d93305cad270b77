"""Keeps the read models up to date: pages of events, each applied with its tracking position in
one transaction (exactly once), then follows new events.

Every page transaction first takes the database's projection lock (PostgreSQL advisory
transaction lock; SQLite's single writer), then reads the tracking position inside the
transaction: two projectors, or a projector and a rebuild, can never apply an event twice.

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
import os
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from projections.db import migrations, tables
from projections.db.adapter import Cursor, Database, LeaderLock
from projections.pages import DeadLetter, apply_page, dead_letter_count, dead_letters
from projections.workers import OpenSource
from projections.writer import WriterCache

NAME = "talentledger"
LOCK_KEY = 0x7A1E47  # advisory lock id shared by every projector of one database
# PostgreSQL channel NOTIFYed in every transaction that advances the live read models: API
# processes LISTEN on it to wake their subscriptions and read-your-writes waiters.
PROJECTION_CHANNEL = "talentledger_projection"
FOLD_RANGE = 2000  # people per range a rebuild folds and writes at once
SWAP_ATTEMPTS = 20  # a rebuild's tries to catch up outside the lock before it reads inside it

log = logging.getLogger("talentledger.projector")

Notifications = Callable[[int, int], Sequence[Any]]
Decode = Callable[[Any], Any]
# A rebuild's progress: (step, done, total). Steps, in order: "load" (events), "fold" (people),
# "index" (timeline indexes, 0 or 1 of 1), "swap" (0 or 1 of 1).
Progress = Callable[[str, int, int], None]


class Listener(Protocol):
    """Wakes the projector when the event store signals new events (PostgreSQL LISTEN)."""

    def wait(self, timeout: float) -> bool:
        """Block until a signal or ``timeout``; True if signalled."""

    def close(self) -> None: ...


class Projector:
    """Applies stored events to the read models; runs inline (``catch_up``) or in a thread."""

    def __init__(
        self,
        db: Database,
        notifications: Notifications,
        decode: Decode,
        *,
        page_size: int = 1000,
        poll_interval: float = 0.2,
        listener: Listener | None = None,
        listen_timeout: float = 2.0,
        open_source: OpenSource | None = None,
    ) -> None:
        self.db = db
        self._notifications = notifications
        self._decode = decode
        self.page_size = page_size
        self.rebuild_page_size = 5000  # a rebuild's pages are not waited on: fewer, bigger ones
        # A rebuild folds timelines in this many worker processes, once there are enough people
        # for the processes' start (about half a second) to pay off: the CPUs this process may
        # run on (not the machine's, which a container may not have), at most eight.
        self.fold_workers = min(8, _usable_cpus())
        self.fold_in_workers_from = 20_000
        # With ``open_source`` (the event store, opened anew in another process), a rebuild of
        # more events than this decodes them and builds rows in a loader process.
        self.open_source = open_source
        self.load_in_worker_from = 100_000
        self.loader_cache = 2_000_000  # sources and claims the loader keeps (~250 MB at the limit)
        self.loader_misses = 0  # the last rebuild's loader cache misses
        self.rebuild_seconds: dict[str, float] = {}  # the last rebuild's steps, for benchmarks
        self.poll_interval = poll_interval
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._reached = threading.Condition()
        self.last_error: BaseException | None = None
        self._caches: dict[str, WriterCache] = {}
        self._listener = listener
        self.listen_timeout = listen_timeout
        self.is_leader = False

    # -- schema and position ------------------------------------------------------------------

    def ensure_schema(self) -> list[int]:
        """Apply the schema versions this database lacks (``migrations.py``); the versions
        applied. A database already current is only read: no lock, no DDL."""
        with self.db.read() as cur:
            if migrations.version(cur, self.db.dialect) >= migrations.LATEST:
                return []
        with self.db.transaction() as cur:
            self._lock(cur)
            applied = migrations.migrate(cur, self.db.dialect)
            cur.execute(
                f"INSERT INTO {tables.LIVE}tracking (name, position) VALUES (?, 0) ON CONFLICT DO NOTHING",
                (NAME,),
            )
        return applied

    def position(self, prefix: str = tables.LIVE) -> int:
        with self.db.read() as cur:
            return tracked_position(cur, prefix)

    def dead_letter_count(self) -> int:
        """Events set aside because they could not be projected (``pages.py``)."""
        with self.db.read() as cur:
            return dead_letter_count(cur, tables.LIVE)

    def dead_letters(self, limit: int = 100) -> list[DeadLetter]:
        """The first ``limit`` of them, by position."""
        with self.db.read() as cur:
            return dead_letters(cur, tables.LIVE, limit)

    def _lock(self, cur: Cursor) -> None:
        if self.db.dialect == "postgresql":
            cur.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_KEY,))

    # -- applying pages -----------------------------------------------------------------------------

    def process_page(self, prefix: str = tables.LIVE, *, recompute: bool = True, size: int | None = None) -> int:
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
                moved = tracked_position(cur, prefix) != after  # another projector applied it: read again
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
        cur.execute(f"UPDATE {prefix}tracking SET position = ? WHERE name = ?", (notes[-1].id, NAME))
        if prefix == tables.LIVE:
            self._announce(cur, notes[-1].id)
        return dead

    def _set_aside(self, dead: list[DeadLetter]) -> None:
        """Say once, after the commit, which events were set aside."""
        for letter in dead:
            log.warning("event %d (%s) cannot be projected; set aside as a dead letter (rebuild retries it): %s",
                        letter.position, letter.type, letter.error)

    def _announce(self, cur: Cursor, position: int) -> None:
        """On PostgreSQL, NOTIFY the projection channel; delivered only if the page commits."""
        if self.db.dialect == "postgresql":
            cur.execute("SELECT pg_notify(?, ?)", (PROJECTION_CHANNEL, str(position)))

    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Apply every pending event now; returns the position reached."""
        done = 0
        while applied := self.process_page():
            done += applied
            if progress:
                progress(done)
        return self.position()

    # -- following, in a thread ---------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="projector", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        lock = self.db.leader_lock("projector")
        try:
            while not self._stopping.is_set():
                if not self._lead(lock):
                    self._stopping.wait(self.poll_interval * 5)  # another projector leads: wait, retry
                    continue
                try:
                    # Leadership is checked before every page, not assumed from the first one.
                    while not self._stopping.is_set() and self._lead(lock) and self.process_page():
                        pass
                    self.last_error = None
                except Exception as error:  # keep following; the page is rolled back and retried
                    self.last_error = error
                self._idle()
        finally:
            lock.release()
            self.is_leader = False
            if self._listener is not None:
                self._listener.close()

    def _lead(self, lock: LeaderLock) -> bool:
        """Hold the database's projector lock: one following projector per database. A leader
        whose lock went with its database session steps down, then tries to lead again (and
        stands by if another projector took the lock meanwhile)."""
        if self.is_leader and not lock.held():
            log.warning("the projector lock's database session is gone: no longer leading")
            self.is_leader = False
            lock.release()
        if not self.is_leader:
            try:
                self.is_leader = lock.try_acquire()
            except Exception as error:  # database unreachable: retry later
                self.last_error = error
        return self.is_leader

    def _idle(self) -> None:
        """Wait for new events: a store notification where there is one, else the poll interval."""
        if self._listener is not None and not self._wake.is_set():
            # Waiting on the socket in short slices keeps stop() and local wakes prompt.
            deadline = time.monotonic() + self.listen_timeout
            try:
                while not (self._stopping.is_set() or self._wake.is_set()) and time.monotonic() < deadline:
                    if self._listener.wait(0.25):
                        break
            except Exception as error:  # fall back to polling until the listener works again
                self.last_error = error
                self._wake.wait(self.poll_interval)
        else:
            self._wake.wait(self.poll_interval)
        self._wake.clear()

    def wake(self) -> None:
        """Ask the following thread to look for new events now (after a local write)."""
        self._wake.set()

    def stop(self) -> None:
        """Stop following; a page in progress completes or rolls back, never half-applies."""
        if self._thread is None:
            return
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout=30)
        self._thread = None

    def wait_for(self, position: int, timeout: float) -> bool:
        """Block until the read models reflect ``position``; False after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            if self.position() >= position:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.wake()
            with self._reached:
                self._reached.wait(min(remaining, 0.05))

    # -- rebuilding ---------------------------------------------------------------------------------

    def rebuild(self, progress: Progress | None = None, total: int | None = None) -> int:
        """Recompute every read model from the events into new tables, then swap them in
        (``rebuild.py``); returns how many events were applied."""
        from projections.rebuild import rebuild

        return rebuild(self, progress, total)


def _usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def tracked_position(cur: Cursor, prefix: str) -> int:
    cur.execute(f"SELECT position FROM {prefix}tracking WHERE name = ?", (NAME,))
    row = cur.fetchone()
    return int(row[0]) if row else 0
