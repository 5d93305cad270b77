"""The live change feed: ``events(after)`` catches up from the cursor, then follows new events.

Each subscriber reads the feed in pages from its own cursor, so it gets every event exactly once
and in position order. Between pages it sleeps on the process's shared ``ChangeFeed``
(``projections.projector.watch.ProjectionWatch``): one LISTEN connection per process on PostgreSQL, woken by
the projector's NOTIFY whichever replica took the write; a poll only while someone listens on
SQLite.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from anyio import to_thread

from projections import model as m
from projections.beliefs.queries import BeliefChangeView
from projections.model import Page
from schema.args import After, Info, position_cursor
from schema.beliefs import EVERY, BeliefChange, OrganizationFilter, PersonFilter, change_cursor
from schema.context import GraphQLContext
from schema.feed import EventRecord

PAGE = 500


def _read(ctx: GraphQLContext, cursor: int) -> Page[m.EventRecord]:
    """A page of the feed, with the sources its events name (in a worker thread)."""
    ctx.forget()
    page = ctx.queries.events(after=cursor, first=PAGE)
    ctx.prefetch(source_ids=[e.source_id for e in page.items if e.source_id])
    return page


def _changes(
    ctx: GraphQLContext, cursor: tuple[int, int], person_id: str | None, org_id: str | None
) -> Page[BeliefChangeView]:
    """A page of belief changes, with what their fields name (in a worker thread)."""
    ctx.forget()
    page = ctx.queries.belief_changes(after=cursor, first=PAGE, person_id=person_id, org_id=org_id)
    ctx.prefetch(person_ids=[c.person_id for c in page.items],
                 org_ids=[o for c in page.items for o in c.organization_ids],
                 source_ids=[c.cause.source_id for c in page.items if c.cause.source_id])
    return page


@strawberry.type(description="Live updates.")
class Subscription:
    @strawberry.subscription(
        description="Every stored event after the cursor, in position order, then each new one as it is "
        "stored; each exactly once."
    )
    async def events(self, info: Info, after: After = None) -> AsyncGenerator[EventRecord, None]:
        ctx = info.context
        ctx.check_read()
        cursor = position_cursor(after)
        async with ctx.feed.subscribed():
            while True:
                seen = ctx.feed.head
                page = await to_thread.run_sync(_read, ctx, cursor)
                for record in page.items:
                    cursor = record.position
                    yield EventRecord.of(record)
                if not page.has_next:
                    # Everything up to ``seen`` was in the read models when the page was read.
                    await ctx.feed.wait_past(max(cursor, seen))

    @strawberry.subscription(
        description="Every belief change after the cursor, in position order, then each new one as the projector "
        "writes it; each exactly once (docs/rules.md#belief-changes)."
    )
    async def belief_changes(
        self, info: Info, after: After = None, person_id: PersonFilter = None,
        organization_id: OrganizationFilter = None,
    ) -> AsyncGenerator[BeliefChange, None]:
        ctx = info.context
        ctx.check_read()
        cursor = change_cursor(after)
        async with ctx.feed.subscribed():
            while True:
                seen = ctx.feed.head
                page = await to_thread.run_sync(_changes, ctx, cursor, person_id, organization_id)
                for change in page.items:
                    cursor = (change.event_position, change.n)
                    yield BeliefChange.of(change)
                if not page.has_next:
                    # Every change of the events up to ``seen`` was written with them: past the
                    # page's last change, nothing up to ``seen`` is left.
                    cursor = max(cursor, (seen, EVERY))
                    await ctx.feed.wait_past(cursor[0])
