"""Builds the schema once per app, with its limits, error masking and caches.

The validation rules (depth, aliases, introspection) are built here, once; each query text is
parsed, validated and priced once (``schema.admission.Documents``), not per request. Queries
and mutations run whole in a worker thread (``schema.execution``); subscriptions stream on the
event loop and run each event's fields in a worker thread.
Run ``python -m schema.build`` to print the SDL (``schema.graphql``).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import strawberry
from graphql import (
    ASTValidationRule,
    GraphQLError,
    NoSchemaIntrospectionCustomRule,
    get_operation_ast,
    parse,
)
from graphql import OperationType as AstOperation
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from schema.admission import Documents, admission
from schema.batch import MutationDocument
from schema.cost import Pages
from schema.errors import MaskUnexpectedErrors, add_codes, log_unexpected
from schema.execution import RunLimits, Workers, bounded_executor, stopped_midway
from schema.mutations import Mutation
from schema.queries import Query
from schema.subscription import Subscription

CACHE_SIZE = 1024


@dataclass(frozen=True, slots=True)
class SchemaLimits:
    """What a document may ask for, and what running it may spend (``docs/limits.md``)."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000
    introspection: bool = True
    pages: Pages = field(default_factory=Pages)
    run: RunLimits = field(default_factory=RunLimits)


class TalentLedgerSchema(strawberry.Schema):
    """The schema; logs only unexpected errors (expected ones are the client's business)."""

    workers: Workers
    max_tokens: int

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        add_codes(errors)
        log_unexpected(errors)

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """The whole operation in a worker thread: one hop per request, none per resolver. The
        caller's key is looked up there first (``GraphQLContext.identify``): a failing lookup
        fails the request, as it would before it started."""

        def run() -> ExecutionResult:
            identified(context_value)
            return self.execute_sync(
                query, variable_values, context_value, root_value, operation_name, allowed_operation_types,
                operation_extensions,
            )

        return refused_before_running(await self.workers.run(run))

    async def stream(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
    ) -> Any:
        """Subscriptions stream; a query or mutation sent over a websocket runs like one sent over
        HTTP (in a worker thread), its refusal before execution reported as such."""
        if self._is_subscription(query, operation_name):
            return await super().stream(
                query, variable_values, context_value, root_value, operation_name, operation_extensions,
                allowed_operation_types,
            )
        run = self.execute(
            query, variable_values, context_value, root_value, operation_name, allowed_operation_types,
            operation_extensions,
        )
        return _single(run)

    def _is_subscription(self, query: str | None, operation_name: str | None) -> bool:
        """False for what does not parse: it is refused like a query (an ``error`` message)."""
        try:
            operation = get_operation_ast(parse(query or "", max_tokens=self.max_tokens), operation_name)
        except GraphQLError:
            return False
        return operation is None or operation.operation is AstOperation.SUBSCRIPTION


def identified(context: Any) -> None:
    """Authenticate the context's caller now, if it has one to authenticate (in this thread)."""
    caller = getattr(context, "caller", None)
    if caller is not None:
        caller()


async def _single(run: Any) -> AsyncGenerator[ExecutionResult, None]:
    yield await run


def refused_before_running(result: Any) -> Any:
    """``execute_sync`` answers a document that does not parse, validate or coerce its variables
    with a plain result; say it was refused before running (``PreExecutionError``, as the async
    path would): over HTTP it has no ``data`` entry, over websockets it is an ``error`` message.
    An operation stopped midway by a limit ran: it stays as it is."""
    if isinstance(result, PreExecutionError) or result.data is not None or not result.errors:
        return result
    if all(e.path is None and not stopped_midway(e) for e in result.errors):
        return PreExecutionError(data=None, errors=result.errors, extensions=result.extensions)
    return result


def _rules(limits: SchemaLimits) -> tuple[type[ASTValidationRule], ...]:
    """The validation rules added to graphql's own (built once: they key the document cache)."""
    rules: tuple[type[ASTValidationRule], ...] = (
        depth_rule(limits.max_depth, None),
        alias_rule(limits.max_aliases),
    )
    if not limits.introspection:
        rules += (NoSchemaIntrospectionCustomRule,)
    return rules


def build_schema(limits: SchemaLimits | None = None) -> strawberry.Schema:
    """The GraphQL schema, with the given limits (defaults: ``SchemaLimits()``)."""
    limits = limits or SchemaLimits()
    workers = Workers(limits.run)
    documents = Documents(CACHE_SIZE, limits.max_tokens)
    extensions: Sequence[Any] = (
        admission(limits.pages, limits.run.max_cost, _rules(limits), documents),
        MutationDocument,
        MaskUnexpectedErrors,
    )
    schema = TalentLedgerSchema(
        query=Query, mutation=Mutation, subscription=Subscription, extensions=extensions,
        execution_context_class=bounded_executor(limits.run, workers),
    )
    schema.workers = workers
    schema.max_tokens = limits.max_tokens
    return schema


def sdl() -> str:
    """The schema's SDL, as exported to ``schema.graphql``."""
    return build_schema().as_str() + "\n"


if __name__ == "__main__":
    print(sdl(), end="")
