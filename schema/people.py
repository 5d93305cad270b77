"""GraphQL types for people: their employment on any date, their claims and their audit trail."""

from __future__ import annotations

import strawberry

from projections import model as m
from schema.args import (
    AfterId,
    AfterPosition,
    AsOf,
    At,
    Info,
    KnownAt,
    ListFirst,
    MinSources,
    MinStatus,
    cutoffs,
    id_cursor,
    position_cursor,
    today,
    utc,
)
from schema.evidence import Claim
from schema.feed import EventRecord
from schema.organizations import Stint
from schema.values import Alias, PageInfo


@strawberry.type(description="A person whose employment is recorded. A merged duplicate's id resolves here.")
class Person:
    id: strawberry.ID = strawberry.field(description="Stable id, such as `ruoming-pang`.")
    name: str = strawberry.field(description="Display name.")
    aliases: list[Alias] = strawberry.field(description="Other names, each with its language.")

    @strawberry.field(description="The employer on `at`: of the stints that hold then, the one that started last.")
    def employer(
        self, info: Info, at: At = None, as_of: AsOf = None, known_at: KnownAt = None,
        min_status: MinStatus = None, min_sources: MinSources = None,
    ) -> Stint | None:
        cut = cutoffs(as_of, known_at, min_status, min_sources)
        stint = info.context.queries.employer(self.id, at or today(), cut)
        return Stint.of(stint) if stint else None

    @strawberry.field(description="Every stint that holds (certainly or possibly) on `at`.")
    def employments(
        self, info: Info, at: At = None, as_of: AsOf = None, known_at: KnownAt = None,
        min_status: MinStatus = None, min_sources: MinSources = None,
    ) -> list[Stint]:
        cut = cutoffs(as_of, known_at, min_status, min_sources)
        return [Stint.of(s) for s in info.context.queries.employments(self.id, at or today(), cut)]

    @strawberry.field(description="Every stint, in effective-date order, from the claims that count.")
    def timeline(
        self, info: Info, as_of: AsOf = None, known_at: KnownAt = None,
        min_status: MinStatus = None, min_sources: MinSources = None,
    ) -> list[Stint]:
        cut = cutoffs(as_of, known_at, min_status, min_sources)
        return [Stint.of(s) for s in info.context.queries.timeline(self.id, cut)]

    @strawberry.field(
        description="Claims about the person (and merged duplicates), whatever their status, in effective-date "
        "order; a page at a time (see `claimCount`)."
    )
    def claims(self, info: Info, first: ListFirst = None, after: AfterId = None) -> list[Claim]:
        ctx = info.context
        found = ctx.queries.claims_of_person(self.id, ctx.list_size(first), id_cursor(after))
        return [Claim.of(c) for c in ctx.claim_page(found)]

    @strawberry.field(description="How many claims `claims` pages through.")
    def claim_count(self, info: Info) -> int:
        return info.context.queries.claim_count_of_person(self.id)

    @strawberry.field(description="Audit trail: events about the person, in recorded order; a page at a time.")
    def history(
        self, info: Info, as_of: AsOf = None, first: ListFirst = None, after: AfterPosition = None
    ) -> list[EventRecord]:
        ctx = info.context
        events = ctx.queries.history(self.id, as_of=utc(as_of), first=ctx.list_size(first),
                                     after=position_cursor(after))
        ctx.prefetch(source_ids=[e.source_id for e in events if e.source_id])
        return [EventRecord.of(e) for e in events]

    @strawberry.field(description="How many events `history` pages through (with the same `asOf`).")
    def history_count(self, info: Info, as_of: AsOf = None) -> int:
        return info.context.queries.history_count(self.id, as_of=utc(as_of))

    @classmethod
    def of(cls, v: m.PersonView | None) -> Person | None:
        if v is None:
            return None
        return cls(id=strawberry.ID(v.id), name=v.name, aliases=[Alias.of(a) for a in v.aliases])


@strawberry.type(description="One person and their cursor.")
class PersonEdge:
    cursor: str = strawberry.field(description="Opaque cursor, for `after`.")
    node: Person = strawberry.field(description="The person.")


@strawberry.type(description="A page of people.")
class PersonConnection:
    edges: list[PersonEdge] = strawberry.field(description="People of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Whether more follow.")
    search: strawberry.Private[str | None]

    @strawberry.field(description="People matching, on every page (counted only when asked for).")
    def total_count(self, info: Info) -> int | None:
        return info.context.queries.count("person", self.search)
