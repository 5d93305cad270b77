"""How an operation runs: off the event loop, within an object budget and a time limit.

Resolvers are synchronous (they read the database). Each operation runs whole in a worker thread,
one hop per request rather than one per resolver, so a slow query never stops the event loop:
``/health`` answers and SIGTERM is heard while it runs. At most ``workers`` operations run at
once (the database pool's size on PostgreSQL, at most 4 on SQLite: ``service.app``); the others
wait for a turn without holding a thread.

The executor counts every object it completes and reads the clock every 32 objects. Past the
budget or the deadline it stops resolving and the whole answer becomes one error,
``COST_LIMIT_EXCEEDED`` or ``TIMEOUT``: a partial answer would pass for a complete one. Long
SQLite statements stop at the deadline too (``projections.db.interrupt``). Mutations are bounded by
the estimate alone (``schema.cost``): once a write is stored, its answer is never refused.
See ``docs/limits.md``.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import math
import queue
import threading
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult, GraphQLError, OperationType
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from projections.db import interrupt
from schema.errors import api_error


@dataclass(frozen=True, slots=True)
class RunLimits:
    """What one operation (or one subscription event) may spend."""

    max_cost: int = 20_000
    timeout_s: float = 10.0
    workers: int = 10


IDLE_S = 60.0
"""A worker thread idle this long ends (a later request starts another)."""


class Workers:
    """The worker threads operations run in, at most ``limits.workers`` at a time.

    A small pool of its own rather than anyio's: a request costs one queue put and one callback
    into the event loop, and the threads stay between requests (each keeps its SQLite connection
    and page cache; anyio's end after ten idle seconds). Threads are started as work waits and no
    thread is idle, up to the limit, and end after a minute idle; further work waits in the queue,
    holding no thread. They are daemon threads: an operation still running at shutdown is
    abandoned, as it is on cancellation (it ends by itself at its deadline).
    """

    def __init__(self, limits: RunLimits) -> None:
        self.limits = limits
        self._jobs: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._idle = 0

    async def run(self, work: Any, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        with self._lock:
            start = self._idle <= 0 and self._threads < self.limits.workers
            if start:
                self._threads += 1
            else:
                self._idle -= 1  # spoken for (the count may go below zero while all are busy)
        self._jobs.put((loop, done, contextvars.copy_context(), work, args))
        if start:
            threading.Thread(target=self._serve, name="graphql-worker", daemon=True).start()
        return await done

    def _serve(self) -> None:
        while True:
            try:
                loop, done, context, work, args = self._jobs.get(timeout=IDLE_S)
            except queue.Empty:
                with self._lock:
                    if self._idle > 0:  # not spoken for: this thread ends
                        self._idle -= 1
                        self._threads -= 1
                        return
                continue  # work was handed to this thread meanwhile: take it
            try:
                result, error = context.run(work, *args), None
            except BaseException as raised:
                result, error = None, raised
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                loop.call_soon_threadsafe(_settle, done, result, error)
            del loop, done, context, work, args, result, error
            with self._lock:
                self._idle += 1


def _settle(done: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if done.cancelled():  # abandoned by a cancelled request
        return
    if error is not None:
        done.set_exception(error)
    else:
        done.set_result(result)


def cost_exceeded(cost: int, limit: int, estimated: bool) -> GraphQLError:
    how = "may resolve about" if estimated else "resolved more than"
    return api_error(
        "COST_LIMIT_EXCEEDED",
        f"this request {how} {cost:,} objects, over the limit of {limit:,}: ask for smaller pages "
        "(`first`) or fewer nested lists",
    )


def stopped_midway(error: GraphQLError) -> bool:
    """Whether the error stopped an operation that had started running: the answer then keeps
    ``data: null``, unlike a request refused before running, which has no ``data`` at all."""
    return getattr(error, "stopped_midway", False) is True


def bounded_executor(limits: RunLimits, workers: Workers) -> type[StrawberryGraphQLCoreExecutionContext]:
    """The executor class of a schema with these limits."""
    complete_object_value = StrawberryGraphQLCoreExecutionContext.complete_object_value

    class BoundedExecutor(StrawberryGraphQLCoreExecutionContext):
        """Counts objects and watches the clock; subscription events run in a worker thread."""

        spent: int
        budget: float
        deadline: float
        stopped: GraphQLError | None
        per_event: bool = False

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._start()

        def _start(self) -> None:
            bounded = self.operation.operation is not OperationType.MUTATION
            self.spent = 0
            self.stopped = None
            self.budget = limits.max_cost if bounded else math.inf
            self.deadline = time.monotonic() + limits.timeout_s if bounded else math.inf

        def build_per_event_executor(self, payload: Any) -> BoundedExecutor:
            executor: BoundedExecutor = super().build_per_event_executor(payload)  # type: ignore[assignment]
            executor._start()
            executor.per_event = True
            return executor

        def execute_operation(self, serially: bool | None = None) -> Any:
            if self.per_event:
                return self._in_worker(serially)
            with interrupt.deadline(self.deadline):
                return super().execute_operation(serially)

        def _in_worker(self, serially: bool | None) -> Awaitable[Any]:
            self.per_event = False
            return workers.run(self.execute_operation, serially)

        def complete_object_value(self, *args: Any) -> Any:
            # Every object passes here before its fields run: stopping here stops all the work
            # below it. The clock is read every 32 objects (well under a millisecond of work).
            self.spent += 1
            if self.spent > self.budget or self.stopped is not None or (
                not self.spent & 31 and time.monotonic() > self.deadline
            ):
                self._over()
            return complete_object_value(self, *args)

        def _over(self) -> None:
            if self.stopped is None:
                over_budget = self.spent > self.budget
                self.stopped = (
                    cost_exceeded(limits.max_cost, limits.max_cost, estimated=False) if over_budget
                    else timed_out(limits.timeout_s)
                )
            raise self.stopped

        def build_response(self, data: dict[str, Any] | None) -> Any:
            response: ExecutionResult = super().build_response(data)  # type: ignore[assignment]
            if self.stopped is None and response.errors and time.monotonic() > self.deadline:
                self.stopped = timed_out(limits.timeout_s)  # a statement interrupted at the deadline
            if self.stopped is not None:
                self.stopped.stopped_midway = True  # type: ignore[attr-defined]
                return ExecutionResult(None, [self.stopped])
            return response

    return BoundedExecutor


def timed_out(limit_s: float) -> GraphQLError:
    return api_error("TIMEOUT", f"the request did not finish within its time limit of {limit_s:g} s")
