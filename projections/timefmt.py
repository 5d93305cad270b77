"""Times and dates as sortable text, identically on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

ZERO = timedelta(0)


def ts(moment: datetime) -> str:
    """UTC, fixed width, so that text order is time order."""
    if moment.tzinfo is UTC:  # every stored time: one C call (a rebuild formats millions)
        return moment.isoformat(timespec="microseconds")[:-6] + "Z"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if moment.utcoffset() != ZERO:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


def day(value: date) -> str:
    return value.isoformat()  # always ten characters: years are written with four digits


def parse_day(text: str) -> date:
    return date.fromisoformat(text)
