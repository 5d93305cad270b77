"""Input cleaning the use cases share, after ``events/text.py`` has accepted every text field:
required and optional text, aliases, a publication's instant (``docs/input.md``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from events import commands as c
from events.base import Alias
from events.errors import BadInput
from events.moments import as_utc

# A publication's UTC instant keeps a day's margin from datetime's ends, so that readers can
# place it in any time zone (UTC-12 to UTC+14) without overflow (docs/input.md).
EARLIEST_PUBLICATION = datetime(1, 1, 2, tzinfo=UTC)
LATEST_PUBLICATION = datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC)


def required(value: str, field: str) -> str:
    """The text without surrounding blanks, which must leave something."""
    value = value.strip()
    if not value:
        raise BadInput(field, f"{field} must not be empty")
    return value


def optional(text: str | None) -> str | None:
    """The text without surrounding blanks; None when nothing is left."""
    return text.strip() or None if text is not None else None


def aliases(given: Sequence[c.AliasInput]) -> list[Alias]:
    return [Alias(required(a.name, f"aliases[{i}].name"), a.language or None) for i, a in enumerate(given)]


def publication_instant(moment: datetime) -> datetime:
    """The UTC instant of a publication time (naive means UTC), within the accepted range."""
    try:
        instant = as_utc(moment)
    except OverflowError:  # 0001-01-01T00:00+05:00 is before year 1 in UTC
        instant = None
    if instant is None or not EARLIEST_PUBLICATION <= instant <= LATEST_PUBLICATION:
        raise BadInput("publishedAt", "publishedAt must lie between 0001-01-02 and 9999-12-30 in UTC")
    return instant
