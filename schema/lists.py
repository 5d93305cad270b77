"""Lists for analysts (docs/api.md#lists-for-analysts): every claim, or every source, matching some
filters, as cursor pages. Each page is read at once and its people, organizations and sources are
fetched in one read each, before their fields resolve."""

from __future__ import annotations

from typing import Annotated

import strawberry

from events.base import ClaimKind, ClaimStatus
from projections.claims.listing import ClaimFilter
from schema.args import After, First, Info
from schema.evidence import Claim, Source
from schema.values import PageInfo, required

PersonId = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="Claims about this person (and the people merged into them)."),
]
OrganizationId = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="Claims that leave or join this organization, or affiliations with it "
                                    "(or its units, unless `includeUnits: false`)."),
]
IncludeUnits = Annotated[
    bool | None,
    strawberry.argument(description="With `organizationId`: include its units (default true)."),
]
Kind = Annotated[ClaimKind | None, strawberry.argument(description="Claims of this kind.")]
Statuses = Annotated[
    list[ClaimStatus] | None,
    strawberry.argument(description="Claims whose status (under the default cutoffs) is one of these."),
]
SourceId = Annotated[
    strawberry.ID | None, strawberry.argument(description="Claims this source reported on, corrected or retracted."),
]
Publisher = Annotated[
    str | None,
    strawberry.argument(description="A publisher's name, as sources give it (case- and accent-insensitive)."),
]
Search = Annotated[
    str | None,
    strawberry.argument(description="A part of the publisher's name or of the title; case- and "
                                    "accent-insensitive. Default: all."),
]


@strawberry.type(description="One claim and its cursor.")
class ClaimEdge:
    cursor: str = strawberry.field(description="Opaque cursor, for `after`.")
    node: Claim = strawberry.field(description="The claim.")


@strawberry.type(description="A page of claims, in id order.")
class ClaimConnection:
    edges: list[ClaimEdge] = strawberry.field(description="Claims of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Whether more follow.")
    matching: strawberry.Private[ClaimFilter]

    @strawberry.field(description="Claims matching, on every page (counted only when asked for).")
    def total_count(self, info: Info) -> int:
        return info.context.queries.claim_count(self.matching)


@strawberry.type(description="One source and its cursor.")
class SourceEdge:
    cursor: str = strawberry.field(description="Opaque cursor, for `after`.")
    node: Source = strawberry.field(description="The source.")


@strawberry.type(description="A page of sources, in id order.")
class SourceConnection:
    edges: list[SourceEdge] = strawberry.field(description="Sources of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Whether more follow.")
    search: strawberry.Private[str | None]
    publisher: strawberry.Private[str | None]

    @strawberry.field(description="Sources matching, on every page (counted only when asked for).")
    def total_count(self, info: Info) -> int:
        return info.context.queries.source_count(search=self.search, publisher=self.publisher)


def claims(
    info: Info, person_id: PersonId = None, organization_id: OrganizationId = None, kind: Kind = None,
    status: Statuses = None, source_id: SourceId = None, publisher: Publisher = None, first: First = None,
    after: After = None, include_units: IncludeUnits = None,
) -> ClaimConnection:
    ctx = info.context
    ctx.check_read()
    matching = ClaimFilter(
        person_id=person_id, organization_id=organization_id, include_units=include_units is not False,
        kind=kind, statuses=tuple(status or ()), source_id=source_id, publisher=publisher,
    )
    page = ctx.queries.claims(matching, first=ctx.page_size(first), after=after)
    found = ctx.claim_page(page.items)
    edges = [ClaimEdge(cursor=c, node=Claim.of(v)) for c, v in zip(page.cursors, found, strict=True)]
    return ClaimConnection(edges=edges, page_info=PageInfo.of(page), matching=matching)


def sources(
    info: Info, search: Search = None, publisher: Publisher = None, first: First = None, after: After = None
) -> SourceConnection:
    ctx = info.context
    ctx.check_read()
    page = ctx.queries.sources(search=search, publisher=publisher, first=ctx.page_size(first), after=after)
    ctx.prefetch(source_ids=[s.cites_id for s in page.items if s.cites_id])
    edges = [
        SourceEdge(cursor=c, node=required(Source.of(s), "source", s.id))
        for c, s in zip(page.cursors, page.items, strict=True)
    ]
    return SourceConnection(edges=edges, page_info=PageInfo.of(page), search=search, publisher=publisher)
