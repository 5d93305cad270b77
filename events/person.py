"""A person: a name, aliases, and possibly merged into another person."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from events.base import Alias, LedgerAggregate, NamedAggregate
from events.errors import BadInput, Conflict
from events.text import nfc


class Person(NamedAggregate):
    KIND = "person"

    @dataclass(frozen=True)
    class Registered(LedgerAggregate.Created):
        name: str
        aliases: list[dict[str, Any]]

    @dataclass(frozen=True)
    class AliasAdded(NamedAggregate.AliasAdded):
        """An alias not known before (the event body is ``NamedAggregate``'s)."""

    @dataclass(frozen=True)
    class Merged(LedgerAggregate.Event):
        """This person is a duplicate of ``survivor_id``; the id resolves there from now on."""

        survivor_id: str
        reason: str

        def apply(self, aggregate: LedgerAggregate) -> None:
            assert isinstance(aggregate, Person)
            aggregate.merged_into = self.survivor_id

    def __init__(self, name: str, aliases: list[dict[str, Any]], recorded_by: str) -> None:
        # Names are compared in NFC, also those recorded before input was normalized.
        self.name = nfc(name)
        self.aliases = {Alias(nfc(a["name"]), a.get("language")) for a in aliases}
        self.merged_into: str | None = None

    @staticmethod
    def check_merge(duplicate_id: str, survivor_id: str) -> None:
        if duplicate_id == survivor_id:
            raise BadInput("survivorId", "a person cannot be merged into themself")

    @classmethod
    def register(
        cls, public_id: str, name: str, aliases: Iterable[Alias], *, timestamp: datetime, recorded_by: str
    ) -> Person:
        return cls._create(
            cls.Registered, id=cls.aggregate_id(public_id), timestamp=timestamp, recorded_by=recorded_by,
            name=name, aliases=[alias.as_dict() for alias in aliases],
        )

    def register_again(
        self, name: str, aliases: Iterable[Alias], *, timestamp: datetime, recorded_by: str
    ) -> None:
        """The same id registered again: the same name adds the aliases not yet known, another
        name is another person (``docs/domain.md#idempotency``)."""
        if self.name != name:
            raise Conflict(f"person '{self.public_id}' is already registered as '{self.name}'", "id")
        self.add_aliases(aliases, timestamp=timestamp, recorded_by=recorded_by)

    def merge_into(self, survivor: Person, reason: str, *, timestamp: datetime, recorded_by: str) -> None:
        """This person is a duplicate of ``survivor`` (``docs/domain.md#merges``): a survivor
        cannot itself be a duplicate, a duplicate merges once, the same merge again records nothing."""
        self.check_merge(self.public_id, survivor.public_id)
        if self.merged_into == survivor.public_id:
            return
        if survivor.merged_into is not None:
            raise Conflict(
                f"person '{survivor.public_id}' is already merged into '{survivor.merged_into}'", "survivorId"
            )
        if self.merged_into is not None:
            raise Conflict(f"person '{self.public_id}' is already merged into '{self.merged_into}'", "duplicateId")
        self.trigger_event(
            self.Merged, timestamp=timestamp, recorded_by=recorded_by, survivor_id=survivor.public_id, reason=reason
        )
