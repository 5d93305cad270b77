"""The explorer as a client of the GraphQL contract: each page runs its document in-process.

A document runs against a schema built by ``schema.build`` (the same types, resolvers, error
masking and caches as ``/graphql``) with a ``GraphQLContext`` from the app's own context factory,
so a page sees exactly what an API client with the same headers would. The run happens in a
worker thread: resolvers read the database synchronously. GraphQL errors become ``PageError``s
with an HTTP status. See docs/explorer.md.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from anyio import to_thread
from graphql import GraphQLError
from litestar import Request, Response
from litestar.types import Scope

from schema.build import SchemaLimits, build_schema
from schema.context import GraphQLContext

ContextFactory = Callable[[Scope, Response[Any]], Awaitable[GraphQLContext]]
"""Builds a request's context the way ``/graphql`` does (the caller's key, ``Wait-For``)."""

# The explorer's documents are fixed and known (no client sends them), so the operator's limits
# on depth, aliases and tokens, meant for arbitrary documents, need not constrain them.
LIMITS = SchemaLimits(max_depth=16, max_aliases=8, max_tokens=2000, introspection=False)

STATUS_OF_CODE = {
    "BAD_USER_INPUT": 400,
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "TIMEOUT": 503,
}
TITLE_OF_STATUS = {
    400: "This question cannot be asked",
    401: "Reads need an API key",
    403: "Not allowed",
    404: "Not found",
    500: "Something went wrong",
    503: "Not ready yet",
}


class PageError(Exception):
    """A page that cannot be shown: its HTTP status, a message for people, and the parameter."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field

    @property
    def title(self) -> str:
        return TITLE_OF_STATUS.get(self.status, TITLE_OF_STATUS[500])

    @classmethod
    def of(cls, error: GraphQLError) -> PageError:
        extensions = error.extensions or {}
        status = STATUS_OF_CODE.get(str(extensions.get("code")), 500)
        message = error.message if status != 500 else "The server could not answer this page."
        field = extensions.get("field")
        return cls(status, message, str(field) if field else None)


class Client:
    """Runs the explorer's documents for one app."""

    def __init__(self, context_factory: ContextFactory) -> None:
        self.schema: strawberry.Schema = build_schema(LIMITS)
        self.context_factory = context_factory

    async def context(self, request: Request[Any, Any, Any]) -> GraphQLContext:
        return await self.context_factory(request.scope, Response(None))

    async def run(
        self, request: Request[Any, Any, Any], document: str, variables: dict[str, Any],
        context: GraphQLContext | None = None,
    ) -> dict[str, Any]:
        """The document's ``data``; a ``PageError`` for its first error."""
        context = context or await self.context(request)

        def execute() -> Any:
            context.caller()  # the key, looked up in this thread (see ``GraphQLContext.identify``)
            return self.schema.execute_sync(document, variable_values=variables, context_value=context)

        result = await to_thread.run_sync(execute)
        if result.errors:
            raise PageError.of(result.errors[0])
        return dict(result.data or {})
