"""``rebuild``: every read model recomputed from the events into a new set of tables (``tl_new_``)
while the live set keeps answering, then swapped in within one transaction.

Steps (timed in ``Projector.rebuild_seconds``): load the events into index-less tables (in a
loader process past ``load_in_worker_from`` events); build their indexes, sorted; fold every
person's default timeline (in worker processes from ``fold_in_workers_from`` people) and write it;
the publishers' calls and the horizons; index the timelines; settle; catch up and swap; drop the
set swapped out, a table at a time; checkpoint (``projections/README.md``: why).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from projections.beliefs.materialize import replay_together
from projections.claims.horizons import fill as fill_horizons
from projections.db import tables
from projections.db.adapter import Database
from projections.db.writer import Writer
from projections.directory.reads import merge_parties
from projections.projector.applier import Decode, Notifications, PageApplier
from projections.projector.pages import is_transient, one_line
from projections.projector.tracking import advance, start, tracked_position
from projections.projector.workers import Folder, Loader, OpenSource
from projections.publishers.materialize import fill as fill_calls
from projections.rules.orgs import OrgTree
from projections.timelines import materialize
from projections.timelines.materialize import apply_claim_status, person_ranges, recompute

FOLD_RANGE = 2000  # people per range a rebuild folds and writes at once, at most
FOLD_PARTS = 16  # ranges per fold worker, at least: workers end together, the last write is short (bench/README)
SWAP_ATTEMPTS = 20  # a rebuild's tries to catch up outside the lock before it reads inside it
# A rebuild's progress: (step, done, total). Steps, in order: "load" (events), "fold" (people),
# "index" (timeline indexes, 0 or 1 of 1), "swap" (0 or 1 of 1).
Progress = Callable[[str, int, int], None]

log = logging.getLogger("talentledger.projector")


class Rebuilding(PageApplier):
    """A page applier that can also rebuild every read model; its settings say how."""

    def __init__(self, db: Database, notifications: Notifications, decode: Decode, *, page_size: int,
                 open_source: OpenSource | None) -> None:
        super().__init__(db, notifications, decode, page_size=page_size)
        self.rebuild_page_size = 5000  # a rebuild's pages are not waited on: fewer, bigger ones
        # A rebuild folds timelines in this many worker processes, once there are enough people
        # for the processes' start (about half a second) to pay off: the CPUs this process may
        # run on (not the machine's, which a container may not have), at most eight. A person
        # costs a fold per moment of each axis of their versions (about 5 ms of CPU a person on
        # the bench's data, docs/time.md#versions): a thousand people fold for seconds.
        self.fold_workers = min(8, _usable_cpus())
        self.fold_in_workers_from = 1_000
        # With ``open_source`` (the event store, opened anew in another process), a rebuild of
        # more events than this decodes them and builds rows in a loader process.
        self.open_source = open_source
        self.load_in_worker_from = 100_000
        self.loader_cache = 2_000_000  # sources and claims the loader keeps (~250 MB at the limit)
        self.loader_misses = 0  # the last rebuild's loader cache misses
        self.rebuild_seconds: dict[str, float] = {}  # the last rebuild's steps, for benchmarks

    def rebuild(self, progress: Progress | None = None, total: int | None = None) -> int:
        """Recompute every read model from the events into new tables, then swap them in
        (``Rebuild.run``); returns how many events were applied."""
        return Rebuild(self).run(progress, total)


def _usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Rebuild:
    """One rebuild of one projector's database."""

    def __init__(self, projector: Rebuilding) -> None:
        self.p = projector
        self.db = projector.db

    def run(self, progress: Progress | None, total: int | None) -> int:
        """Recompute every read model from the events into new tables, then swap them in.

        The live tables keep answering until the new set is complete; the swap happens in one
        transaction. Steps: the module's docstring's. Every event is replayed, so each dead letter
        is retried. Should this fast path meet an event or a person it cannot project, the rebuild
        starts over event by event, as the live projector applies them (``pages.py``): slower,
        and the same result.
        """
        try:
            return self._rebuild(progress, total, bulk=True)
        except Exception as error:
            if is_transient(error):
                raise
            log.warning("rebuild: %s; starting over event by event, setting aside what cannot be projected",
                        one_line(error))
            return self._rebuild(progress, total, bulk=False)

    def _rebuild(self, progress: Progress | None, total: int | None, *, bulk: bool) -> int:
        shadow = tables.SHADOW
        self.p._caches.pop(shadow, None)
        with self.db.transaction() as cur:
            # The new set's indexes are named in the generation the live set does not use.
            generation = tables.other_generation(tables.generation_of(cur, self.db.dialect))
            ddl = tables.ddl(shadow, self.db.dialect, generation=generation, indexes=not bulk)
            for statement in tables.drop(shadow) + tables.drop(tables.OLD) + ddl:  # OLD: a swap's, if left
                cur.execute(statement)
            start(cur, shadow)
        steps = self.p.rebuild_seconds = {}
        with _collector_paused():
            if bulk:
                done = self._load_and_fold(shadow, generation, steps, progress, total)
            else:
                with _timed(steps, "load"):
                    done = self._load(shadow, progress, total, recompute=True)
        with _timed(steps, "settle"):
            names = [f"{shadow}{table}" for table in tables.TABLES]
            self._for_speed(lambda: self.db.settle(names), "settling the new tables", "swapping them in as they are")
        _report(progress, "swap", 0, 1)
        with _timed(steps, "swap"):
            done += self._swap(shadow)
        with _timed(steps, "drop"):  # the set swapped out: for disk only
            self._for_speed(lambda: self._each(tables.drop(tables.OLD)), "the old set's drop", "next rebuild drops it")
        with _timed(steps, "checkpoint"):  # after the swap: the old tables' pages freed are in the log too
            self._for_speed(self.db.checkpoint, "the checkpoint", "the new tables are in")
        _report(progress, "swap", 1, 1)
        with self.p._reached:
            self.p._reached.notify_all()
        return done

    def _load_and_fold(
        self, shadow: str, generation: str, steps: dict[str, float], progress: Progress | None, total: int | None
    ) -> int:
        with _timed(steps, "load"):
            source = self.p.open_source
            if source is not None and self.p.fold_workers > 1 and self._more_than(self.p.load_in_worker_from):
                done = self._load_in_worker(shadow, source, progress, total)
            else:
                done = self._load(shadow, progress, total, recompute=False)
        with _timed(steps, "fold"):
            self._fold_all(shadow, generation, steps, progress)
        with _timed(steps, "calls"):
            fill_calls(self.db, shadow)  # publishers' calls, from the indexed facts (publishers/materialize.py)
        with _timed(steps, "horizons"), self.db.transaction() as cur:
            fill_horizons(cur, shadow)  # claims/horizons.py
        _report(progress, "index", 0, 1)
        with _timed(steps, "index_timelines"):  # a transaction each, as the loaded tables'
            self._each(tables.indexes(shadow, self.db.dialect, tables.TIMELINES, generation=generation))
        _report(progress, "index", 1, 1)
        return done

    def _each(self, statements: Iterable[str]) -> None:
        """Each statement in a transaction of its own (indexes, drops): SQLite's log starts over
        between them, and other writers wait for one of them at most."""
        for statement in statements:
            with self.db.transaction() as cur:
                cur.execute(statement)

    def _for_speed(self, step: Callable[[], None], what: str, then: str) -> None:
        """A step for speed or disk only (``Database.settle``, the old set's drops, ``checkpoint``):
        a failure is logged, the rebuild goes on."""
        try:
            step()
        except Exception as error:
            log.warning("rebuild: %s failed (%s); %s", what, one_line(error), then)

    def _load(self, prefix: str, progress: Progress | None, total: int | None, *, recompute: bool) -> int:
        done = 0
        while applied := self.p.process_page(prefix, recompute=recompute, size=self.p.rebuild_page_size):
            done += applied
            _report(progress, "load", done, total or done)
        return done

    def _swap(self, shadow: str) -> int:
        """Catch the new set up page by page (events read outside the lock, as every page),
        then, in one transaction holding the projection lock, swap it in once it is at least as
        far as the live set: readers never see the position go back. Should the live set keep
        moving ahead, the last attempt catches up under the lock."""
        done = 0
        for attempt in range(SWAP_ATTEMPTS + 1):
            while applied := self.p.process_page(shadow, recompute=True):
                done += applied
            with self.db.transaction() as cur:
                self.p._lock(cur)
                if tracked_position(cur, shadow) < tracked_position(cur, tables.LIVE):
                    if attempt < SWAP_ATTEMPTS:
                        continue
                    while notes := self.p._notifications(tracked_position(cur, shadow), self.p.page_size):
                        self.p._set_aside(self.p._apply_page(cur, shadow, notes, recompute=True))
                        done += len(notes)
                for statement in tables.swap(shadow, tables.LIVE):
                    cur.execute(statement)
                self.p._announce(cur, tracked_position(cur, tables.LIVE))
                return done
        raise AssertionError("unreachable: the last attempt swaps")

    def _more_than(self, events: int) -> bool:
        """Whether positions go past ``events`` (about as many events: PostgreSQL may skip some)."""
        return bool(self.p._notifications(events, 1))

    def _load_in_worker(
        self, prefix: str, open_source: OpenSource, progress: Progress | None, total: int | None
    ) -> int:
        """The load, with decoding and row building in a loader process (``workers.Loader``):
        here, each page's statements and its tracking position commit in one transaction."""
        done = 0
        with Loader(open_source, self.db, prefix, self.p.rebuild_page_size, self.p.loader_cache) as loader:
            for page in loader.pages():
                with self.db.transaction() as cur:
                    if (tracked := tracked_position(cur, prefix)) != page.after:  # never: one rebuild at a time
                        raise RuntimeError(f"rebuild page after {page.after} but the new tables are at {tracked}")
                    for sql, rows in page.statements():
                        cur.executemany(sql, rows)
                    advance(cur, prefix, page.last)
                loader.committed(page.last)
                self.p.loader_misses = page.misses
                done += page.events
                _report(progress, "load", done, total or done)
        return done

    def _fold_all(self, prefix: str, generation: str, steps: dict[str, float], progress: Progress | None) -> None:
        """Index the loaded tables and fold every person's default timeline into the empty
        ``stints``/``moves`` under ``prefix``; with workers, the indexes the fold does not read
        are built while the workers fold the first ranges."""
        loaded = tables.indexes(prefix, self.db.dialect, [t for t in tables.TABLES if t not in tables.TIMELINES],
                                generation=generation)
        fold_reads = [statement for statement in loaded if tables.FOLD_READS in statement]
        with _timed(steps, "index"), self.db.transaction() as cur:
            for statement in fold_reads:
                cur.execute(statement)
        with self.db.read() as cur:
            ranges = person_ranges(cur, prefix, FOLD_RANGE, parts=FOLD_PARTS * self.p.fold_workers)
            skip = merge_parties(cur, prefix)
            cur.execute(f"SELECT id, parent_id FROM {prefix}orgs")
            parents: dict[str, str | None] = dict(cur.fetchall())
        with self.db.transaction() as cur:  # before the folds: each range's rows go there too
            for statement in tables.scratch(prefix):
                cur.execute(statement)
        with contextlib.ExitStack() as stack:
            people = sum(count for _, _, count in ranges)
            if self.p.fold_workers > 1 and people >= self.p.fold_in_workers_from:
                folder = stack.enter_context(Folder(self.db, prefix, ranges, skip, parents, self.p.fold_workers))
                written: Iterator[int] = folder.results()  # each worker writes its ranges, a transaction each
            else:
                written = (self._fold_here(prefix, span, skip, OrgTree(parents)) for span in ranges)
            with _timed(steps, "index"):
                self._each(statement for statement in loaded if statement not in fold_reads)
            _report(progress, "fold", 0, people)
            done = 0
            for count in written:
                done += count
                _report(progress, "fold", done, people)
        with self.db.transaction() as cur:
            writer = Writer(cur, prefix)
            apply_claim_status(writer)
            recompute(writer, skip)  # people in merges: per survivor, after everyone else
            replay_together(writer, skip, parents)  # their belief changes, with those the tree's moves touch
            writer.flush()

    def _fold_here(self, prefix: str, span: tuple[str, str, int], skip: frozenset[str], tree: OrgTree) -> int:
        """Fold one range and write its rows, as a worker does; the people it had."""
        materialize.fold_and_write(self.db, prefix, span[0], span[1], skip, tree)
        return span[2]


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
