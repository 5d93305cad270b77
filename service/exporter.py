"""Bulk export of every event as NDJSON, in position order, straight from the event store.

One JSON object per line: ``position``, ``type``, ``subjectId``, ``recordedAt``, ``recordedBy`` and
``data``, the event's own fields, camelCase like every payload the API sends (the stored events
keep their snake_case; ``docs/import.md#the-export``).

The belief changes are exported the same way, from the read models (``belief_lines``): one object
per change, ``position`` (``<event>:<n>``), the cause's position and type, the person, the kind,
the stints before and after, the organizations and ``lateByDays``
(``docs/import.md#the-belief-changes-export``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from projections.beliefs.queries import BeliefChangeView
from projections.feed.log import ENVELOPE, TYPE_NAMES
from projections.model import StintView
from projections.queries import Queries
from schema.casing import camel_keys
from service.storage import EventStoreAdapter

_encoder = msgspec.json.Encoder()
PAGE = 5000


def export_lines(store: EventStoreAdapter, after: int = 0) -> Iterator[bytes]:
    """One JSON object per event: position, type, subject, recorded time and principal, data."""
    position = after
    while notes := store.notifications(position, PAGE):
        for note in notes:
            event: Any = store.mapper.to_domain_event(note)
            data = {k: v for k, v in vars(event).items() if k not in ENVELOPE}
            yield _encoder.encode({
                "position": note.id,
                "type": TYPE_NAMES[type(event)],
                "subjectId": event.originator_id.split(":", 1)[1],
                "recordedAt": event.timestamp,
                "recordedBy": event.recorded_by,
                "data": camel_keys(data),
            }) + b"\n"
        position = notes[-1].id


def belief_lines(queries: Queries, after: tuple[int, int] = (0, 0)) -> Iterator[bytes]:
    """One JSON object per belief change after ``after``, in position order."""
    cursor = after
    while True:
        page = queries.belief_changes(after=cursor, first=PAGE)
        for change in page.items:
            yield _encoder.encode(_change(change)) + b"\n"
        if not page.items:
            return
        cursor = (page.items[-1].event_position, page.items[-1].n)


def _change(c: BeliefChangeView) -> dict[str, Any]:
    return {
        "position": c.position, "cause": c.event_position, "causeType": c.cause.type, "personId": c.person_id,
        "kind": c.kind, "before": _stint(c.before), "after": _stint(c.after), "organizations": c.organization_ids,
        "lateByDays": c.late_by_days,
    }


def _stint(s: StintView | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "organizationId": s.organization_id, "role": s.role, "start": s.start.value if s.start else None,
        "end": s.end.value if s.end else None, "status": s.status.value, "claimIds": s.claim_ids,
        "sourceIds": s.source_ids,
    }
