"""Readiness: does the database answer, and does some projector keep the read models up?

A replica (``serve --no-projector``) runs no projector, so it cannot ask one. Instead the process
whose projector holds the lead writes a heartbeat row every ``HEARTBEAT_S`` seconds (its holder,
its position, the database's clock), and every process reads it: no row fresher than
``STALE_AFTER_S`` means no projector leads. The lag is measured in time, from the oldest event the
read models do not reflect yet, and must stay within ``TALENTLEDGER_READY_MAX_LAG_S``.
(``docs/operations.md#health-and-readiness``.)
"""

from __future__ import annotations

import os
import socket
import threading
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import msgspec

from projections.db import Database

if TYPE_CHECKING:
    from projections.projector import Projector
    from service.bootstrap import Components

HEARTBEAT_S = 2.0
STALE_AFTER_S = 10.0
NAME = "talentledger"
TABLE = "tl_projector_heartbeat"
_NOW = {
    "sqlite": "((julianday('now') - 2440587.5) * 86400.0)",
    "postgresql": "(extract(epoch from clock_timestamp())::float8)",
}
_encoder = msgspec.json.Encoder()


class Heartbeat:
    """A thread writing the heartbeat row while this process's projector leads."""

    def __init__(self, db: Database, projector: Projector, interval: float = HEARTBEAT_S) -> None:
        self.db = db
        self.projector = projector
        self.interval = interval
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self.last_error: BaseException | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._run, name="projector-heartbeat", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop beating and withdraw this holder's row, so readiness elsewhere sees it at once."""
        if self._thread is None:
            return
        self._stopping.set()
        self._thread.join(timeout=10)
        self._thread = None
        try:
            with self.db.transaction() as cur:
                cur.execute(f"DELETE FROM {TABLE} WHERE name = ? AND holder = ?", (NAME, self.holder))
        except Exception as error:  # the database is gone: the row goes stale on its own
            self.last_error = error

    def _run(self) -> None:
        beaten = -self.interval
        while not self._stopping.wait(0.25):  # short slices: the first beat follows the lead at once
            if self.projector.is_leader and time.monotonic() - beaten >= self.interval:
                try:
                    self.beat()
                    beaten = time.monotonic()
                    self.last_error = None
                except Exception as error:  # database unreachable: retry at the next slice
                    self.last_error = error

    def beat(self) -> None:
        error = self.projector.last_error
        position = self.projector.position()  # before the write: one transaction per thread at a time
        with self.db.transaction() as cur:
            cur.execute(
                f"INSERT INTO {TABLE} (name, holder, position, beat_at, error)"
                f" VALUES (?, ?, ?, {_NOW[self.db.dialect]}, ?)"
                " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, position = excluded.position,"
                " beat_at = excluded.beat_at, error = excluded.error",
                (NAME, self.holder, position, None if error is None else type(error).__name__),
            )


class Readiness:
    """The readiness check of one process: reads the heartbeat, the positions and the lag."""

    def __init__(self, components: Components) -> None:
        self.c = components
        self.max_lag_s = components.settings.ready_max_lag_s

    def check(self) -> tuple[bool, dict[str, Any]]:
        """(ready, body); raises when the database does not answer."""
        db = self.c.db
        with db.read() as cur:
            cur.execute(f"SELECT holder, position, {_NOW[db.dialect]} - beat_at, error FROM {TABLE} WHERE name = ?",
                        (NAME,))
            beat = cur.fetchone()
        tracked = self.c.projector.position()
        stored = self.c.store.max_position()
        lag_s = self._lag_seconds(tracked) if stored > tracked else 0.0
        reasons = []
        if beat is None:
            reasons.append("no projector leads: none has written a heartbeat (start `talentledger projector`)")
        elif beat[2] > STALE_AFTER_S:
            reasons.append(f"no projector leads: the last heartbeat ({beat[0]}) is {beat[2]:.0f} s old")
        if lag_s > self.max_lag_s:
            reasons.append(f"the read models are {stored - tracked} event(s), {lag_s:.0f} s, behind the store "
                           f"(at most {self.max_lag_s:g} s allowed)")
        body: dict[str, Any] = {
            "status": "unready" if reasons else "ready",
            "projector": None if beat is None else {
                "holder": beat[0], "position": int(beat[1]), "heartbeatAgeSeconds": round(float(beat[2]), 3),
                "error": beat[3],
            },
            "position": tracked, "storePosition": stored, "lag": max(0, stored - tracked),
            "lagSeconds": round(lag_s, 3),
            # Set aside, not a reason to be unready: the projector goes on (docs/operations.md).
            "deadLetters": self.c.projector.dead_letter_count(),
        }
        if reasons:
            body["errors"] = [{"message": r, "extensions": {"code": "NOT_READY"}} for r in reasons]
        return not reasons, body

    def _lag_seconds(self, tracked: int) -> float:
        """Age of the oldest event the read models do not reflect yet."""
        notes = self.c.store.notifications(tracked, 1)
        if not notes:
            return 0.0
        recorded: datetime = self.c.store.mapper.to_domain_event(notes[0]).timestamp
        return max(0.0, (datetime.now(UTC) - recorded).total_seconds())

    @staticmethod
    def unready(message: str) -> dict[str, Any]:
        """The body of a check that could not run."""
        return {"status": "unready", "errors": [{"message": message, "extensions": {"code": "NOT_READY"}}]}

    @staticmethod
    def encode(body: dict[str, Any]) -> bytes:
        return _encoder.encode(body)


class ReadinessProbe:
    """``GET /health/ready``: the check in a worker thread, bounded in time, one at a time.

    A database that hangs must not pile up threads (probes come every few seconds): while a
    check is still running, later probes answer "unready" at once instead of starting another.
    """

    def __init__(self, readiness: Readiness, timeout_s: float = 3.0) -> None:
        self.readiness = readiness
        self.timeout_s = timeout_s
        self._running = threading.Lock()

    async def __call__(self) -> tuple[bool, dict[str, Any]]:
        import anyio
        from anyio import to_thread

        if not self._running.acquire(blocking=False):
            return False, Readiness.unready("the previous readiness check is still waiting for the database")
        with anyio.move_on_after(self.timeout_s):
            return await to_thread.run_sync(self._check, abandon_on_cancel=True)
        return False, Readiness.unready(f"the database did not answer within {self.timeout_s:g} s")

    def _check(self) -> tuple[bool, dict[str, Any]]:
        try:
            return self.readiness.check()
        except Exception as error:
            first = (str(error).strip() or type(error).__name__).splitlines()[0]
            return False, Readiness.unready(f"the database did not answer: {first}")
        finally:
            self._running.release()
