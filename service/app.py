"""The one app factory: GraphQL at ``/graphql`` plus the routes beside it, built from the components."""

from __future__ import annotations

import logging
from typing import Any

from anyio import to_thread
from litestar import Litestar, Response
from litestar.background_tasks import BackgroundTasks
from litestar.datastructures import Headers
from litestar.di import Provide
from litestar.exceptions import ValidationException
from litestar.types import Scope
from strawberry.exceptions import ConnectionRejectionError
from strawberry.litestar import make_graphql_controller

from schema.build import SchemaLimits, build_schema
from schema.context import WAIT_FOR_HEADER, GraphQLContext, Limits, ProjectionFollower
from service.access import identify, identify_value
from service.bootstrap import Components
from service.explorer import explorer_handlers, graphiql_response, template_config
from service.metrics import Metrics
from service.routes import bench_routes, side_routes

log = logging.getLogger("talentledger.app")


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
        )
    )
    limits = Limits(max_page=settings.max_page, wait_for_timeout_s=settings.wait_for_timeout_s)
    watch = components.watch
    follower: ProjectionFollower = components.projector if run_projector else watch
    metrics = Metrics()

    async def graphql_context(scope: Scope, response: Response[Any]) -> GraphQLContext:
        headers = Headers.from_scope(scope)
        caller = await identify(components.keys, headers)
        context = GraphQLContext(
            queries=components.queries,
            ledger=components.ledger,
            follower=follower,
            feed=watch,
            limits=limits,
            public_reads=settings.public_reads,
            actor=caller.actor,
            auth_problem=caller.problem,
        )
        wanted = headers.get(WAIT_FOR_HEADER.lower())
        if wanted is not None:
            if not wanted.strip().isdigit():
                raise ValidationException(f"{WAIT_FOR_HEADER} must be an event position such as 42")
            position = int(wanted)
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
        allowed_origins=settings.allowed_origins,
    )

    class GraphQLController(base):  # type: ignore[valid-type,misc]
        # Chained so that each step is a batch of one: Litestar resolves a batch of several
        # dependencies in a task group, which costs more than the dependencies themselves.
        dependencies = {
            **base.dependencies,
            "response": Provide(_plain_response, sync_to_thread=False),
            "custom_context": Provide(graphql_context),
            "root_value": Provide(_no_root_value, sync_to_thread=False),
        }

        async def on_ws_connect(self, context: Any) -> Any:
            """Accept a key in the ``connection_init`` payload (browsers cannot set headers)."""
            params = getattr(context, "connection_params", None) or {}
            value = params.get("Authorization") or params.get("authorization")
            if isinstance(context, GraphQLContext) and value:
                caller = await identify_value(components.keys, str(value))
                if caller.principal is None:
                    raise ConnectionRejectionError()
                context.actor = caller.actor
            return await super().on_ws_connect(context)

        async def render_graphql_ide(self, request: Any) -> Response[Any]:
            """GraphiQL from the service's own files (the stock page loads it from a CDN)."""
            return graphiql_response()

    handlers: list[Any] = [GraphQLController, *side_routes(components, metrics, follower)]
    handlers += explorer_handlers(graphql_context, ide=not settings.production)
    if bench:
        handlers += bench_routes(components)

    async def start_projector() -> None:
        watch.start()
        if run_projector:
            components.projector.start()

    async def stop_projector() -> None:
        if run_projector:
            await to_thread.run_sync(components.projector.stop)
        await to_thread.run_sync(watch.stop)

    return Litestar(
        route_handlers=handlers,
        middleware=[metrics.middleware()],
        on_startup=[start_projector],
        on_shutdown=[stop_projector],
        template_config=template_config(),
        debug=False,
    )
