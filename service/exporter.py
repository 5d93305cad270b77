"""Bulk export of every event as NDJSON, in position order, straight from the event store.

One JSON object per line: ``position``, ``type``, ``subjectId``, ``recordedAt``, ``recordedBy`` and
``data``, the event's own fields, camelCase like every payload the API sends (the stored events
keep their snake_case; ``docs/import.md#the-export``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from projections.feed.log import ENVELOPE, TYPE_NAMES
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
