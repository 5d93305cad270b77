"""Versions of the default lens's timelines (docs/time.md#versions): each person's stints and
counted moves, as recorded now, with the interval of publication time they hold over, computed by
the pure sweep (``rules/versions.py``) whenever the person's timeline is, and read with one indexed
range condition, so that reads under ``knownAt`` fold nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from events.base import ClaimStatus
from projections.model import Cutoffs
from projections.timefmt import ts

BEFORE = ""
"""``known_from`` of a version holding since before any time."""
OPEN_END = "~"
"""``known_until`` of a version holding from then on (after every time)."""

KNOWN_AT = "known_from <= ? AND known_until > ?"


def versioned(cutoffs: Cutoffs) -> bool:
    """Whether a read under ``cutoffs`` is answered from the versions: ``knownAt`` alone, under the
    default lens (``REPORTED`` from one publisher). ``asOf`` and other lenses fold on read."""
    return (cutoffs.known_at is not None and cutoffs.as_of is None and cutoffs.min_status is ClaimStatus.REPORTED
            and cutoffs.min_sources == 1)


def known_at(cutoffs: Cutoffs) -> list[Any]:
    """The parameters of ``KNOWN_AT`` (the versions holding at the read's ``knownAt``, which is set)."""
    assert cutoffs.known_at is not None
    known = ts(cutoffs.known_at)
    return [known, known]


def edges(known_from: datetime | None, known_until: datetime | None) -> tuple[str, str]:
    """A version's interval as stored."""
    return (ts(known_from) if known_from else BEFORE, ts(known_until) if known_until else OPEN_END)
