"""GraphQL types for the records behind every answer: claims, reports, sources and events."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import strawberry
from strawberry.scalars import JSON

from events import base
from events import fuzzydate as fd
from projections import model as m
from schema.args import AfterId, Info, ListFirst, id_cursor
from schema.casing import camel_keys
from schema.enums import ClaimKind, ClaimStatus, DatePrecision

if TYPE_CHECKING:
    from schema.types import Organization, Person

T = TypeVar("T")


@strawberry.type(description="Another name for a person or an organization, with its language.")
class Alias:
    name: str = strawberry.field(description="The name as written (any script).")
    language: str | None = strawberry.field(description="BCP 47 language tag, such as `zh` or `en`.")

    @classmethod
    def of(cls, alias: base.Alias) -> Alias:
        return cls(name=alias.name, language=alias.language)


@strawberry.type(description="A date known to a year, a month or a day; it stands for the whole period.")
class FuzzyDate:
    value: str = strawberry.field(description="As written: `2021`, `2025-07` or `2025-09-03`.")
    precision: DatePrecision = strawberry.field(description="How precisely the date is known.")
    earliest: date = strawberry.field(description="First day of the period.")
    latest: date = strawberry.field(description="Last day of the period.")

    @classmethod
    def of(cls, value: fd.FuzzyDate | None) -> FuzzyDate | None:
        if value is None:
            return None
        return cls(value=value.value, precision=value.precision, earliest=value.earliest, latest=value.latest)


@strawberry.type(description="Pagination state of a connection.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow the last edge.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge, for `after`.")

    @classmethod
    def of(cls, page: m.Page[Any]) -> PageInfo:
        return cls(has_next_page=page.has_next, end_cursor=page.cursors[-1] if page.cursors else None)


@strawberry.type(description="A publication that reported on claims: an article, a post, a filing.")
class Source:
    id: strawberry.ID = strawberry.field(description="Stable id of the source.")
    publisher: str = strawberry.field(description="Who published it, such as `Bloomberg`.")
    url: str | None = strawberry.field(description="Where it was published.")
    title: str | None = strawberry.field(description="Its title.")
    language: str | None = strawberry.field(description="Language it was published in.")
    published_at: datetime = strawberry.field(description="When it was published.")
    cites_id: strawberry.Private[str | None]

    @strawberry.field(description="The source this one repeats (an aggregator citing its origin).")
    def cites(self, info: Info) -> Source | None:
        return Source.of(info.context.source(self.cites_id)) if self.cites_id else None

    @strawberry.field(description="Claims this source reported on, whatever their status, in id order; a page "
                      "at a time (see `claimCount`).")
    def claims(self, info: Info, first: ListFirst = None, after: AfterId = None) -> list[Claim]:
        ctx = info.context
        found = ctx.queries.claims_of_source(self.id, ctx.list_size(first), id_cursor(after))
        return [Claim.of(c) for c in ctx.claim_page(found)]

    @strawberry.field(description="How many claims `claims` pages through.")
    def claim_count(self, info: Info) -> int:
        return info.context.queries.claim_count_of_source(self.id)

    @classmethod
    def of(cls, v: m.SourceView | None) -> Source | None:
        if v is None:
            return None
        return cls(
            id=strawberry.ID(v.id), publisher=v.publisher, url=v.url, title=v.title,
            language=v.language, published_at=v.published_at, cites_id=v.cites_id,
        )


@strawberry.type(description="What one source said about a claim.")
class Report:
    status: ClaimStatus = strawberry.field(description="The status the source asserted.")
    note: str | None = strawberry.field(description="A short note on what the source said.")
    published_at: datetime = strawberry.field(description="When the source was published.")
    recorded_at: datetime = strawberry.field(description="When this service recorded the report.")
    source_id: strawberry.Private[str]

    @strawberry.field(description="The source that made the report.")
    def source(self, info: Info) -> Source:
        return required(Source.of(info.context.source(self.source_id)), "source", self.source_id)

    @classmethod
    def of(cls, v: m.ReportView) -> Report:
        return cls(
            status=v.status, note=v.note, published_at=v.published_at, recorded_at=v.recorded_at,
            source_id=v.source_id,
        )


@strawberry.type(description="One asserted change in a person's employment, with the reports behind it.")
class Claim:
    id: strawberry.ID = strawberry.field(description="Stable id of the claim.")
    kind: ClaimKind = strawberry.field(description="MOVE, HIRE or DEPARTURE.")
    role: str | None = strawberry.field(description="Role taken, such as `head of foundation models`.")
    effective: FuzzyDate = strawberry.field(description="When the change took effect.")
    status: ClaimStatus = strawberry.field(description="Status under default cutoffs (see SPEC §3).")
    independent_sources: int = strawberry.field(
        description="Distinct publishers among the positive reports (a citing source counts as the cited)."
    )
    contested: bool = strawberry.field(description="True when a conflicting claim won over this one.")
    reports: list[Report] = strawberry.field(description="Every report, in publication order.")
    person_id: strawberry.Private[str]
    from_id: strawberry.Private[str | None]
    to_id: strawberry.Private[str | None]

    @strawberry.field(description="The person the claim is about.")
    def person(self, info: Info) -> Annotated[Person, strawberry.lazy("schema.types")]:
        from schema.types import Person

        found = Person.of(info.context.person(self.person_id))
        if found is None and info.context.pending_position is not None:  # registered by the same write
            return Person(id=strawberry.ID(self.person_id), name=self.person_id, aliases=[])
        return required(found, "person", self.person_id)

    @strawberry.field(description="The organization left (MOVE, DEPARTURE).")
    def from_organization(self, info: Info) -> Annotated[Organization, strawberry.lazy("schema.types")] | None:
        from schema.types import Organization

        return Organization.of(info.context.organization(self.from_id)) if self.from_id else None

    @strawberry.field(description="The organization joined (MOVE, HIRE).")
    def to_organization(self, info: Info) -> Annotated[Organization, strawberry.lazy("schema.types")] | None:
        from schema.types import Organization

        return Organization.of(info.context.organization(self.to_id)) if self.to_id else None

    @classmethod
    def of(cls, v: m.ClaimView) -> Claim:
        return cls(
            id=strawberry.ID(v.id), kind=v.kind, role=v.role,
            effective=FuzzyDate(
                value=v.effective.value, precision=v.effective.precision,
                earliest=v.effective.earliest, latest=v.effective.latest,
            ),
            status=v.status, independent_sources=v.independent_sources, contested=v.contested,
            reports=[Report.of(r) for r in v.reports], person_id=v.person_id, from_id=v.from_id,
            to_id=v.to_id,
        )


@strawberry.type(description="One stored event: the audit trail and the change feed.")
class EventRecord:
    position: str = strawberry.field(description="Position in the store; also the feed cursor.")
    type: str = strawberry.field(description="Event type, such as `Claim.MoveReported`.")
    recorded_at: datetime = strawberry.field(description="When this service recorded it.")
    recorded_by: str | None = strawberry.field(description="The principal that wrote it (`key:<name>`).")
    subject_id: strawberry.ID | None = strawberry.field(description="Id of the record it is about.")
    data: JSON = strawberry.field(description="The event's payload.")
    source_id: strawberry.Private[str | None]

    @strawberry.field(description="The source the event names, where one applies.")
    def source(self, info: Info) -> Source | None:
        return Source.of(info.context.source(self.source_id)) if self.source_id else None

    @classmethod
    def of(cls, v: m.EventRecord) -> EventRecord:
        return cls(
            position=str(v.position), type=v.type, recorded_at=v.recorded_at, recorded_by=v.recorded_by,
            subject_id=strawberry.ID(v.subject_id) if v.subject_id is not None else None,
            data=cast(JSON, camel_keys(v.data)), source_id=v.source_id,
        )


def required(value: T | None, kind: str, key: str) -> T:
    """A referenced record must exist; its absence is a bug or a projection lag, never input."""
    if value is None:
        raise LookupError(f"{kind} '{key}' referenced but not found in the read models")
    return value
