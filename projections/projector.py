"""Keeps the read models up to date: pages of events, each applied with its tracking position in
one transaction (exactly once), then follows new events.

Every page transaction first takes the database's projection lock (PostgreSQL advisory
transaction lock; SQLite's single writer), then reads the tracking position inside the
transaction: two projectors, or a projector and a rebuild, can never apply an event twice.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from projections import tables
from projections.db import Cursor, Database, LeaderLock
from projections.rules import OrgTree
from projections.workers import Folder, Loader, OpenSource
from projections.writer import PageWriter, TimelineRows, WriterCache, fold_range, merge_parties, person_ranges

NAME = "talentledger"
LOCK_KEY = 0x7A1E47  # advisory lock id shared by every projector of one database
# PostgreSQL channel NOTIFYed in every transaction that advances the live read models: API
# processes LISTEN on it to wake their subscriptions and read-your-writes waiters.
PROJECTION_CHANNEL = "talentledger_projection"
FOLD_RANGE = 2000  # people per range a rebuild folds and writes at once

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

    def ensure_schema(self) -> None:
        with self.db.transaction() as cur:
            self._lock(cur)
            for statement in tables.ddl(tables.LIVE, self.db.dialect):
                cur.execute(statement)
            cur.execute(
                f"INSERT INTO {tables.LIVE}tracking (name, position) VALUES (?, 0) ON CONFLICT DO NOTHING",
                (NAME,),
            )

    def position(self) -> int:
        with self.db.read() as cur:
            return _tracked(cur, tables.LIVE)

    def _lock(self, cur: Cursor) -> None:
        if self.db.dialect == "postgresql":
            cur.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_KEY,))

    # -- applying pages -----------------------------------------------------------------------------

    def process_page(self, prefix: str = tables.LIVE, *, recompute: bool = True, size: int | None = None) -> int:
        """Apply the next page of events; returns how many were applied (0 when caught up)."""
        with self.db.transaction() as cur:
            self._lock(cur)
            applied = self._apply_page(cur, prefix, recompute=recompute, size=size)
        if applied:
            with self._reached:
                self._reached.notify_all()
        return applied

    def _apply_page(self, cur: Cursor, prefix: str, *, recompute: bool, size: int | None = None) -> int:
        """Inside a locked transaction: apply the events after the tracked position, advance it."""
        notes = self._notifications(_tracked(cur, prefix), size or self.page_size)
        if not notes:
            return 0
        writer = PageWriter(cur, prefix, self._caches.setdefault(prefix, WriterCache()), track_touched=recompute)
        for note in notes:
            writer.apply(self._decode(note), note.id)
        if recompute:
            writer.recompute(writer.touched)
        writer.flush()
        cur.execute(f"UPDATE {prefix}tracking SET position = ? WHERE name = ?", (notes[-1].id, NAME))
        if prefix == tables.LIVE:
            self._announce(cur, notes[-1].id)
        return len(notes)

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
                    while self.process_page() and not self._stopping.is_set():
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
        """Hold the database's projector lock: one following projector per database."""
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
        """Recompute every read model from the events into new tables, then swap them in.

        The live tables keep answering until the new set is complete; the swap, with a final
        catch-up of events that arrived meanwhile, happens in one transaction. Steps: load the
        events page by page into index-less tables; build their indexes, sorted; fold every
        person's timeline (in worker processes when there are many people) and write it; index
        the timelines; catch up and swap.
        """
        shadow = tables.SHADOW
        self._caches.pop(shadow, None)
        with self.db.transaction() as cur:
            for statement in tables.drop(shadow) + tables.ddl(shadow, self.db.dialect, indexes=False):
                cur.execute(statement)
            cur.execute(f"INSERT INTO {shadow}tracking (name, position) VALUES (?, 0)", (NAME,))
        done = 0
        steps = self.rebuild_seconds = {}
        with _collector_paused():
            with _timed(steps, "load"):
                if self.open_source is not None and self.fold_workers > 1 and self._more_than(self.load_in_worker_from):
                    done = self._load_in_worker(shadow, self.open_source, progress, total)
                else:
                    while applied := self.process_page(shadow, recompute=False, size=self.rebuild_page_size):
                        done += applied
                        if progress:
                            progress("load", done, total or done)
            with _timed(steps, "fold"):
                self._fold_all(shadow, steps, progress)
            _report(progress, "index", 0, 1)
            with _timed(steps, "index_timelines"), self.db.transaction() as cur:
                for statement in tables.indexes(shadow, self.db.dialect, tables.TIMELINES):
                    cur.execute(statement)
            _report(progress, "index", 1, 1)
        _report(progress, "swap", 0, 1)
        with _timed(steps, "swap"), self.db.transaction() as cur:
            # Only events recorded meanwhile are left: applied with their people's recompute,
            # under the projection lock, in the transaction that swaps the sets.
            self._lock(cur)
            while applied := self._apply_page(cur, shadow, recompute=True):
                done += applied
            for statement in tables.swap(shadow, tables.LIVE):
                cur.execute(statement)
            self._announce(cur, _tracked(cur, tables.LIVE))
        _report(progress, "swap", 1, 1)
        with self._reached:
            self._reached.notify_all()
        return done

    def _more_than(self, events: int) -> bool:
        """Whether positions go past ``events``: about as many events (PostgreSQL may skip a
        position when an append rolls back; a threshold needs no more)."""
        return bool(self._notifications(events, 1))

    def _load_in_worker(
        self, prefix: str, open_source: OpenSource, progress: Progress | None, total: int | None
    ) -> int:
        """The load, with decoding and row building in a loader process (``workers.Loader``):
        here, each page's statements and its tracking position commit in one transaction."""
        done = 0
        with Loader(open_source, self.db, prefix, self.rebuild_page_size, self.loader_cache) as loader:
            for page in loader.pages():
                with self.db.transaction() as cur:
                    if (tracked := _tracked(cur, prefix)) != page.after:  # never: one rebuild at a time
                        raise RuntimeError(f"rebuild page after {page.after} but the new tables are at {tracked}")
                    for sql, rows in page.statements():
                        cur.executemany(sql, rows)
                    cur.execute(f"UPDATE {prefix}tracking SET position = ? WHERE name = ?", (page.last, NAME))
                loader.committed(page.last)
                self.loader_misses = page.misses
                done += page.events
                if progress:
                    progress("load", done, total or done)
        return done

    def _fold_all(self, prefix: str, steps: dict[str, float], progress: Progress | None) -> None:
        """Index the loaded tables and fold every person's default timeline into the empty
        ``stints``/``moves`` under ``prefix``; with workers, the indexes the fold does not read
        are built while the workers fold the first ranges."""
        loaded = tables.indexes(prefix, self.db.dialect, [t for t in tables.TABLES if t not in tables.TIMELINES])
        fold_reads = [statement for statement in loaded if tables.FOLD_READS in statement]
        with _timed(steps, "index"), self.db.transaction() as cur:
            for statement in fold_reads:
                cur.execute(statement)
        with self.db.read() as cur:
            ranges = person_ranges(cur, prefix, FOLD_RANGE)
            skip = merge_parties(cur, prefix)
            cur.execute(f"SELECT id, parent_id FROM {prefix}orgs")
            parents: dict[str, str | None] = dict(cur.fetchall())
        with contextlib.ExitStack() as stack:
            people = sum(count for _, _, count in ranges)
            if self.fold_workers > 1 and people >= self.fold_in_workers_from:
                folder = stack.enter_context(Folder(self.db, prefix, ranges, skip, parents, self.fold_workers))
                computed: Iterator[TimelineRows] = folder.results()
            else:
                computed = (self._fold_here(prefix, first, last, skip, OrgTree(parents)) for first, last, _ in ranges)
            with _timed(steps, "index"):
                for statement in loaded:
                    if statement not in fold_reads:
                        with self.db.transaction() as cur:
                            cur.execute(statement)
            with self.db.transaction() as cur:
                for statement in tables.scratch(prefix):
                    cur.execute(statement)
            _report(progress, "fold", 0, people)
            done = 0
            for (_, _, count), rows in zip(ranges, computed, strict=True):  # a transaction per range
                with self.db.transaction() as cur:
                    writer = PageWriter(cur, prefix)
                    writer.write_rows(rows, claims_later=True)
                    writer.flush()
                done += count
                _report(progress, "fold", done, people)
        with self.db.transaction() as cur:
            writer = PageWriter(cur, prefix)
            writer.apply_claim_status()
            writer.recompute(skip)  # people in merges: per survivor, after everyone else
            writer.flush()

    def _fold_here(self, prefix: str, first: str, last: str, skip: frozenset[str], tree: OrgTree) -> TimelineRows:
        with self.db.read() as cur:
            return fold_range(cur, prefix, first, last, skip, tree)


def _usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _report(progress: Progress | None, step: str, done: int, total: int) -> None:
    if progress is not None:
        progress(step, done, total)


@contextmanager
def _timed(seconds: dict[str, float], step: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - started


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A rebuild allocates millions of short-lived rows and few cycles: without this, Python's
    cycle collector rescans the growing heap again and again (about a tenth of a rebuild)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _tracked(cur: Cursor, prefix: str) -> int:
    cur.execute(f"SELECT position FROM {prefix}tracking WHERE name = ?", (NAME,))
    row = cur.fetchone()
    return int(row[0]) if row else 0
