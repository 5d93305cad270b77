"""The root Query: lookups, searches, the change feed and flows."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from projections import model as m
from schema.args import (
    After,
    AsOf,
    First,
    Info,
    KnownAt,
    MinSources,
    MinStatus,
    cutoffs,
    date_range,
    position_cursor,
)
from schema.beliefs import BeliefChangeConnection, OrganizationFilter, PersonFilter, belief_changes
from schema.evidence import Claim, Source
from schema.feed import EventConnection, EventEdge, EventRecord
from schema.lists import ClaimConnection, SourceConnection, claims, sources
from schema.organizations import Organization, OrganizationConnection, OrganizationEdge
from schema.people import Person, PersonConnection, PersonEdge
from schema.publishers import Publisher, PublisherConnection, publisher, publishers
from schema.signals import GroupClaim
from schema.values import PageInfo, required

IdArg = Annotated[strawberry.ID, strawberry.argument(description="The id asked about.")]
Search = Annotated[
    str | None,
    strawberry.argument(description="Any name or alias; case- and accent-insensitive. Default: all."),
]


@strawberry.type(description="People who moved from one company to another (units rolled up).")
class Flow:
    from_: Organization = strawberry.field(name="from", description="The company left.")
    to: Organization = strawberry.field(description="The company joined.")
    count: int = strawberry.field(description="How many people moved.")
    people: list[Person] = strawberry.field(description="Who moved.")


@strawberry.type(description="Every read of Talent Ledger.")
class Query:
    @strawberry.field(description="A person by id; a merged duplicate's id resolves to the survivor.")
    def person(self, info: Info, id: IdArg) -> Person | None:
        info.context.check_read()
        return Person.of(info.context.person(id))

    @strawberry.field(description="People, optionally those with a name or alias matching `search`.")
    def people(self, info: Info, search: Search = None, first: First = None, after: After = None) -> PersonConnection:
        ctx = info.context
        ctx.check_read()
        page = ctx.queries.people(search=search, first=ctx.page_size(first), after=after)
        edges = [
            PersonEdge(cursor=c, node=required(Person.of(p), "person", p.id))
            for c, p in zip(page.cursors, page.items, strict=True)
        ]
        return PersonConnection(edges=edges, page_info=PageInfo.of(page), search=search)

    @strawberry.field(description="An organization by id.")
    def organization(self, info: Info, id: IdArg) -> Organization | None:
        info.context.check_read()
        return Organization.of(info.context.organization(id))

    @strawberry.field(description="Organizations, optionally those with a name or alias matching `search`.")
    def organizations(
        self, info: Info, search: Search = None, first: First = None, after: After = None
    ) -> OrganizationConnection:
        ctx = info.context
        ctx.check_read()
        page = ctx.queries.organizations(search=search, first=ctx.page_size(first), after=after)
        edges = [
            OrganizationEdge(cursor=c, node=required(Organization.of(o), "organization", o.id))
            for c, o in zip(page.cursors, page.items, strict=True)
        ]
        return OrganizationConnection(edges=edges, page_info=PageInfo.of(page), search=search)

    @strawberry.field(description="A source by id.")
    def source(self, info: Info, id: IdArg) -> Source | None:
        info.context.check_read()
        return Source.of(info.context.source(id))

    publishers: PublisherConnection = strawberry.field(
        resolver=publishers, description="Publishers, optionally those whose name contains `search`.")
    publisher: Publisher | None = strawberry.field(
        resolver=publisher, description="A publisher by name (case ignored), with its track record.")

    @strawberry.field(description="A claim by id.")
    def claim(self, info: Info, id: IdArg) -> Claim | None:
        info.context.check_read()
        found = info.context.claim(id)
        return Claim.of(found) if found else None

    @strawberry.field(description="A group claim by id (docs/domain.md#group-claims).")
    def group_claim(self, info: Info, id: IdArg) -> GroupClaim | None:
        info.context.check_read()
        found = info.context.queries.group_claim(id)
        return GroupClaim.of(found) if found else None

    claims: ClaimConnection = strawberry.field(
        resolver=claims,
        description="Every claim matching the filters (all given must hold), in id order, a page at a time; "
        "statuses, sources and `contested` under the default cutoffs (docs/api.md#lists-for-analysts).",
    )
    sources: SourceConnection = strawberry.field(
        resolver=sources,
        description="Sources, of a publisher and matching `search`, in id order, a page at a time.",
    )

    @strawberry.field(description="The gap-free change feed: every stored event after the cursor, in order.")
    def events(self, info: Info, after: After = None, first: First = None) -> EventConnection:
        ctx = info.context
        ctx.check_read()
        start = position_cursor(after)
        page = ctx.queries.events(after=start, first=ctx.page_size(first))
        edges = [EventEdge(cursor=str(e.position), node=EventRecord.of(e)) for e in page.items]
        end = edges[-1].cursor if edges else str(start)
        return EventConnection(edges=edges, page_info=PageInfo(has_next_page=page.has_next, end_cursor=end))

    @strawberry.field(
        description="What events changed in people's default-lens timelines, after the cursor, in position order "
        "(docs/rules.md#belief-changes)."
    )
    def belief_changes(
        self, info: Info, after: After = None, first: First = None, person_id: PersonFilter = None,
        organization_id: OrganizationFilter = None,
    ) -> BeliefChangeConnection:
        return belief_changes(info, after, first, person_id, organization_id)

    @strawberry.field(description="Moves between companies with an effective date in [from, to], units rolled up.")
    def flows(
        self, info: Info,
        from_: Annotated[dt.date, strawberry.argument(name="from", description="First day counted.")],
        to: Annotated[dt.date, strawberry.argument(description="Last day counted.")],
        as_of: AsOf = None, known_at: KnownAt = None, min_status: MinStatus = None,
        min_sources: MinSources = None,
    ) -> list[Flow]:
        ctx = info.context
        ctx.check_read()
        date_range(from_, to)
        flows = ctx.queries.flows(start=from_, end=to, cutoffs=cutoffs(as_of, known_at, min_status, min_sources))
        ctx.prefetch(person_ids=[p for f in flows for p in f.person_ids],
                     org_ids=[o for f in flows for o in (f.from_id, f.to_id)])
        return [_flow(info, f) for f in flows]


def _flow(info: Info, flow: m.Flow) -> Flow:
    ctx = info.context
    return Flow(
        from_=required(Organization.of(ctx.organization(flow.from_id)), "organization", flow.from_id),
        to=required(Organization.of(ctx.organization(flow.to_id)), "organization", flow.to_id),
        count=flow.count,
        people=[required(Person.of(ctx.person(p)), "person", p) for p in flow.person_ids],
    )
