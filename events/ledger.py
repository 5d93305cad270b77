"""The write application: runs each command's use case (``events/handlers.py``) in a unit of
work and saves what it decided, retrying when another writer got there first.

A use case loads, then lets an aggregate decide; a refused command leaves no pending event behind
(this is what lets an import validate a whole file in memory). Writes are idempotent by natural
key: a repeat records nothing and returns what exists.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from events import commands as c
from events.batch import CACHED_AGGREGATES, CHUNK_LINES, BatchResult, Line, LineError, decide_batch
from events.errors import ConcurrentWrite, Conflict, DomainError
from events.handlers import HANDLERS, Subject
from events.text import accept
from events.unit_of_work import AggregateStore, UnitOfWork

__all__ = ["AggregateStore", "BatchResult", "Ledger", "LineError", "Outcome", "Refused", "UnitOfWork"]

MAX_RETRIES = 40


@dataclass(frozen=True, slots=True)
class Outcome:
    """The subject a write was about, and the position a reader can wait for."""

    kind: str
    subject_id: str
    position: int
    recorded: bool


class Refused(Exception):
    """Commands of one atomic batch that the ledger refused, by index: nothing was stored."""

    def __init__(self, errors: list[tuple[int, DomainError]]) -> None:
        super().__init__("; ".join(f"#{index}: {error.message}" for index, error in errors))
        self.errors = errors


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Ledger:
    """The write side's service layer: runs commands, retried on concurrent writes.

    ``batch_chunk`` and ``batch_cache`` bound a batch's memory: lines decided per chunk, and
    aggregates kept between chunks (``events/batch.py``).
    """

    def __init__(
        self, store: AggregateStore, clock: Callable[[], datetime] = _utc_now, *,
        batch_chunk: int = CHUNK_LINES, batch_cache: int = CACHED_AGGREGATES,
    ) -> None:
        self._store = store
        self._clock = clock
        self._batch_chunk = batch_chunk
        self._batch_cache = batch_cache

    # -- entry points ---------------------------------------------------------------------

    def execute(self, command: c.Command, principal: str) -> Outcome:
        """Run one command; raise a DomainError (nothing stored) or return its outcome."""
        try:
            return self.execute_all([command], principal)[0]
        except Refused as refused:
            raise refused.errors[0][1] from None

    def execute_all(self, commands: Sequence[c.Command], principal: str) -> list[Outcome]:
        """Run commands as one atomic write, each deciding on what the ones before it did: all
        stored in one append, or nothing and ``Refused`` naming every refused command."""
        for attempt in range(MAX_RETRIES):
            uow = UnitOfWork(self._store)
            subjects: list[Subject] = []
            refused: list[tuple[int, DomainError]] = []
            for index, command in enumerate(commands):
                try:
                    subjects.append(self._decide(uow, command, principal))
                except DomainError as error:
                    refused.append((index, error))
            if refused:
                raise Refused(refused)
            try:
                position = uow.save()
            except ConcurrentWrite:
                _backoff(attempt)
                continue
            recorded = position is not None
            at = position if position is not None else self._store.max_position()
            return [Outcome(kind, subject, at, recorded) for kind, subject in subjects]
        raise Conflict("too many concurrent writes to the same records; try again")

    def execute_batch(self, lines: Iterable[Line], principal: str, *, skip_invalid: bool = False) -> BatchResult:
        """Decide a whole batch, then store it in one atomic append.

        With a bad line and no ``skip_invalid``, nothing is stored and every error is returned.
        ``lines`` is read once per attempt (again after a concurrent write), so it must be an
        iterable that starts over, not an iterator.
        """
        if isinstance(lines, Iterator):
            raise TypeError("a batch is read again after a concurrent write: pass an iterable, not an iterator")
        for attempt in range(MAX_RETRIES):
            staging = self._store.stage()
            try:
                result = decide_batch(self._decide, staging, lines, principal,
                                      chunk_lines=self._batch_chunk, cached=self._batch_cache)
                if result.errors and not skip_invalid:
                    result.accepted = 0
                    return result
                result.recorded_events = staging.staged
                position = staging.commit()
            except ConcurrentWrite:
                _backoff(attempt)
                continue
            finally:
                staging.close()
            result.position = position if position is not None else self._store.max_position()
            return result
        raise Conflict("too many concurrent writes to the same records; try again")

    def _decide(self, uow: UnitOfWork, command: c.Command, principal: str) -> Subject:
        """Every text field accepted and normalized first (``events/text.py``), then its use case."""
        command = accept(command)
        return HANDLERS[type(command)](uow, command, principal, self._clock())


def _backoff(attempt: int) -> None:
    """Jittered exponential wait before retrying, so contending writers spread out."""
    time.sleep(random.uniform(0, min(0.002 * 2**attempt, 0.1)))  # noqa: S311 - jitter, not crypto
