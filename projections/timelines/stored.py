"""A stint's bounds as stored with its materialized row (one JSON text column), so the default
reads show them without folding: ``[start, end, anomalies]``, each side ``[earliest, latest,
[[kind, date, claim, source], ...]]`` with ISO days."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from projections.model import BoundReason, DateBounds
from projections.rules.stint import Stint


def _side(bounds: DateBounds) -> list[Any]:
    return [bounds.earliest, bounds.latest, [[r.kind, r.date, r.claim_id, r.source_id] for r in bounds.reasons]]


def encode_bounds(stint: Stint) -> str:
    """The stint's two sides' bounds and its anomalies, as JSON text."""
    value = [_side(stint.start_bounds.view()), _side(stint.end_bounds.view()), stint.anomalies]
    return msgspec.json.encode(value).decode()


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _read_side(value: list[Any]) -> DateBounds:
    earliest, latest, reasons = value
    return DateBounds(_day(earliest), _day(latest),
                      [BoundReason(k, date.fromisoformat(d), c, s) for k, d, c, s in reasons])


def decode_bounds(text: str) -> tuple[DateBounds, DateBounds, list[str]]:
    """``(start, end, anomalies)`` from ``encode_bounds``'s text (an empty list: none stored)."""
    value = msgspec.json.decode(text)
    if not value:
        return DateBounds(), DateBounds(), []
    return _read_side(value[0]), _read_side(value[1]), list(value[2])
