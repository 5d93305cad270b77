"""The time controls every explorer page takes (``at``, ``knownAt``, ``asOf``, ``minStatus``,
``minSources``): read from the URL, checked, turned into GraphQL variables, links and words.

A link carries every control it was given, so a pasted link asks the same question again; "pin"
adds ``asOf`` (now) and ``at`` (today) so that it also gets the same answer forever. See
docs/explorer.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlencode

import msgspec

STATUSES = ("RUMOURED", "REPORTED", "CONFIRMED")
NAMES = ("at", "knownAt", "asOf", "minStatus", "minSources")
MAX_SOURCES = 100
# The explorer asks about dates in these years only: its charts and windows reach a couple of
# years beyond a date, which must stay inside what a date can hold (years 1 to 9999).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
MAX_TEXT = 200


class BadParameter(Exception):
    """A query parameter the explorer cannot use; shown as a 400 page naming it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Controls(msgspec.Struct, frozen=True, kw_only=True):
    """The five controls as given (None: not given, the contract's default applies)."""

    at: date | None = None
    known_at: datetime | None = None
    as_of: datetime | None = None
    min_status: str | None = None
    min_sources: int | None = None

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> Controls:
        """The controls in ``params``; an empty value counts as not given."""
        def given(name: str) -> str | None:
            value = params.get(name, "").strip()
            return value or None

        status = given("minStatus")
        if status is not None and status.upper() not in STATUSES:
            raise BadParameter("minStatus", "minStatus must be RUMOURED, REPORTED or CONFIRMED")
        return cls(
            at=parse_date("at", given("at")),
            known_at=parse_moment("knownAt", given("knownAt")),
            as_of=parse_moment("asOf", given("asOf")),
            min_status=status.upper() if status else None,
            min_sources=_sources(given("minSources")),
        )

    def params(self) -> dict[str, str]:
        """The controls given, as URL query parameters (canonical spelling)."""
        found = {
            "at": self.at.isoformat() if self.at else None,
            "knownAt": moment_text(self.known_at) if self.known_at else None,
            "asOf": moment_text(self.as_of) if self.as_of else None,
            "minStatus": self.min_status,
            "minSources": str(self.min_sources) if self.min_sources is not None else None,
        }
        return {k: v for k, v in found.items() if v is not None}

    def variables(self) -> dict[str, Any]:
        """The controls as GraphQL variables (absent ones left to the contract's defaults)."""
        return {
            "at": self.at.isoformat() if self.at else None,
            "knownAt": moment_text(self.known_at) if self.known_at else None,
            "asOf": moment_text(self.as_of) if self.as_of else None,
            "minStatus": self.min_status,
            "minSources": self.min_sources,
        }

    def day(self) -> date:
        """The valid-time date asked about: ``at``, or today (UTC)."""
        return self.at or datetime.now(UTC).date()

    def pinned(self, now: datetime) -> Controls:
        """The same question with ``asOf`` now and ``at`` fixed (``now``'s date in UTC when not
        given): the answer never changes again."""
        return msgspec.structs.replace(self, at=self.at or now.astimezone(UTC).date(), as_of=now)

    def link(self, path: str, **extra: str | int | None) -> str:
        """``path`` with these controls and the page's own parameters (None drops one)."""
        query = {**self.params(), **{k: str(v) for k, v in extra.items() if v is not None}}
        return f"{path}?{urlencode(query)}" if query else path


def parse_date(field: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value[:MAX_TEXT])
    except ValueError:
        raise BadParameter(field, f"{field} must be a date such as 2025-08-15, not '{value[:40]}'") from None
    return _in_range(field, day)


def _in_range(field: str, day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise BadParameter(field, f"{field} must be between {FIRST_DAY} and {LAST_DAY}")
    return day


def in_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; without a zone, read as UTC. (The explorer is a GraphQL client and imports
    nothing of the domain: this is its copy of ``events.moments.as_utc``.)"""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_moment(field: str, value: str | None) -> datetime | None:
    """A date (midnight UTC) or an ISO 8601 date and time; a time without a zone is UTC."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), time(), UTC)
        else:
            moment = datetime.fromisoformat(value[:MAX_TEXT].replace(" ", "T"))
        moment = in_utc(moment)
    except (ValueError, OverflowError):
        raise BadParameter(
            field, f"{field} must be a date such as 2025-08-01 or a moment such as 2025-08-01T12:00:00Z, "
            f"not '{value[:40]}'",
        ) from None
    _in_range(field, moment.date())
    return moment


def moment_text(moment: datetime) -> str:
    """A UTC moment as written in links: ``2025-08-01`` at midnight, else ``...T09:39:00Z`` (with
    microseconds when it has them: a pinned ``asOf`` must not drop what was recorded in its second)."""
    moment = moment.astimezone(UTC)
    if moment.time() == time():
        return moment.date().isoformat()
    spec = "microseconds" if moment.microsecond else "seconds"
    return moment.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def _sources(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= MAX_SOURCES:
        raise BadParameter("minSources", f"minSources must be a whole number from 1 to {MAX_SOURCES}")
    return int(value)
