"""``Projector``: keeps the read models up to date. It applies pages (``applier.py``), rebuilds
(``rebuild.py``), and follows the event store in a thread, as the one leader of its database.

Only one *following* projector per database runs at a time (``Database.leader_lock``: a
PostgreSQL session advisory lock, or ``flock`` on a file beside the SQLite database); a second
waits and takes over when the first stops or dies. The leader checks before every page that its
lock's session is still there, and steps down if not; ``is_leader`` says which process leads
(``service/health.py`` writes the heartbeat while it does). It is woken by the event store's
NOTIFY on PostgreSQL, by local writes (``wake``), and otherwise polls.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

from projections.db.adapter import Database, LeaderLock
from projections.projector.applier import Decode, Notifications
from projections.projector.rebuild import Rebuilding
from projections.projector.workers import OpenSource

log = logging.getLogger("talentledger.projector")


class Listener(Protocol):
    """Wakes the projector when the event store signals new events (PostgreSQL LISTEN)."""

    def wait(self, timeout: float) -> bool:
        """Block until a signal or ``timeout``; True if signalled."""

    def close(self) -> None: ...


class Projector(Rebuilding):
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
        super().__init__(db, notifications, decode, page_size=page_size, open_source=open_source)
        self.poll_interval = poll_interval
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: BaseException | None = None
        self._listener = listener
        self.listen_timeout = listen_timeout
        self.is_leader = False

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
