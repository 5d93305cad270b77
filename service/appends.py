"""Append latency: the write side's store, timed, for ``talentledger_append_seconds``."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

from prometheus_client import Histogram

from events.base import LedgerAggregate
from events.unit_of_work import Staging

FAST_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


def append_histogram() -> Histogram:
    """Time to append a write's events to the store; one per process, shared by its apps."""
    return Histogram("talentledger_append_seconds", "Time to append one write's events to the event store.",
                     registry=None, buckets=FAST_BUCKETS)


class TimedStore:
    """The write side's store, timing every append (``events.ledger.AggregateStore``)."""

    def __init__(self, store: Any, histogram: Histogram) -> None:
        self._store = store
        self._histogram = histogram

    def load(self, aggregate_id: str) -> LedgerAggregate | None:
        found: LedgerAggregate | None = self._store.load(aggregate_id)
        return found

    def existing(self, aggregate_ids: Iterable[str]) -> set[str]:
        return set(self._store.existing(aggregate_ids))

    def save(self, aggregates: Sequence[LedgerAggregate]) -> int | None:
        start = time.perf_counter()
        try:
            position: int | None = self._store.save(aggregates)
            return position
        finally:
            self._histogram.observe(time.perf_counter() - start)

    def max_position(self) -> int:
        return int(self._store.max_position())

    def stage(self) -> Staging:
        """A batch's staging area; its one atomic append (``commit``) is timed too."""
        return _TimedStaging(self._store.stage(), self._histogram)


class _TimedStaging:
    def __init__(self, staging: Staging, histogram: Histogram) -> None:
        self._staging = staging
        self._histogram = histogram

    def load(self, aggregate_id: str) -> LedgerAggregate | None:
        return self._staging.load(aggregate_id)

    def existing(self, aggregate_ids: Iterable[str]) -> set[str]:
        return self._staging.existing(aggregate_ids)

    def save(self, aggregates: Sequence[LedgerAggregate]) -> int | None:
        return self._staging.save(aggregates)

    @property
    def staged(self) -> int:
        return self._staging.staged

    def close(self) -> None:
        self._staging.close()

    def commit(self) -> int | None:
        start = time.perf_counter()
        try:
            return self._staging.commit()
        finally:
            self._histogram.observe(time.perf_counter() - start)
