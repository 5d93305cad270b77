"""An organization: a company, or a team, lab or unit inside one (``parent_id``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from events.base import Alias, LedgerAggregate
from events.errors import BadInput
from events.text import nfc


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
            aggregate.aliases.add(Alias(nfc(self.name), self.language))

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
        # Names are compared in NFC, also those recorded before input was normalized.
        self.name = nfc(name)
        self.aliases = {Alias(nfc(a["name"]), a.get("language")) for a in aliases}
        self.parent_id = parent_id

    def reparent(self, parent_id: str | None, ancestors: Sequence[str], timestamp: datetime, recorded_by: str) -> None:
        """Move this organization inside ``parent_id``, or out of any parent when None.

        ``ancestors`` is the new parent's chain up to its root, the parent first: the
        organization must not be in it. Moving to where it already is records nothing.
        """
        if self.public_id in ancestors:
            raise BadInput("parentId", f"organization '{self.public_id}' would become its own ancestor")
        if parent_id != self.parent_id:
            self.trigger_event(self.Reparented, timestamp=timestamp, recorded_by=recorded_by, parent_id=parent_id)
