"""Checks a valid document passes before anything runs: its variables and its cost.

They run as part of validation (after the cached rules), so a refused document is answered like an
invalid one: no resolver runs, nothing is stored, and a websocket client gets an ``error``
message. Text that cannot be stored (a lone surrogate, which neither SQLite nor PostgreSQL
accepts) is refused here for variables; the parser already refuses it in the document itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from schema.cost import Pages, estimate
from schema.errors import api_error
from schema.execution import cost_exceeded

MAX_NESTING = 64
"""Deeper variables are refused: no input of the schema nests anywhere near this."""


def unstorable_text(value: Any, path: str, depth: int = 0) -> GraphQLError | None:
    """BAD_USER_INPUT naming the first string under ``value`` that is not valid Unicode text."""
    if depth > MAX_NESTING:
        return api_error("BAD_USER_INPUT", "the variables are nested too deeply", field=path)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return api_error("BAD_USER_INPUT", "text must be valid Unicode (no lone surrogates)", field=path)
        return None
    items: Any = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and (problem := unstorable_text(key, path, depth + 1)):
            return problem
        if problem := unstorable_text(item, f"{path}.{key}" if path else str(key), depth + 1):
            return problem
    return None


def admission(pages: Pages, max_cost: int) -> type[SchemaExtension]:
    """The extension; list it after ``ValidationCache`` so that it sees the validation's result."""

    class Admission(SchemaExtension):
        def on_validate(self) -> Iterator[None]:
            context = self.execution_context
            if context.pre_execution_errors is None or context.pre_execution_errors:
                yield  # not validated yet (no cache before us) or invalid: nothing to add
                return
            problem = unstorable_text(context.variables or {}, "")
            if problem is None and context.graphql_document is not None:
                cost = estimate(
                    context.schema._schema, context.graphql_document, context.operation_name,
                    context.variables, pages,
                )
                if cost > max_cost:
                    problem = cost_exceeded(cost, max_cost, estimated=True)
            if problem is not None:
                context.pre_execution_errors = [problem]
            yield

    return Admission
