"""Typed results of the query interface: plain data, no behaviour beyond small helpers."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from events.base import Alias, ClaimKind, ClaimStatus, Modality
from events.fuzzydate import FuzzyDate

T = TypeVar("T")


class BadCursor(ValueError):
    """A cursor (``after``) this service did not make, or one that names nothing in the list."""


class Certainty(enum.Enum):
    CERTAIN = "CERTAIN"
    POSSIBLE = "POSSIBLE"


@dataclass(frozen=True, slots=True)
class Cutoffs:
    """The read's view of the world: recorded by ``as_of``, published by ``known_at``."""

    as_of: datetime | None = None
    known_at: datetime | None = None
    min_status: ClaimStatus = ClaimStatus.REPORTED
    min_sources: int = 1

    @property
    def default_lens(self) -> bool:
        """``REPORTED`` from one publisher: the policy of the default answer, at any moments."""
        return self.min_status is ClaimStatus.REPORTED and self.min_sources == 1

    @property
    def is_default(self) -> bool:
        return self.as_of is None and self.known_at is None and self.default_lens


DEFAULT_CUTOFFS = Cutoffs()


@dataclass(frozen=True, slots=True)
class PersonView:
    id: str
    name: str
    aliases: list[Alias]
    merged_into: str | None = None


@dataclass(frozen=True, slots=True)
class OrganizationView:
    id: str
    name: str
    aliases: list[Alias]
    parent_id: str | None


@dataclass(frozen=True, slots=True)
class SourceView:
    id: str
    publisher: str
    url: str | None
    title: str | None
    language: str | None
    published_at: datetime
    cites_id: str | None


@dataclass(frozen=True, slots=True)
class ReportView:
    source_id: str
    status: ClaimStatus
    note: str | None
    published_at: datetime
    recorded_at: datetime
    cites_id: str | None = None  # the source this report relays


@dataclass(frozen=True, slots=True)
class ClaimView:
    id: str
    kind: ClaimKind
    person_id: str
    from_id: str | None
    to_id: str | None
    role: str | None
    effective: FuzzyDate
    status: ClaimStatus
    independent_sources: int
    contested: bool
    reports: list[ReportView]
    corroborating_sources: int = 0
    organization_id: str | None = None  # an AFFILIATION's
    tense: str | None = None  # an AFFILIATION's CURRENT or FORMER


@dataclass(frozen=True, slots=True)
class BoundReason:
    """Why a stint's start or end is bounded where it is (docs/rules.md#bounds): ``kind`` is
    ``REPORTED_DATE``, ``PUBLICATION`` or ``AFFILIATION``."""

    kind: str
    date: date
    claim_id: str | None = None
    source_id: str | None = None


@dataclass(frozen=True, slots=True)
class DateBounds:
    """The days a stint's start (or end) lies between (None: unknown), with their reasons."""

    earliest: date | None = None
    latest: date | None = None
    reasons: list[BoundReason] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class GroupClaimView:
    """A group claim under a read's cutoffs (docs/domain.md#group-claims)."""

    id: str
    organization_id: str
    to_id: str | None
    modality: Modality
    count_min: int | None
    count_max: int | None
    whole: bool
    effective: FuzzyDate | None
    status: ClaimStatus
    independent_sources: int
    reports: list[ReportView]


@dataclass(frozen=True, slots=True)
class StintView:
    """A period at one organization; ``certainty`` is set when the read was about a date."""

    organization_id: str
    role: str | None
    start: FuzzyDate | None
    end: FuzzyDate | None
    status: ClaimStatus
    claim_ids: list[str]
    source_ids: list[str]
    certainty: Certainty | None = None
    start_bounds: DateBounds = field(default_factory=DateBounds)
    end_bounds: DateBounds = field(default_factory=DateBounds)
    observed: bool = False
    anomalies: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RosterEntry:
    person_id: str
    stint: StintView
    certainty: Certainty


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a cursor-paged list; cursors are opaque strings."""

    items: list[T]
    cursors: list[str]
    has_next: bool


@dataclass(frozen=True, slots=True)
class HeadcountPoint:
    date: date
    certain: int
    possible: int


@dataclass(frozen=True, slots=True)
class Flow:
    from_id: str
    to_id: str
    count: int
    person_ids: list[str]


@dataclass(frozen=True, slots=True)
class EventRecord:
    position: int
    type: str
    recorded_at: datetime
    recorded_by: str | None
    subject_id: str | None
    source_id: str | None
    data: dict[str, Any] = field(default_factory=dict)
