"""Stops a read-model statement whose request ran out of time (see ``docs/limits.md``).

A GraphQL operation runs in a worker thread; it sets that thread's deadline here, and every
SQLite connection of the read models calls ``progress`` every few thousand virtual-machine steps,
which interrupts the statement once the deadline has passed (``sqlite3.OperationalError:
interrupted``). Threads without a deadline (the projector, writers) are never interrupted.
PostgreSQL bounds each statement with its own ``statement_timeout`` instead.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

PROGRESS_STEPS = 10_000
"""SQLite virtual-machine steps between two checks: well under a millisecond of work."""

_local = threading.local()


@contextmanager
def deadline(at: float) -> Iterator[None]:
    """Statements this thread runs inside the block stop once ``time.monotonic()`` passes ``at``."""
    previous = getattr(_local, "at", None)
    _local.at = at
    try:
        yield
    finally:
        _local.at = previous


def progress() -> int:
    """SQLite's progress handler: non-zero interrupts the running statement."""
    at = getattr(_local, "at", None)
    return 1 if at is not None and time.monotonic() > at else 0
