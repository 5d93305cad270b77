"""A real in-memory implementation of the write side's AggregateStore (no mocks), and the moment
its tests' clock stands at."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from events.base import LedgerAggregate
from events.errors import ConcurrentWrite
from events.unit_of_work import decision_order

NOW = datetime(2026, 1, 2, tzinfo=UTC)
"""The write side's clock in memory: recorded times are known."""


class MemoryStore:
    def __init__(self) -> None:
        self.events: list[Any] = []
        self._by_id: dict[str, list[Any]] = {}
        self._lock = threading.Lock()

    def load(self, aggregate_id: str) -> LedgerAggregate | None:
        aggregate = None
        for event in list(self._by_id.get(aggregate_id, [])):
            aggregate = event.mutate(aggregate)
        return aggregate

    def existing(self, aggregate_ids: Iterable[str]) -> set[str]:
        return {i for i in aggregate_ids if i in self._by_id}

    def save(self, aggregates: Sequence[LedgerAggregate]) -> int | None:
        return self.append(decision_order(aggregates))

    def append(self, pending: Sequence[Any]) -> int | None:
        """Append events atomically, refusing all of them if one's version is taken."""
        with self._lock:
            versions = {e.originator_id: len(self._by_id.get(e.originator_id, [])) for e in pending}
            for event in pending:
                versions[event.originator_id] += 1
                if versions[event.originator_id] != event.originator_version:
                    raise ConcurrentWrite(event.originator_id)
            for event in pending:
                self._by_id.setdefault(event.originator_id, []).append(event)
                self.events.append(event)
            return len(self.events) if pending else None

    def max_position(self) -> int:
        return len(self.events)

    def stage(self) -> MemoryStaging:
        return MemoryStaging(self)


class MemoryStaging:
    """A batch's events set aside in memory; ``load`` replays them over the store's."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._events: list[Any] = []
        self._by_id: dict[str, list[Any]] = {}

    @property
    def staged(self) -> int:
        return len(self._events)

    def load(self, aggregate_id: str) -> LedgerAggregate | None:
        aggregate = self._store.load(aggregate_id)
        for event in self._by_id.get(aggregate_id, []):
            aggregate = event.mutate(aggregate)
        return aggregate

    def existing(self, aggregate_ids: Iterable[str]) -> set[str]:
        wanted = set(aggregate_ids)
        return self._store.existing(wanted) | (wanted & self._by_id.keys())

    def save(self, aggregates: Sequence[LedgerAggregate]) -> None:
        for event in decision_order(aggregates):
            self._events.append(event)
            self._by_id.setdefault(event.originator_id, []).append(event)

    def commit(self) -> int | None:
        return self._store.append(self._events)

    def close(self) -> None:
        self._events.clear()
        self._by_id.clear()
