"""What a document passes before anything runs: parsing, validation, its variables and its cost.

One extension does all of it, from a cache keyed by the query text (``Documents``): the parsed
document, its validation errors and, when no variable sizes it, its cost estimate are worked out
once per text, not per request. A refused document is answered like an invalid one: no resolver
runs, nothing is stored, and a websocket client gets an ``error`` message. Text that cannot be
stored (a lone surrogate, which neither SQLite nor PostgreSQL accepts) is refused here for
variables; the parser already refuses it in the document itself.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from schema.cost import Pages, estimate
from schema.errors import api_error
from schema.execution import cost_exceeded

MAX_OPERATIONS = 16
"""Costs kept per query text, one per operation name (a document rarely holds more)."""

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


@dataclass(slots=True)
class Prepared:
    """One query text, parsed; its validation errors and costs are filled in as first needed."""

    document: DocumentNode
    errors: dict[tuple[type[ASTValidationRule], ...], list[GraphQLError]] = field(default_factory=dict)
    costs: dict[str | None, int] = field(default_factory=dict)  # by operation name, when no variable sizes it


class Documents:
    """The prepared documents of the last ``maxsize`` query texts (least recently used goes)."""

    def __init__(self, maxsize: int, max_tokens: int) -> None:
        self.maxsize = maxsize
        self.max_tokens = max_tokens
        self._entries: OrderedDict[str, Prepared] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, query: str) -> Prepared:
        """The text's entry; raises the parser's GraphQLError for text that does not parse
        (not kept: a failure is cheap to repeat and would only fill the cache)."""
        with self._lock:
            entry = self._entries.get(query)
            if entry is not None:
                self._entries.move_to_end(query)
                return entry
        entry = Prepared(parse(query, max_tokens=self.max_tokens))
        with self._lock:
            entry = self._entries.setdefault(query, entry)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        return entry

    def __len__(self) -> int:
        return len(self._entries)


def admission(
    pages: Pages, max_cost: int, rules: Sequence[type[ASTValidationRule]], documents: Documents,
) -> type[SchemaExtension]:
    """The extension: parses and validates (``rules`` added to strawberry's) through ``documents``,
    then checks the variables and the cost."""
    extra = tuple(rules)

    class Admission(SchemaExtension):
        def on_parse(self) -> Iterator[None]:
            context = self.execution_context
            if context.graphql_document is None and context.query:
                context.graphql_document = documents.get(context.query).document
            yield

        def on_validate(self) -> Iterator[None]:
            context = self.execution_context
            if context.pre_execution_errors is None and context.graphql_document is not None and context.query:
                context.pre_execution_errors = self._admit(context)
            yield

        def _admit(self, context: Any) -> list[GraphQLError]:
            entry = documents.get(context.query)
            if entry.document is not context.graphql_document:  # evicted meanwhile: not cached
                entry = Prepared(context.graphql_document)
            schema: GraphQLSchema = context.schema._schema
            rules = context.validation_rules + extra
            errors = entry.errors.get(rules)
            if errors is None:
                errors = entry.errors[rules] = validate_document(schema, entry.document, rules)
            if errors:
                return list(errors)
            problem = unstorable_text(context.variables or {}, "")
            if problem is None:
                cost = entry.costs.get(context.operation_name)
                if cost is None:
                    cost, sized_by_variables = estimate(
                        schema, entry.document, context.operation_name, context.variables, pages,
                    )
                    if not sized_by_variables and len(entry.costs) < MAX_OPERATIONS:
                        entry.costs[context.operation_name] = cost
                if cost > max_cost:
                    problem = cost_exceeded(cost, max_cost, estimated=True)
            return [] if problem is None else [problem]

    return Admission
