"""Moments in UTC, the one zone the service records and compares times in."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a moment without a zone is read as UTC. Raises ``OverflowError`` or
    ``ValueError`` when it has no UTC equivalent (``9999-12-31T23:00:00-05:00`` is in year 10000)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
