"""Versions of the default lens's timelines (docs/time.md#versions): each person's stints and
moves with the rectangle of publication time x recorded time they hold over, computed by the
pure sweep (``rules/versions.py``) whenever the person's timeline is, and read with one indexed
range condition, so that reads under ``knownAt`` and ``asOf`` fold nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from events.base import ClaimStatus
from projections.model import Cutoffs
from projections.timefmt import ts

BEFORE = ""
"""``known_from`` / ``recorded_from`` of a version holding since before any time."""
OPEN_END = "~"
"""``known_until`` / ``recorded_until`` of a version holding from then on (after every time)."""
LATEST = "9999-12-31T23:59:59.999999Z"
"""What a read without ``knownAt`` or ``asOf`` compares with: after every stored time, before ``OPEN_END``."""

RECTANGLE = "known_from <= ? AND known_until > ? AND recorded_from <= ? AND recorded_until > ?"


def versioned(cutoffs: Cutoffs) -> bool:
    """Whether a read under ``cutoffs`` is answered from the versions: under the default lens
    (``REPORTED`` from one publisher) with ``knownAt`` or ``asOf`` set. Other lenses fold on read."""
    return (not cutoffs.is_default and cutoffs.min_status is ClaimStatus.REPORTED and cutoffs.min_sources == 1)


def rectangle(cutoffs: Cutoffs) -> list[Any]:
    """The parameters of ``RECTANGLE`` for ``cutoffs``."""
    known = ts(cutoffs.known_at) if cutoffs.known_at is not None else LATEST
    recorded = ts(cutoffs.as_of) if cutoffs.as_of is not None else LATEST
    return [known, known, recorded, recorded]


def edges(
    known_from: datetime | None, known_until: datetime | None, recorded_from: datetime, recorded_until: datetime | None
) -> tuple[str, str, str, str]:
    """A version's rectangle as stored."""
    return (ts(known_from) if known_from else BEFORE, ts(known_until) if known_until else OPEN_END,
            ts(recorded_from), ts(recorded_until) if recorded_until else OPEN_END)
