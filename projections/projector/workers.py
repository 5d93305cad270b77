"""A rebuild's Python work, done in worker processes.

A rebuild is mostly Python (decoding events, building rows, the rules' fold), so the rebuilding
process hands it out:

- **Loading** (``Loader``): one loader process reads the events in order, runs the same
  ``PageWriter`` as the projector on each page and sends the page's statements; the rebuilding
  process executes them with the page's tracking position, one transaction per page, as
  ``process_page`` would. At most ``QUEUED`` pages are in flight. The loader never reads what
  it wrote: its caches hold every organization and the recent sources and claims; on a miss
  it waits until every page sent so far is committed, then reads the committed tables.
- **Folding** (``Folder``): the fold is pure and per person, so people are split into ranges
  of ids; each worker reads a range's facts with one ordered scan, folds them, and writes the
  range's rows itself, in one transaction (``fold_and_write``; SQLite serializes the workers' write
  transactions, each waiting its turn). Handing the rows back instead cost a pickling in the
  worker and an unpickling in the rebuilding process, on cores the fold needs (100k events: 0.6 s
  of CPU per 2,000 people, a fifteenth of their fold). The rebuilding process follows the ranges
  in submission order (its progress), with at most ``2 * workers + 4`` submitted and not yet
  followed.

Workers are spawned, not forked: the rebuilding process may hold connections and threads that
a fork would copy. (So, as with any spawning library, a script calling ``rebuild`` must guard
its entry point with ``if __name__ == "__main__":``.)
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any, NamedTuple

import msgspec

from projections.db.adapter import Database
from projections.db.connect import connect
from projections.db.writer import WriterCache
from projections.projector.dispatch import PageWriter
from projections.rules.orgs import OrgTree
from projections.timelines.materialize import fold_and_write

_pack = msgspec.msgpack.Encoder().encode
_unpack = msgspec.msgpack.Decoder(list[tuple[str, list[list[Any]]]]).decode
# Opens the event store anew, in the loader process: ``(notifications, decode)`` as the
# projector takes them. Must pickle (a module-level function, or a partial of one).
OpenSource = Callable[[], tuple[Callable[[int, int], Sequence[Any]], Callable[[Any], Any]]]
QUEUED = 3  # pages the loader may run ahead of the writes


class _Worker:
    """What one worker process keeps between ranges: its connection and the fold's inputs."""

    db: Database
    prefix: str
    skip: frozenset[str]
    tree: OrgTree


_WORKER = _Worker()


def _start(address: str, prefix: str, skip: frozenset[str], parents: dict[str, str | None]) -> None:
    _WORKER.db = connect(address, pool_size=1)
    _WORKER.prefix, _WORKER.skip, _WORKER.tree = prefix, skip, OrgTree(parents)


def _fold(first: str, last: str) -> None:
    """Fold one range and write its rows, with the cycle collector off: a fold makes no reference
    cycles (a collection after folding 10k events finds none), and the collector's passes over the
    rows it accumulates cost about 15% of its CPU (20k events: 6.3 s with it, 5.3 s without)."""
    gc.disable()
    try:
        fold_and_write(_WORKER.db, _WORKER.prefix, first, last, _WORKER.skip, _WORKER.tree)
    finally:
        gc.enable()


class Folder:
    """Worker processes folding ranges of people (see the module's docstring); a context
    manager. Entering starts the processes and hands them the first ``ahead`` ranges, so they
    work while the caller does something else (a rebuild builds indexes meanwhile)."""

    def __init__(
        self,
        db: Database,
        prefix: str,
        ranges: Sequence[tuple[str, str, int]],
        skip: frozenset[str],
        parents: dict[str, str | None],
        workers: int,
    ) -> None:
        self._ranges = iter(ranges)
        self._ahead = 2 * workers + 4  # ranges submitted ahead: the workers never wait for the next
        self._pending: deque[tuple[Future[None], int]] = deque()  # each range's fold, and its people
        self._pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
            initargs=(db.address, prefix, skip, parents),
        )

    def __enter__(self) -> Folder:
        self._submit()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self) -> None:
        while len(self._pending) < self._ahead and (span := next(self._ranges, None)) is not None:
            self._pending.append((self._pool.submit(_fold, span[0], span[1]), span[2]))

    def results(self) -> Iterator[int]:
        """Each range's people, in order, once its rows are written (committed)."""
        while self._pending:
            future, people = self._pending.popleft()
            future.result()
            self._submit()
            yield people


