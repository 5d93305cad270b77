"""What the write side needs from an event store, and the unit of work a use case decides in."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any, Protocol, TypeVar

from events.base import LedgerAggregate
from events.claim import Claim
from events.errors import Conflict, NotFound
from events.group_claim import GroupClaim
from events.organization import Organization
from events.person import Person
from events.source import Source

A = TypeVar("A", bound=LedgerAggregate)


def decision_order(aggregates: Iterable[LedgerAggregate]) -> list[Any]:
    """The pending events of ``aggregates`` in the order they were decided (by time, each
    aggregate's own events kept in their order), not grouped by aggregate: a batch's lines are
    then stored, exported and imported again in the order they were written
    (``docs/import.md#importing-an-export``: a merge after a claim stays after it)."""
    return list(heapq.merge(*(a.collect_events() for a in aggregates), key=lambda event: event.timestamp))


class AggregateSource(Protocol):
    """Where a unit of work loads aggregates from and saves their new events to."""

    def load(self, aggregate_id: str) -> LedgerAggregate | None:
        """The aggregate with this id, or None if it was never created."""

    def existing(self, aggregate_ids: Iterable[str]) -> set[str]:
        """The subset of ids that exist: lets a batch skip loading what cannot be there."""

    def save(self, aggregates: Sequence[LedgerAggregate]) -> int | None:
        """Take every pending event of these aggregates; return the last position, or None."""


class Staging(AggregateSource, Protocol):
    """A private area where a batch sets its decided events aside until the whole batch is
    accepted: ``save`` stores nothing yet, ``load`` sees the store and what was set aside."""

    @property
    def staged(self) -> int:
        """How many events are set aside."""

    def commit(self) -> int | None:
        """Append every event set aside in one atomic append; the last position, or None.

        Raises ConcurrentWrite when another writer appended to one of the aggregates first.
        """

    def close(self) -> None:
        """Discard what is set aside and release the area."""


class AggregateStore(AggregateSource, Protocol):
    """What the write side needs from an event store (implemented in ``service/``).

    ``save`` appends every pending event atomically, raising ConcurrentWrite when another writer
    appended to one of the aggregates first.
    """

    def max_position(self) -> int:
        """The position of the newest event in the store (0 when empty)."""

    def stage(self) -> Staging:
        """A new, empty staging area for one batch (the caller closes it)."""


LABELS: dict[type[LedgerAggregate], str] = {
    Person: "person",
    Organization: "organization",
    Source: "source",
    Claim: "claim",
    GroupClaim: "group claim",
}


class UnitOfWork:
    """Aggregates loaded or created during one use case (or one chunk of an import batch)."""

    def __init__(self, store: AggregateSource) -> None:
        self._store = store
        self._loaded: dict[str, LedgerAggregate | None] = {}  # least recently used first
        # Used since the last eviction, in order of first use (the order their events are
        # appended in): only these can have new events.
        self._touched: dict[str, None] = {}
        self._absent: set[str] = set()

    def prefetch_absent(self, ids: Iterable[str]) -> None:
        """Ask once which of ``ids`` exist, so that the others are never loaded one by one."""
        wanted = set(ids) - self._loaded.keys()
        self._absent = wanted - self._store.existing(wanted)

    def get(self, cls: type[A], public_id: str) -> A | None:
        aggregate_id = cls.aggregate_id(public_id)
        if aggregate_id in self._loaded:
            found = self._loaded[aggregate_id]
        else:
            found = self._loaded[aggregate_id] = (
                None if aggregate_id in self._absent else self._store.load(aggregate_id)
            )
        self._touched.setdefault(aggregate_id)
        if found is not None and not isinstance(found, cls):
            raise Conflict(f"id '{public_id}' belongs to a {type(found).__name__}")
        return found

    def require(self, cls: type[A], public_id: str, field: str) -> A:
        found = self.get(cls, public_id)
        if found is None:
            raise NotFound(LABELS[cls], public_id, field)
        return found

    def add(self, aggregate: LedgerAggregate) -> None:
        self._loaded[aggregate.id] = aggregate
        self._touched.setdefault(aggregate.id)

    def pending(self) -> list[LedgerAggregate]:
        found = (self._loaded.get(aggregate_id) for aggregate_id in self._touched)
        return [a for a in found if a is not None and a.pending_events]

    def save(self) -> int | None:
        pending = self.pending()
        return self._store.save(pending) if pending else None

    def evict(self, keep: int) -> None:
        """Forget the aggregates least recently used (by chunk: those used since the last call
        count as the most recent) beyond ``keep``; call after ``save``, so that none has pending
        events. A later ``get`` loads them again. Keeps a batch's memory bounded."""
        for aggregate_id in self._touched:
            self._loaded[aggregate_id] = self._loaded.pop(aggregate_id)
        self._touched = {}
        excess = len(self._loaded) - keep
        if excess > 0:
            for aggregate_id in list(islice(self._loaded, excess + keep // 4)):
                del self._loaded[aggregate_id]

