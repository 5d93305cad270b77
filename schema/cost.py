"""What a document may cost before it runs: how many objects it can resolve (``docs/limits.md``).

Every object a query resolves (a person, an edge, a fuzzy date...) costs one; scalars are free. A
list multiplies the cost of its items by its size: its `first` argument, else the page size of
the connection it belongs to, else the default page (the page cap for the lists that grow), else
a typical size for the few small unpaged lists (a person's aliases, a claim's reports). The
estimate is an upper bound for paged lists and a guess for the small ones; execution counts the
objects it really resolves against the same limit (``schema.execution``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_list_type,
)

TYPICAL_SIZES: dict[str, int] = {
    "Person.aliases": 5,
    "Organization.aliases": 5,
    "Person.employments": 3,
    "Person.timeline": 10,
    "Stint.claims": 5,
    "Stint.sources": 5,
    "DateBounds.reasons": 4,
    "Claim.reports": 10,
    "GroupClaim.reports": 10,
    "Organization.signals": 20,
    "Organization.headcount": 120,
    "Query.flows": 50,
    "Flow.people": 20,
    "BeliefChange.organizations": 4,
}
"""Unpaged lists that stay small; any other unpaged list counts as a full page."""


@dataclass(frozen=True, slots=True)
class Pages:
    """Page sizes: ``default`` for connections, ``maximum`` caps every page and is the default
    of the lists that grow (``Source.claims``, ``Person.history``...)."""

    default: int = 50
    maximum: int = 500


def estimate(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    pages: Pages,
) -> tuple[int, bool]:
    """The objects the document's operation may resolve (0 when there is no such operation), and
    whether a variable sized a list (else the figure holds for any variables: it can be kept)."""
    operation = get_operation_ast(document, operation_name)
    root = schema.get_root_type(operation.operation) if operation else None
    if operation is None or root is None:
        return 0, False
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    walk = _Walk(schema, fragments, variables or {}, pages)
    return walk.selections(root, operation.selection_set, None), walk.sized_by_variables


class _Walk:
    def __init__(
        self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any], pages: Pages,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.pages = pages
        self.sized_by_variables = False

    def selections(self, parent: GraphQLNamedType, selection_set: SelectionSetNode, page: int | None) -> int:
        """Cost of one ``parent`` object's selections; ``page`` is its connection's page size."""
        total = 0
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                total += self.field(parent, node, page)
            elif isinstance(node, InlineFragmentNode):
                total += self.selections(self._type(node.type_condition, parent), node.selection_set, page)
            elif isinstance(node, FragmentSpreadNode) and (fragment := self.fragments.get(node.name.value)):
                total += self.selections(self._type(fragment.type_condition, parent), fragment.selection_set, page)
        return total

    def field(self, parent: GraphQLNamedType, node: FieldNode, page: int | None) -> int:
        # Introspection (``__schema``, ``__type``) is bounded by the schema itself.
        if node.selection_set is None or node.name.value.startswith("__"):
            return 0
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        definition = parent.fields.get(node.name.value)
        if definition is None:
            return 0
        first = self._first(definition, node)
        inner = get_named_type(definition.type)
        if is_list_type(get_nullable_type(definition.type)):
            size = first or page or TYPICAL_SIZES.get(f"{parent.name}.{node.name.value}", self.pages.maximum)
            return size * (1 + self.selections(inner, node.selection_set, None))
        # A connection: its page size sizes its `edges`.
        return 1 + self.selections(inner, node.selection_set, first)

    def _first(self, definition: GraphQLField, node: FieldNode) -> int | None:
        """The page a field with a `first` argument returns (capped); None without that argument."""
        if "first" not in definition.args:
            return None
        is_list = is_list_type(get_nullable_type(definition.type))
        size = self.pages.maximum if is_list else self.pages.default
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value: Any = None
            if isinstance(argument.value, IntValueNode) and len(argument.value.value) < 12:
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                self.sized_by_variables = True
                value = self.variables.get(argument.value.name.value)
            if isinstance(value, int) and not isinstance(value, bool):
                size = value
        return max(1, min(size, self.pages.maximum))

    def _type(self, condition: NamedTypeNode | None, parent: GraphQLNamedType) -> GraphQLNamedType:
        found = self.schema.get_type(condition.name.value) if condition else None
        return found or parent
