"""Bulk export of every event as NDJSON, in position order, straight from the event store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from projections.writer import ENVELOPE, TYPE_NAMES
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
                "data": data,
            }) + b"\n"
        position = notes[-1].id
