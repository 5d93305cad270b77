"""The base aggregate and event classes, with string ids that carry their kind.

Aggregate ids are ``<kind>:<public id>`` (``person:ruoming-pang``), so that the natural key is
the identity: registering the same id twice finds the first registration.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from eventsourcing.domain import BaseAggregate, CanInitAggregate, CanMutateAggregate

from events.text import nfc


class ClaimStatus(enum.Enum):
    """What a report asserts about a claim; RETRACTED is only ever derived, never reported."""

    RUMOURED = "RUMOURED"
    REPORTED = "REPORTED"
    CONFIRMED = "CONFIRMED"
    DENIED = "DENIED"
    RETRACTED = "RETRACTED"

    # Members are singletons compared by identity, so the identity hash is exact; Enum's own
    # hashes the name in Python, and the projection folds look statuses up millions of times.
    __hash__ = object.__hash__


POSITIVE_RANK = {ClaimStatus.RUMOURED: 1, ClaimStatus.REPORTED: 2, ClaimStatus.CONFIRMED: 3}

MAX_CHAIN = 64
"""Links followed at most along one chain of merges, parents or citations, on write and on read
(``docs/limits.md#other-bounds``)."""


class ClaimKind(enum.Enum):
    MOVE = "MOVE"
    HIRE = "HIRE"
    DEPARTURE = "DEPARTURE"
    AFFILIATION = "AFFILIATION"


class Tense(enum.Enum):
    """An affiliation's tense: the person is (``CURRENT``) or had been (``FORMER``) at the organization."""

    CURRENT = "CURRENT"
    FORMER = "FORMER"


class Modality(enum.Enum):
    """What a group claim says of the group's move: it happened, is planned, considered or offered."""

    HAPPENED = "HAPPENED"
    PLANNED = "PLANNED"
    CONSIDERED = "CONSIDERED"
    OFFERED = "OFFERED"


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    language: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """As a registration event stores it."""
        return {"name": self.name, "language": self.language}


class LedgerAggregate(BaseAggregate[str]):
    """Base of every Talent Ledger aggregate."""

    KIND = ""

    @dataclass(frozen=True)
    class Event(CanMutateAggregate[str]):
        """Every event records when it was recorded (``timestamp``) and by whom."""

        originator_id: str
        originator_version: int
        timestamp: datetime
        recorded_by: str

        def apply(self, aggregate: LedgerAggregate) -> None:  # pragma: no cover - overridden
            """Evolve the aggregate; events that change no decision state do nothing."""

    @dataclass(frozen=True)
    class Created(Event, CanInitAggregate[str]):
        originator_topic: str

    @classmethod
    def aggregate_id(cls, public_id: str) -> str:
        return f"{cls.KIND}:{public_id}"

    @property
    def public_id(self) -> str:
        return self.id.split(":", 1)[1]


class NamedAggregate(LedgerAggregate):
    """An aggregate known by a name and aliases (people and organizations).

    Each subclass declares its own ``AliasAdded`` subclass of the one here, so that its stored
    events keep their topic (``events.person:Person.AliasAdded``) and the projections can tell
    them apart."""

    aliases: set[Alias]

    @dataclass(frozen=True)
    class AliasAdded(LedgerAggregate.Event):
        name: str
        language: str | None

        def apply(self, aggregate: LedgerAggregate) -> None:
            assert isinstance(aggregate, NamedAggregate)
            aggregate.aliases.add(Alias(nfc(self.name), self.language))

    def add_aliases(self, aliases: Iterable[Alias], *, timestamp: datetime, recorded_by: str) -> None:
        """Record each alias not yet known."""
        for alias in aliases:
            if alias not in self.aliases:
                self.trigger_event(
                    type(self).AliasAdded, timestamp=timestamp, recorded_by=recorded_by, name=alias.name,
                    language=alias.language,
                )
