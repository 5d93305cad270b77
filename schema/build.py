"""Builds the schema once per app, with its limits, error masking and caches.

The validation rules (depth, aliases, introspection) are built here, once: the validation cache
is keyed by the rule classes, so a limiter built per request would miss it every time.
Run ``python -m schema.build`` to print the SDL (``schema.graphql``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import ASTValidationRule, GraphQLError, NoSchemaIntrospectionCustomRule
from strawberry.extensions import ParserCache, SchemaExtension, ValidationCache
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.types import ExecutionContext

from schema.errors import MaskUnexpectedErrors, log_unexpected
from schema.mutations import Mutation
from schema.queries import Query
from schema.subscription import Subscription

CACHE_SIZE = 1024


@dataclass(frozen=True, slots=True)
class SchemaLimits:
    """What a document may ask for."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000
    introspection: bool = True


class TalentLedgerSchema(strawberry.Schema):
    """The schema; logs only unexpected errors (expected ones are the client's business)."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        log_unexpected(errors)


def _limits_extension(limits: SchemaLimits) -> type[SchemaExtension]:
    rules: tuple[type[ASTValidationRule], ...] = (
        depth_rule(limits.max_depth, None),
        alias_rule(limits.max_aliases),
    )
    if not limits.introspection:
        rules += (NoSchemaIntrospectionCustomRule,)
    max_tokens = limits.max_tokens

    class RequestLimits(SchemaExtension):
        """Adds the prebuilt rules and the token limit to every operation."""

        def on_operation(self) -> Iterator[None]:
            context = self.execution_context
            context.validation_rules = context.validation_rules + rules
            context.parse_options["max_tokens"] = max_tokens
            yield

    return RequestLimits


def build_schema(limits: SchemaLimits | None = None) -> strawberry.Schema:
    """The GraphQL schema, with the given limits (defaults: ``SchemaLimits()``)."""
    limits = limits or SchemaLimits()
    extensions: Sequence[Any] = (
        _limits_extension(limits),
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        MaskUnexpectedErrors,
    )
    return TalentLedgerSchema(query=Query, mutation=Mutation, subscription=Subscription, extensions=extensions)


def sdl() -> str:
    """The schema's SDL, as exported to ``schema.graphql``."""
    return build_schema().as_str() + "\n"


if __name__ == "__main__":
    print(sdl(), end="")
