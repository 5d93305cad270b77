"""Prometheus figures: HTTP requests, GraphQL errors by code, subscriptions, appends, the projector.

GraphQL answers its errors with HTTP 200, so the request counter alone hides them:
``talentledger_graphql_errors_total{code}`` counts every error of every GraphQL response by its
``extensions.code``. The projector figures are read when ``/metrics`` is scraped, from the same
check as ``/health/ready`` (so a replica reports the lead and lag of the projector process).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from schema.context import ChangeFeed
from service.appends import FAST_BUCKETS

KNOWN_PATHS = frozenset({"/graphql", "/health", "/health/ready", "/metrics", "/export/events.ndjson", "/import",
                         "/keys"})


class CountedFeed:
    """The change feed, counting the subscriptions that follow it (``schema.context.ChangeFeed``)."""

    def __init__(self, feed: ChangeFeed, gauge: Gauge) -> None:
        self._feed = feed
        self._gauge = gauge

    @property
    def head(self) -> int:
        return self._feed.head

    @asynccontextmanager
    async def subscribed(self) -> AsyncIterator[None]:
        self._gauge.inc()
        try:
            async with self._feed.subscribed():
                yield
        finally:
            self._gauge.dec()

    async def wait_past(self, position: int) -> None:
        await self._feed.wait_past(position)


class Metrics:
    """One registry per app, so several apps (tests) never share or clash."""

    def __init__(self, appends: Histogram | None = None) -> None:
        self.registry = registry = CollectorRegistry()
        self.requests = Counter("talentledger_http_requests", "HTTP requests served.", ["method", "path", "status"],
                                registry=registry)
        self.latency = Histogram("talentledger_http_request_seconds", "Time to answer an HTTP request.",
                                 ["method", "path"], registry=registry, buckets=FAST_BUCKETS)
        self.graphql_errors = Counter("talentledger_graphql_errors", "Errors in GraphQL responses, by extensions.code.",
                                      ["code"], registry=registry)
        self.subscriptions = Gauge("talentledger_subscriptions", "Open change-feed subscriptions.", registry=registry)
        self._gauges = {name: Gauge(f"talentledger_{name}", text, registry=registry) for name, text in (
            ("projector_position", "Event position the read models reflect."),
            ("store_position", "Position of the newest stored event."),
            ("projector_lag", "Stored events the read models do not reflect yet."),
            ("projector_lag_seconds", "Age of the oldest stored event the read models do not reflect yet."),
            ("projector_heartbeat_age_seconds", "Age of the leading projector's heartbeat (-1: none)."),
            ("projector_leading", "1 when this process's projector holds the lead."),
            ("ready", "1 when GET /health/ready answers 200."),
            ("projector_dead_letters", "Events set aside because they could not be projected (docs/operations.md)."),
        )}
        if appends is not None:
            registry.register(appends)

    def count_errors(self, errors: Iterable[Any]) -> None:
        """Count a GraphQL response's errors by ``extensions.code``."""
        for error in errors:
            code = (getattr(error, "extensions", None) or {}).get("code") or "UNCODED"
            self.graphql_errors.labels(str(code)).inc()

    def render(self, ready: bool, body: dict[str, Any], leading: bool) -> bytes:
        """The text exposition, with the projector figures of a readiness check read now."""
        beat = body.get("projector") or {}
        figures = {
            "projector_position": body.get("position"), "store_position": body.get("storePosition"),
            "projector_lag": body.get("lag"), "projector_lag_seconds": body.get("lagSeconds"),
            "projector_heartbeat_age_seconds": beat.get("heartbeatAgeSeconds", -1),
            "projector_leading": int(leading), "ready": int(ready),
            "projector_dead_letters": body.get("deadLetters"),
        }
        for name, value in figures.items():
            if value is not None:
                self._gauges[name].set(value)
        return generate_latest(self.registry)

    def middleware(self) -> Callable[[ASGIApp], ASGIApp]:
        """ASGI middleware counting and timing every HTTP request (websockets are not timed)."""
        requests, latency = self.requests, self.latency

        def wrap(app: ASGIApp) -> ASGIApp:
            async def measured(scope: Scope, receive: Receive, send: Send) -> None:
                if scope["type"] != ScopeType.HTTP:
                    await app(scope, receive, send)
                    return
                path = scope["path"] if scope["path"] in KNOWN_PATHS else "other"
                method = str(scope.get("method", "GET"))
                status = 500
                start = time.perf_counter()

                async def send_status(message: Message) -> None:
                    nonlocal status
                    if message["type"] == "http.response.start":
                        status = message["status"]
                    await send(message)

                try:
                    await app(scope, receive, send_status)
                finally:
                    latency.labels(method, path).observe(time.perf_counter() - start)
                    requests.labels(method, path, str(status)).inc()

            return measured

        return wrap
