"""The live change feed: ``events(after)`` catches up from the cursor, then follows new events.

Each subscriber reads the feed in pages from its own cursor, so it gets every event exactly once
and in position order. Between pages it sleeps on a shared ``PollingFeed``: one task per process
polls the read models' position every ~100 ms and wakes every subscriber when it moves.
(Issue 5 replaces the polling with PostgreSQL LISTEN/NOTIFY behind the same interface.)
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import asynccontextmanager

import strawberry
from anyio import to_thread

from schema.args import After, Info, position_cursor
from schema.records import EventRecord

PAGE = 500


class PollingFeed:
    """Wakes subscribers when the position they follow moves; polls only while someone listens."""

    def __init__(self, head: Callable[[], int], interval_s: float = 0.1) -> None:
        self._head = head
        self._interval_s = interval_s
        self._subscribers = 0
        self._last: int | None = None
        self._changed: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    @asynccontextmanager
    async def subscribed(self) -> AsyncIterator[None]:
        """Keep the poller running while the caller follows the feed."""
        self._subscribers += 1
        if self._changed is None:
            self._changed = asyncio.Event()
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._poll())
        try:
            yield
        finally:
            self._subscribers -= 1

    @property
    def head(self) -> int:
        """The last position seen by the poller (0 before the first poll)."""
        return self._last or 0

    async def wait_past(self, position: int) -> None:
        """Return once the followed position is beyond ``position``."""
        while self._last is None or self._last <= position:
            assert self._changed is not None, "wait_past outside subscribed()"
            await self._changed.wait()

    async def _poll(self) -> None:
        while self._subscribers > 0:
            head = await to_thread.run_sync(self._head)
            if head != self._last:
                self._last = head
                assert self._changed is not None
                woken, self._changed = self._changed, asyncio.Event()
                woken.set()
            await asyncio.sleep(self._interval_s)


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
                page = await to_thread.run_sync(ctx.queries.events, cursor, PAGE)
                ctx.forget()
                for record in page.items:
                    cursor = record.position
                    yield EventRecord.of(record)
                if not page.has_next:
                    # Everything up to ``seen`` was in the read models when the page was read.
                    await ctx.feed.wait_past(max(cursor, seen))
