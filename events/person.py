"""A person: a name, aliases, and possibly merged into another person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from events.base import Alias, LedgerAggregate
from events.text import nfc


class Person(LedgerAggregate):
    KIND = "person"

    @dataclass(frozen=True)
    class Registered(LedgerAggregate.Created):
        name: str
        aliases: list[dict[str, Any]]

    @dataclass(frozen=True)
    class AliasAdded(LedgerAggregate.Event):
        name: str
        language: str | None

        def apply(self, aggregate: LedgerAggregate) -> None:
            assert isinstance(aggregate, Person)
            aggregate.aliases.add(Alias(nfc(self.name), self.language))

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
