"""GraphQL types for publishers and their track records (docs/rules.md#track-record). A
publisher's sources are a page of the `sources` list (``schema/lists.py``)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import strawberry

from projections.publishers.queries import CallsRead, PublisherView
from projections.rules import track_record as rules
from projections.timefmt import parse_ts
from schema.args import After, AsOf, First, Info, KnownAt, cutoffs
from schema.evidence import Claim, Source
from schema.lists import SourceConnection, SourceEdge
from schema.values import PageInfo, required


@strawberry.enum(description="How a call ended, as known under the read's cutoffs.")
class CallOutcome(enum.Enum):
    CONFIRMED = "CONFIRMED"
    DENIED = "DENIED"
    RETRACTED = "RETRACTED"
    PENDING = "PENDING"


@strawberry.type(description="How often a publisher's calls turned out true, as known under the read's cutoffs.")
class TrackRecord:
    calls: int = strawberry.field(description="Claims the publisher was the first to report positively, "
                                  "itself or through a source citing it.")
    confirmed: int = strawberry.field(description="Calls positive and reported (REPORTED or CONFIRMED) by "
                                      "another independent publisher.")
    denied: int = strawberry.field(description="Calls whose claim the other publishers' reports leave DENIED.")
    retracted: int = strawberry.field(description="Calls whose claim an editor retracted.")
    pending: int = strawberry.field(description="Calls not resolved yet.")
    hit_rate: float | None = strawberry.field(
        description="confirmed / (confirmed + denied + retracted); null without resolved calls.")
    hit_rate_low: float | None = strawberry.field(description="Lower end of the hit rate's Wilson 95% interval.")
    hit_rate_high: float | None = strawberry.field(description="Upper end of the hit rate's Wilson 95% interval.")
    median_lead_days: float | None = strawberry.field(
        description="Median, over confirmed calls, of the days from the call to the first other publisher's "
        "report (negative when another publisher was first); null without confirmed calls.")

    @classmethod
    def of(cls, r: rules.TrackRecord) -> TrackRecord:
        return cls(calls=r.calls, confirmed=r.confirmed, denied=r.denied, retracted=r.retracted, pending=r.pending,
                   hit_rate=r.hit_rate, hit_rate_low=r.hit_rate_low, hit_rate_high=r.hit_rate_high,
                   median_lead_days=r.median_lead_days)


@strawberry.type(description="A publisher's first positive report on a claim, and how the claim ended for it.")
class Call:
    published_at: datetime = strawberry.field(description="When the call was published.")
    outcome: CallOutcome = strawberry.field(description="How the call ended, under the read's cutoffs.")
    lead_days: float | None = strawberry.field(
        description="Confirmed calls: days from the call to the first other publisher's report.")
    claim_id: strawberry.Private[str]
    source_id: strawberry.Private[str]

    @strawberry.field(description="The claim called (its status under default cutoffs).")
    def claim(self, info: Info) -> Claim:
        return Claim.of(required(info.context.claim(self.claim_id), "claim", self.claim_id))

    @strawberry.field(description="The source that made the call (a source citing the publisher, perhaps).")
    def source(self, info: Info) -> Source:
        return required(Source.of(info.context.source(self.source_id)), "source", self.source_id)


@strawberry.type(description="One call and its cursor.")
class CallEdge:
    cursor: str = strawberry.field(description="Opaque cursor, for `after`.")
    node: Call = strawberry.field(description="The call.")


@strawberry.type(description="A page of a publisher's calls, newest first.")
class CallConnection:
    edges: list[CallEdge] = strawberry.field(description="Calls of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Whether more follow.")
    total_count: int = strawberry.field(description="Calls on every page.")


@strawberry.type(description="Who published sources, such as `Bloomberg` (names compared ignoring case).")
class Publisher:
    name: str = strawberry.field(description="The name as its first source wrote it.")
    key: strawberry.Private[str]
    folded: strawberry.Private[dict[tuple[datetime | None, datetime | None], CallsRead]]

    @strawberry.field(description="The publisher's own sources (citing ones included), in id order.")
    def sources(self, info: Info, first: First = None, after: After = None) -> SourceConnection:
        ctx = info.context
        # The `sources` query's page, of this publisher (docs/api.md#lists-for-analysts).
        page = ctx.queries.sources(search=None, publisher=self.name, first=ctx.page_size(first), after=after)
        ctx.prefetch(source_ids=[s.cites_id for s in page.items if s.cites_id])
        edges = [SourceEdge(cursor=c, node=required(Source.of(s), "source", s.id))
                 for c, s in zip(page.cursors, page.items, strict=True)]
        return SourceConnection(edges=edges, page_info=PageInfo.of(page), search=None, publisher=self.name)

    @strawberry.field(description="Its calls counted by outcome, the hit rate with its interval, and its lead, "
                      "as known at `knownAt` and recorded by `asOf` (docs/rules.md#track-record).")
    def track_record(self, info: Info, known_at: KnownAt = None, as_of: AsOf = None) -> TrackRecord:
        return TrackRecord.of(self._calls(info, known_at, as_of).record())

    @strawberry.field(description="Its calls, newest first, each with its outcome under the cutoffs.")
    def calls(
        self, info: Info, known_at: KnownAt = None, as_of: AsOf = None, outcome: Annotated[
            CallOutcome | None, strawberry.argument(description="Only the calls that ended so. Default: all.")
        ] = None, first: First = None, after: After = None,
    ) -> CallConnection:
        ctx = info.context
        wanted = rules.Outcome(outcome.value) if outcome is not None else None
        page, total = self._calls(info, known_at, as_of).page(outcome=wanted, first=ctx.page_size(first), after=after)
        ctx.claim_page(list(ctx.queries.claims_by_ids(c.claim_id for c in page.items).values()))
        ctx.prefetch(source_ids=[c.source_id for c in page.items])
        edges = [
            CallEdge(cursor=cursor, node=Call(
                published_at=parse_ts(c.published_at), outcome=CallOutcome(c.outcome.value), lead_days=c.lead_days,
                claim_id=c.claim_id, source_id=c.source_id))
            for cursor, c in zip(page.cursors, page.items, strict=True)
        ]
        return CallConnection(edges=edges, page_info=PageInfo.of(page), total_count=total)

    def _calls(self, info: Info, known_at: datetime | None, as_of: datetime | None) -> CallsRead:
        """One fold per cutoffs per publisher and request (`trackRecord` and `calls` share it)."""
        read = cutoffs(as_of, known_at, None, None)
        key = (read.known_at, read.as_of)
        if key not in self.folded:
            self.folded[key] = info.context.queries.publishers.calls(self.key, read)
        return self.folded[key]

    @classmethod
    def of(cls, v: PublisherView | None) -> Publisher | None:
        return cls(name=v.name, key=v.key, folded={}) if v else None


@strawberry.type(description="One publisher and its cursor.")
class PublisherEdge:
    cursor: str = strawberry.field(description="Opaque cursor, for `after`.")
    node: Publisher = strawberry.field(description="The publisher.")


@strawberry.type(description="A page of publishers, in name order (case ignored).")
class PublisherConnection:
    edges: list[PublisherEdge] = strawberry.field(description="Publishers of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Whether more follow.")
    search: strawberry.Private[str | None]

    @strawberry.field(description="Publishers matching, on every page (counted only when asked for).")
    def total_count(self, info: Info) -> int:
        return info.context.queries.publishers.publisher_count(self.search)


Search = Annotated[
    str | None,
    strawberry.argument(description="Part of the publisher's name; case- and accent-insensitive. Default: all."),
]
Name = Annotated[str, strawberry.argument(description="The publisher's name, case ignored.")]


def publishers(info: Info, search: Search = None, first: First = None, after: After = None) -> PublisherConnection:
    ctx = info.context
    ctx.check_read()
    page = ctx.queries.publishers.publishers(search=search, first=ctx.page_size(first), after=after)
    edges = [PublisherEdge(cursor=c, node=Publisher(name=p.name, key=p.key, folded={}))
             for c, p in zip(page.cursors, page.items, strict=True)]
    return PublisherConnection(edges=edges, page_info=PageInfo.of(page), search=search)


def publisher(info: Info, name: Name) -> Publisher | None:
    info.context.check_read()
    return Publisher.of(info.context.queries.publishers.publisher(name))
