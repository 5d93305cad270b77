"""An organization: a company, or a team, lab or unit inside one (``parent_id``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from events.base import Alias, LedgerAggregate


class Organization(LedgerAggregate):
    KIND = "org"

    @dataclass(frozen=True)
    class Registered(LedgerAggregate.Created):
        name: str
        aliases: list[dict[str, Any]]
        parent_id: str | None

    @dataclass(frozen=True)
    class AliasAdded(LedgerAggregate.Event):
        name: str
        language: str | None

        def apply(self, aggregate: LedgerAggregate) -> None:
            assert isinstance(aggregate, Organization)
            aggregate.aliases.add(Alias(self.name, self.language))

    @dataclass(frozen=True)
    class Reparented(LedgerAggregate.Event):
        """The organization now sits inside ``parent_id`` (or stands alone when None)."""

        parent_id: str | None

        def apply(self, aggregate: LedgerAggregate) -> None:
            assert isinstance(aggregate, Organization)
            aggregate.parent_id = self.parent_id

    def __init__(
        self, name: str, aliases: list[dict[str, Any]], parent_id: str | None, recorded_by: str
    ) -> None:
        self.name = name
        self.aliases = {Alias(a["name"], a.get("language")) for a in aliases}
        self.parent_id = parent_id
