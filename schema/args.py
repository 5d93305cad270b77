"""Arguments shared by many fields (the three time axes and the filters), and their checks."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, TypeAlias

import strawberry

from events.moments import as_utc
from projections.model import Cutoffs
from schema.context import GraphQLContext
from schema.enums import POSITIVE, ClaimStatus
from schema.errors import api_error

Info: TypeAlias = strawberry.Info[GraphQLContext, None]

At = Annotated[
    date | None,
    strawberry.argument(description="Valid time: the date asked about. Default: today (UTC)."),
]
AsOf = Annotated[
    datetime | None,
    strawberry.argument(
        description="Recorded time: only events this service recorded at or before this moment count "
        "(audit: what the service said then). Default: now."
    ),
]
KnownAt = Annotated[
    datetime | None,
    strawberry.argument(
        description="Publication time: only reports published at or before this moment count "
        "(what was publicly known then). Default: now."
    ),
]
MinStatus = Annotated[
    ClaimStatus | None,
    strawberry.argument(
        description="Weakest status a claim needs to count: RUMOURED, REPORTED (default) or CONFIRMED."
    ),
]
MinSources = Annotated[
    int | None,
    strawberry.argument(description="Independent publishers a claim needs to count. Default: 1."),
]
IncludeUnits = Annotated[
    bool | None,
    strawberry.argument(description="Count the organization's units (teams, labs) too. Default: true."),
]
First = Annotated[
    int | None,
    strawberry.argument(description="Page size (default 50; capped by the server's page limit)."),
]
After = Annotated[
    str | None,
    strawberry.argument(description="Opaque cursor: return what follows it (an edge's `cursor`)."),
]
ListFirst = Annotated[
    int | None,
    strawberry.argument(description="How many items (default and maximum: the server's page limit)."),
]
AfterId = Annotated[
    str | None,
    strawberry.argument(description="Return the items that follow this one: the last item's `id`."),
]
AfterPosition = Annotated[
    str | None,
    strawberry.argument(description="Return the events recorded after this one: the last event's `position`."),
]

MAX_POSITION = 2**63 - 1
_POSITION = re.compile(r"[0-9]{1,19}")  # ASCII digits only: str.isdigit() accepts any script's
MAX_ID = 512


def today() -> date:
    """The default valid time: today in UTC."""
    return datetime.now(UTC).date()


def utc(moment: datetime | None, field: str = "asOf") -> datetime | None:
    """A moment in UTC; a moment without a zone is read as UTC. BAD_USER_INPUT when it has no UTC
    equivalent (``9999-12-31T23:00:00-05:00`` is in the year 10000)."""
    if moment is None:
        return None
    try:
        return as_utc(moment)
    except (OverflowError, ValueError):
        raise api_error("BAD_USER_INPUT", "the time is out of range once converted to UTC", field=field) from None


def cutoffs(
    as_of: datetime | None,
    known_at: datetime | None,
    min_status: ClaimStatus | None,
    min_sources: int | None,
) -> Cutoffs:
    """The read's cutoffs; BAD_USER_INPUT for a filter that cannot select anything sensible."""
    if min_status is not None and min_status not in POSITIVE:
        raise api_error(
            "BAD_USER_INPUT", "minStatus must be RUMOURED, REPORTED or CONFIRMED", field="minStatus"
        )
    if min_sources is not None and min_sources < 1:
        raise api_error("BAD_USER_INPUT", "minSources must be at least 1", field="minSources")
    return Cutoffs(
        as_of=utc(as_of, "asOf"),
        known_at=utc(known_at, "knownAt"),
        min_status=min_status or ClaimStatus.REPORTED,
        min_sources=1 if min_sources is None else min_sources,
    )


MAX_MONTHS = 1200


def date_range(start: date, end: date, max_months: int | None = None) -> None:
    """BAD_USER_INPUT when ``from`` is after ``to``, or the range spans more than ``max_months``."""
    if start > end:
        raise api_error("BAD_USER_INPUT", "`from` must not be after `to`", field="from")
    if max_months is not None and (end.year - start.year) * 12 + end.month - start.month >= max_months:
        raise api_error("BAD_USER_INPUT", f"a range spans at most {max_months} months", field="to")


def position_cursor(after: str | None, field: str = "after") -> int:
    """An event cursor (a position written in ASCII decimal digits); 0 means the beginning."""
    if after is None or after == "":
        return 0
    if not _POSITION.fullmatch(after) or int(after) > MAX_POSITION:
        raise api_error(
            "BAD_USER_INPUT", "an event cursor is a position such as '42' (ASCII digits, below 2^63)", field=field
        )
    return int(after)


def id_cursor(after: str | None, field: str = "after") -> str | None:
    """An id cursor (the last item's id); None for the beginning."""
    if after is not None and len(after) > MAX_ID:
        raise api_error("BAD_USER_INPUT", f"an id is at most {MAX_ID} characters", field=field)
    return after or None
