"""GraphQL types for the stored events: the audit trail and the gap-free change feed."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from projections import model as m
from schema.args import Info
from schema.casing import camel_keys
from schema.evidence import Source
from schema.values import PageInfo


@strawberry.type(description="One stored event: the audit trail and the change feed.")
class EventRecord:
    position: str = strawberry.field(description="Position in the store; also the feed cursor.")
    type: str = strawberry.field(
        description="Event type, such as `PersonRegistered` or `MoveReported` (docs/domain.md#events)."
    )
    recorded_at: datetime = strawberry.field(description="When this service recorded it.")
    recorded_by: str | None = strawberry.field(description="The principal that wrote it (`key:<name>`).")
    subject_id: strawberry.ID | None = strawberry.field(description="Id of the record it is about.")
    data: JSON = strawberry.field(description="The event's payload.")
    source_id: strawberry.Private[str | None]

    @strawberry.field(description="The source the event names, where one applies.")
    def source(self, info: Info) -> Source | None:
        return Source.of(info.context.source(self.source_id)) if self.source_id else None

    @classmethod
    def of(cls, v: m.EventRecord) -> EventRecord:
        return cls(
            position=str(v.position), type=v.type, recorded_at=v.recorded_at, recorded_by=v.recorded_by,
            subject_id=strawberry.ID(v.subject_id) if v.subject_id is not None else None,
            data=cast(JSON, camel_keys(v.data)), source_id=v.source_id,
        )


@strawberry.type(description="One stored event and its cursor (its position).")
class EventEdge:
    cursor: str = strawberry.field(description="The event's position, for `after`.")
    node: EventRecord = strawberry.field(description="The event.")


@strawberry.type(description="A page of the gap-free change feed, in position order.")
class EventConnection:
    edges: list[EventEdge] = strawberry.field(description="Events of this page, in position order.")
    page_info: PageInfo = strawberry.field(
        description="`endCursor` is where to continue from, even when the page is empty."
    )