class LoadedPage(NamedTuple):
    """One page as the loader saw it: the events after ``after`` up to ``last``, and the
    statements that apply them, in order (``(sql, rows)``, each run with ``executemany``),
    packed with msgpack (several times faster than pickling a million tuples)."""

    after: int
    last: int
    events: int
    packed: bytes
    misses: int  # cache misses so far (each read back from the committed tables)

    def statements(self) -> list[tuple[str, list[list[Any]]]]:
        return _unpack(self.packed)


class Loader:
    """A loader process feeding a rebuild's pages (see the module's docstring); a context
    manager: leaving it stops the process, whatever happened."""

    def __init__(
        self, open_source: OpenSource, db: Database, prefix: str, page_size: int, cache_limit: int
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self._queue: Any = context.Queue(maxsize=QUEUED)
        self._committed: Any = context.Value("q", 0)
        self._process = context.Process(
            target=_load,
            args=(open_source, db.address, prefix, page_size, cache_limit, self._queue, self._committed),
            name="rebuild-loader",
            daemon=True,
        )

    def __enter__(self) -> Loader:
        self._process.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=30)
        self._queue.close()

    def pages(self) -> Iterator[LoadedPage]:
        """Every page, in order, until the loader has sent the last event."""
        while True:
            try:
                item = self._queue.get(timeout=1.0)
            except queue.Empty:
                if not self._process.is_alive():
                    raise RuntimeError(f"the rebuild's loader stopped (exit code {self._process.exitcode})") from None
                continue
            if item is None:
                return
            if isinstance(item, str):
                last = item.strip().splitlines()[-1] if item.strip() else "?"
                raise RuntimeError(f"the rebuild's loader failed: {last}\n{item}")
            yield item

    def committed(self, position: int) -> None:
        """Tell the loader that every page up to ``position`` is committed."""
        self._committed.value = position


class _PageRecorder:
    """The loader's cursor: records writes in order; answers a read (a cache miss) from the
    committed tables once every page sent before this one is committed."""

    def __init__(self, db: Database, committed: Any, after: int) -> None:
        self.statements: list[tuple[str, list[Sequence[Any]]]] = []
        self._db, self._committed, self._after = db, committed, after
        self._rows: list[Any] = []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if not sql.startswith("SELECT"):
            self.executemany(sql, [params])
            return
        while self._committed.value < self._after:
            _exit_if_orphaned()
            time.sleep(0.002)
        with self._db.read() as cur:
            cur.execute(sql, params)
            self._rows = cur.fetchall()

    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        if self.statements and self.statements[-1][0] == sql:
            self.statements[-1][1].extend(params)
        else:
            self.statements.append((sql, list(params)))

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
        return self._rows


def _load(
    open_source: OpenSource, address: str, prefix: str, page_size: int, cache_limit: int, out: Any, committed: Any
) -> None:
    try:
        notifications, decode = open_source()
        db = connect(address, pool_size=1)
        cache = WriterCache(limit=cache_limit)
        cache.orgs = {}  # the loader sees every event from the first: it knows every organization
        after = 0
        while notes := notifications(after, page_size):
            recorder = _PageRecorder(db, committed, after)
            writer = PageWriter(recorder, prefix, cache, track_touched=False)
            for note in notes:
                writer.apply(decode(note), note.id)
            writer.flush()
            _send(out, LoadedPage(after, notes[-1].id, len(notes), _pack(recorder.statements), cache.misses))
            after = notes[-1].id
        _send(out, None)
    except BaseException:  # reported to the rebuilding process, which raises it
        _send(out, traceback.format_exc())


def _send(out: Any, item: Any) -> None:
    while True:
        try:
            out.put(item, timeout=1.0)
            return
        except queue.Full:
            _exit_if_orphaned()


def _exit_if_orphaned() -> None:
    parent = multiprocessing.parent_process()
    if parent is not None and not parent.is_alive():
        os._exit(1)
