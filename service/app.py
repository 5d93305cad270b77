"""The one app factory: GraphQL at ``/graphql`` plus the routes beside it, built from the components."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from anyio import to_thread
from graphql import GraphQLError
from litestar import Litestar, Response
from litestar.background_tasks import BackgroundTasks
from litestar.config.cors import CORSConfig
from litestar.datastructures import Headers
from litestar.di import Provide
from litestar.exceptions import WebSocketDisconnect
from litestar.openapi import OpenAPIConfig
from litestar.types import Scope
from strawberry.exceptions import ConnectionRejectionError
from strawberry.litestar import make_graphql_controller
from websockets.exceptions import ConnectionClosed, InvalidState

from schema.beliefs import change_cursor
from schema.build import SchemaLimits, build_schema
from schema.context import POSITION_HEADER, WAIT_FOR_HEADER, GraphQLContext, Limits, ProjectionFollower
from schema.cost import Pages
from schema.execution import RunLimits
from service.access import ANONYMOUS, identified, identify_value
from service.bootstrap import Components
from service.errors import EXCEPTION_HANDLERS
from service.explorer import explorer_handlers, graphiql_response, template_config
from service.graphql_http import GraphQLOverHTTP
from service.graphql_view import BadRequest, StrictBodies, bad_request_response
from service.health import Heartbeat
from service.key_routes import key_routes
from service.metrics import CountedFeed, Metrics
from service.revocation import KeyedSockets
from service.routes import bench_routes, side_routes
from service.settings import Settings

log = logging.getLogger("talentledger.app")


def _not_a_closing_socket(record: logging.LogRecord) -> bool:
    """A subscription's event sent while its websocket closes (the subscriber left, or the server
    stops: SIGTERM with a subscriber still following) is no error: strawberry would log it with a
    traceback."""
    error = record.exc_info[1] if record.exc_info else None
    return not isinstance(error, (InvalidState, ConnectionClosed, WebSocketDisconnect))


logging.getLogger("strawberry.ws.task").addFilter(_not_a_closing_socket)


SQLITE_WORKERS = 4
"""Operations at once on SQLite. Its reads run in this process and release and retake the GIL
at every statement: past a few threads, operations mostly wait for one another, and each
request's handoffs cost more CPU (bench/README.md). PostgreSQL reads wait on the network."""


def operation_workers(settings: Settings) -> int:
    """How many GraphQL operations run at once (``schema.execution.Workers``)."""
    return settings.pool_size if settings.is_postgres else min(settings.pool_size, SQLITE_WORKERS)


def _plain_response() -> Response[Any]:
    # strawberry's own getter runs in a worker thread; building an empty response needs none.
    return Response({}, background=BackgroundTasks([]))


def _no_root_value(context: Any) -> None:
    # Depends on ``context`` only to be resolved after it, alone (see GraphQLController).
    return None


