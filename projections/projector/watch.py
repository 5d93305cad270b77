"""Follows the read models' position for one process and wakes whoever waits on it: requests
waiting for their writes (``Talentledger-Wait-For``, threads) and live subscriptions (asyncio).

On PostgreSQL the projector NOTIFYs ``PROJECTION_CHANNEL`` in each page's transaction, and the
watch LISTENs on one dedicated connection per process: any number of subscribers and waiters
cost one connection and no polling, whichever process wrote the events. SQLite has no
notifications: the watch polls the position there, and only while someone waits.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Protocol


class Signal(Protocol):
    """A LISTEN connection: ``open`` subscribes, ``wait`` blocks for a notification."""

    def open(self) -> None: ...

    def wait(self, timeout: float) -> bool:
        """Block until a notification or ``timeout``; True if notified."""

    def close(self) -> None: ...


class ProjectionWatch:
    """One per process; the ``ProjectionFollower`` of an API replica and every ``ChangeFeed``."""

    def __init__(
        self,
        position: Callable[[], int],
        signal: Signal | None = None,
        *,
        poll_interval: float = 0.1,
        recheck_interval: float = 5.0,
    ) -> None:
        self._position = position
        self._signal = signal
        self.poll_interval = poll_interval
        # With notifications, a rare re-read still catches one lost to a silently dead connection.
        self.recheck_interval = recheck_interval
        self._head = 0
        self._cond = threading.Condition()
        self._interest = 0
        self._interested = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._events: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}
        self.last_error: BaseException | None = None

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="projection-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop following and close the LISTEN connection."""
        self._stopping.set()
        self._interested.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._signal is not None:
            self._signal.close()

    def _run(self) -> None:
        try:
            self._listen() if self._signal is not None else self._poll()
        finally:
            if self._signal is not None:
                self._signal.close()

    def _listen(self) -> None:
        assert self._signal is not None
        recheck_at = 0.0
        while not self._stopping.is_set():
            try:
                if time.monotonic() >= recheck_at:
                    self._signal.open()  # LISTEN before reading: no commit falls in between
                    self._refresh()
                    recheck_at = time.monotonic() + self.recheck_interval
                if self._signal.wait(0.25):  # short slices keep stop() prompt
                    self._refresh()
                self.last_error = None
            except Exception as error:  # connection lost: reconnect, re-read, carry on
                self.last_error = error
                self._signal.close()
                recheck_at = 0.0
                self._stopping.wait(1.0)

    def _poll(self) -> None:
        while not self._stopping.is_set():
            if not self._interest:
                self._interested.wait(1.0)
                self._interested.clear()
                continue
            try:
                self._refresh()
                self.last_error = None
            except Exception as error:
                self.last_error = error
            self._stopping.wait(self.poll_interval)

    def _refresh(self) -> None:
        head = self._position()
        with self._cond:
            if head == self._head:
                return
            self._head = head
            self._cond.notify_all()
            loops = list(self._events)
        for loop in loops:
            try:
                loop.call_soon_threadsafe(self._fire, loop)
            except RuntimeError:  # that loop has closed
                with self._cond:
                    self._events.pop(loop, None)

    def _fire(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._cond:
            woken = self._events.get(loop)
            if woken is None:
                return
            self._events[loop] = asyncio.Event()
        woken.set()

    def _enter(self) -> None:
        with self._cond:
            self._interest += 1
        self._interested.set()

    def _leave(self) -> None:
        with self._cond:
            self._interest -= 1

    # -- ProjectionFollower: read-your-writes -------------------------------------------------------

    def position(self) -> int:
        return self._position()

    def wait_for(self, position: int, timeout: float) -> bool:
        """Block until the read models reflect ``position``; False after ``timeout`` seconds."""
        if self._position() >= position:
            return True
        deadline = time.monotonic() + timeout
        self._enter()
        try:
            with self._cond:
                while self._head < position:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._cond.wait(remaining)
                else:
                    return True
        finally:
            self._leave()
        return self._position() >= position

    # -- ChangeFeed: live subscriptions -------------------------------------------------------------

    @property
    def head(self) -> int:
        """The last position the watch read (0 before its first read)."""
        return self._head

    @asynccontextmanager
    async def subscribed(self) -> AsyncIterator[None]:
        """Register the caller's event loop for wake-ups while it follows the feed."""
        loop = asyncio.get_running_loop()
        with self._cond:
            self._events.setdefault(loop, asyncio.Event())
        self._enter()
        try:
            yield
        finally:
            self._leave()

    async def wait_past(self, position: int) -> None:
        """Return once the read models are beyond ``position``."""
        loop = asyncio.get_running_loop()
        while self._head <= position:
            with self._cond:
                changed = self._events.setdefault(loop, asyncio.Event())
            await changed.wait()
