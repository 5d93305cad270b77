"""An organization: a company, or a team, lab or unit inside one (``parent_id``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from events.base import Alias, LedgerAggregate, NamedAggregate
from events.errors import BadInput, Conflict
from events.text import nfc


class Organization(NamedAggregate):
    KIND = "org"

    @dataclass(frozen=True)
    class Registered(LedgerAggregate.Created):
        name: str
        aliases: list[dict[str, Any]]
        parent_id: str | None

    @dataclass(frozen=True)
    class AliasAdded(NamedAggregate.AliasAdded):
        """An alias not known before (the event body is ``NamedAggregate``'s)."""

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

    @classmethod
    def register(
        cls, public_id: str, name: str, aliases: Iterable[Alias], parent_id: str | None, ancestors: Sequence[str],
        *, timestamp: datetime, recorded_by: str,
    ) -> Organization:
        """A new organization, inside ``parent_id`` when given; ``ancestors`` is the parent's chain
        up to its root, the parent first, and must not hold the new organization's id."""
        if public_id in ancestors:
            raise BadInput("parentId", f"organization '{public_id}' would become its own ancestor")
        return cls._create(
            cls.Registered, id=cls.aggregate_id(public_id), timestamp=timestamp, recorded_by=recorded_by,
            name=name, aliases=[alias.as_dict() for alias in aliases], parent_id=parent_id,
        )

    def register_again(
        self, name: str, aliases: Iterable[Alias], parent_id: str | None, *, timestamp: datetime, recorded_by: str
    ) -> None:
        """The same id registered again: the same name adds the aliases not yet known. An omitted
        ``parent_id`` changes nothing; another parent is refused, as moving a unit is
        ``reparent``'s, an editor's (``docs/input.md#organizations-registering-never-moves-a-unit``)."""
        if self.name != name:
            raise Conflict(f"organization '{self.public_id}' is already registered as '{self.name}'", "id")
        if parent_id is not None and parent_id != self.parent_id:
            where = f"inside '{self.parent_id}'" if self.parent_id else "without a parent"
            raise Conflict(
                f"organization '{self.public_id}' is registered {where}; to move it, use reparentOrganization",
                "parentId",
            )
        self.add_aliases(aliases, timestamp=timestamp, recorded_by=recorded_by)

    def reparent(self, parent_id: str | None, ancestors: Sequence[str], timestamp: datetime, recorded_by: str) -> None:
        """Move this organization inside ``parent_id``, or out of any parent when None.

        ``ancestors`` is the new parent's chain up to its root, the parent first: the
        organization must not be in it. Moving to where it already is records nothing.
        """
        if self.public_id in ancestors:
            raise BadInput("parentId", f"organization '{self.public_id}' would become its own ancestor")
        if parent_id != self.parent_id:
            self.trigger_event(self.Reparented, timestamp=timestamp, recorded_by=recorded_by, parent_id=parent_id)