def create_app(components: Components, *, run_projector: bool = False, bench: bool = False) -> Litestar:
    """The Litestar app serving the components.

    ``run_projector`` starts and stops the in-process projector thread with the app (writes
    then wake it directly); without it the app is a replica, and its requests wait for the
    projector process through the watch (PostgreSQL NOTIFY). The watch, one per process, also
    wakes every live subscription. ``bench`` adds the plain JSON route the GraphQL benchmark
    compares against.
    """
    settings = components.settings
    schema = build_schema(
        SchemaLimits(
            max_depth=settings.max_depth,
            max_aliases=settings.max_aliases,
            max_tokens=settings.max_tokens,
            introspection=not settings.production,
            pages=Pages(default=min(Limits().default_page, settings.max_page), maximum=settings.max_page),
            run=RunLimits(settings.max_cost, settings.request_timeout_s, workers=operation_workers(settings)),
        )
    )
    limits = Limits(max_page=settings.max_page, wait_for_timeout_s=settings.wait_for_timeout_s)
    watch = components.watch
    follower: ProjectionFollower = components.projector if run_projector else watch
    metrics = metrics_ = Metrics(components.append_seconds)
    feed = CountedFeed(watch, metrics.subscriptions)
    sockets = KeyedSockets(components.keys)
    heartbeat = Heartbeat(components.db, components.projector)

    async def graphql_context(scope: Scope, response: Response[Any]) -> GraphQLContext:
        headers = Headers.from_scope(scope)
        authorization = headers.get("authorization")
        context = GraphQLContext(
            queries=components.queries,
            ledger=components.ledger,
            follower=follower,
            feed=feed,
            limits=limits,
            public_reads=settings.public_reads,
            # A key is looked up where the operation runs (its worker thread), not here.
            auth_problem=ANONYMOUS.problem if authorization is None else None,
            identify=None if authorization is None else partial(identified, components.keys, authorization),
        )
        wanted = headers.get(WAIT_FOR_HEADER.lower())
        if wanted is not None:
            try:
                position = change_cursor(wanted.strip(), WAIT_FOR_HEADER)[0]  # a belief change's event part
            except GraphQLError as error:
                raise BadRequest(error.message, WAIT_FOR_HEADER) from None
            reached = await to_thread.run_sync(
                follower.wait_for, position, settings.wait_for_timeout_s
            )
            if not reached:
                context.unreached_position = position
        return context

    base = make_graphql_controller(
        schema,
        path="/graphql",
        graphql_ide=None if settings.production else "graphiql",
        context_getter=graphql_context,
        allowed_origins=settings.websocket_origins,
    )

    class GraphQLController(StrictBodies, GraphQLOverHTTP, base):  # type: ignore[valid-type,misc]
        # Chained so that each step is a batch of one: Litestar resolves a batch of several
        # dependencies in a task group, which costs more than the dependencies themselves.
        dependencies = {
            **base.dependencies,
            "response": Provide(_plain_response, sync_to_thread=False),
            "custom_context": Provide(graphql_context),
            "root_value": Provide(_no_root_value, sync_to_thread=False),
        }

        metrics = metrics_

        async def on_ws_connect(self, context: Any) -> Any:
            """Accept a key in the ``connection_init`` payload (browsers cannot set headers) or
            the handshake's header; a socket with a key closes when the key stops working."""
            params = getattr(context, "connection_params", None) or {}
            value = params.get("Authorization") or params.get("authorization")
            if isinstance(context, GraphQLContext):
                value = value or (context.websocket.headers.get("authorization") if context.websocket else None)
                if value:
                    caller = await identify_value(components.keys, str(value))
                    if caller.principal is None:
                        raise ConnectionRejectionError()
                    context.actor, context.identify = caller.actor, None
                    sockets.add(context.websocket, caller.principal.key_hash)
            return await super().on_ws_connect(context)

        async def render_graphql_ide(self, request: Any) -> Response[Any]:
            """GraphiQL from the service's own files (the stock page loads it from a CDN)."""
            return graphiql_response()

    handlers: list[Any] = [GraphQLController, *side_routes(components, metrics, follower), *key_routes(components)]
    handlers += explorer_handlers(graphql_context, ide=not settings.production)
    if bench:
        handlers += bench_routes(components)

    async def start_projector() -> None:
        watch.start()
        if run_projector:
            components.projector.start()
            heartbeat.start()
        await sockets.start()

    async def stop_projector() -> None:
        await sockets.stop()
        if run_projector:
            await to_thread.run_sync(heartbeat.stop)
            await to_thread.run_sync(components.projector.stop)
        await to_thread.run_sync(watch.stop)

    return Litestar(
        route_handlers=handlers,
        middleware=[metrics.middleware()],
        on_startup=[start_projector],
        on_shutdown=[stop_projector],
        exception_handlers={**EXCEPTION_HANDLERS, BadRequest: bad_request_response},
        cors_config=_cors(settings.cors_origins),
        # No OpenAPI page (/schema) in production: it describes nothing a client needs.
        openapi_config=None if settings.production else OpenAPIConfig(title="Talent Ledger", version="1"),
        template_config=template_config(),
        debug=False,
    )


def _cors(origins: tuple[str, ...]) -> CORSConfig | None:
    """Browser pages on these origins may call the API (GraphQL, export, health)."""
    if not origins:
        return None
    return CORSConfig(
        allow_origins=list(origins),
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "Accept", WAIT_FOR_HEADER],
        expose_headers=[POSITION_HEADER],
        max_age=600,
    )
