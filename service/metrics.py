"""Prometheus figures: requests (count and latency by route and status) and the projector."""

from __future__ import annotations

import time
from collections.abc import Callable

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

KNOWN_PATHS = frozenset({"/graphql", "/health", "/metrics", "/export/events.ndjson", "/import"})


class Metrics:
    """One registry per app, so several apps (tests) never share or clash."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "talentledger_http_requests", "HTTP requests served.", ["method", "path", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "talentledger_http_request_seconds", "Time to answer an HTTP request.", ["method", "path"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.projector_position = Gauge(
            "talentledger_projector_position", "Event position the read models reflect.",
            registry=self.registry,
        )
        self.store_position = Gauge(
            "talentledger_store_position", "Position of the newest stored event.", registry=self.registry
        )
        self.projector_lag = Gauge(
            "talentledger_projector_lag", "Stored events the read models do not reflect yet.",
            registry=self.registry,
        )
        self.dead_letters = Gauge(
            "talentledger_projector_dead_letters",
            "Events set aside because they could not be projected (docs/operations.md).",
            registry=self.registry,
        )

    def render(self, projector_position: int, store_position: int, dead_letters: int = 0) -> bytes:
        """The text exposition, with the projector figures read now."""
        self.dead_letters.set(dead_letters)
        self.projector_position.set(projector_position)
        self.store_position.set(store_position)
        self.projector_lag.set(max(0, store_position - projector_position))
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
