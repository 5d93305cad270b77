"""The arguments of a mutation's answer, checked before its write is stored.

A mutation field answers with a record, and the document may ask that record's lists and reads
with arguments (``registerPerson { claims(first: 0) { id } }``). Refused after the write, such an
argument would turn a stored write into ``data: null``; so every argument of the selection gets
the same checks its resolver makes, before anything is stored (``docs/api.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values

from projections.cursors import decode_cursor
from projections.model import BadCursor
from schema.args import MAX_MONTHS, cutoffs, date_range, id_cursor, position_cursor, utc
from schema.errors import api_error

POSITION_CURSORS = frozenset({"events", "history"})
OPAQUE_CURSORS = frozenset({"people", "organizations", "roster"})


def check_selection(
    schema: GraphQLSchema, parent: GraphQLNamedType, selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode], variables: VariableValues, path: tuple[str, ...] = (),
) -> list[GraphQLError]:
    """The refusals the selection's arguments would meet, each located at its field."""
    errors: list[GraphQLError] = []
    for node in selection_set.selections if selection_set else ():
        if isinstance(node, InlineFragmentNode | FragmentSpreadNode):
            inner = node if isinstance(node, InlineFragmentNode) else fragments.get(node.name.value)
            condition = inner.type_condition if inner else None
            kind = schema.get_type(condition.name.value) if condition else parent
            if inner is not None and kind is not None:
                errors += check_selection(schema, kind, inner.selection_set, fragments, variables, path)
            continue
        if not isinstance(node, FieldNode) or not isinstance(parent, GraphQLObjectType):
            continue
        definition = parent.fields.get(node.name.value)
        if definition is None:
            continue
        key = (node.alias or node.name).value
        if node.arguments:
            try:
                check_arguments(node.name.value, get_argument_values(definition, node, variables))
            except GraphQLError as error:
                errors.append(GraphQLError(error.message, [node], path=[*path, key], extensions=error.extensions))
        errors += check_selection(
            schema, get_named_type(definition.type), node.selection_set, fragments, variables, (*path, key)
        )
    return errors


def check_arguments(field: str, arguments: Mapping[str, Any]) -> None:
    """Raise the refusal the field's resolver would raise for these arguments (``schema.args``)."""
    first, after = arguments.get("first"), arguments.get("after")
    if isinstance(first, int) and first < 1:
        raise api_error("BAD_USER_INPUT", "first must be at least 1", field="first")
    if isinstance(after, str):
        _check_cursor(field, after)
    for name in ("asOf", "knownAt"):
        if isinstance(arguments.get(name), datetime):
            utc(arguments[name], name)
    cutoffs(None, None, arguments.get("minStatus"), arguments.get("minSources"))
    start, end = arguments.get("from"), arguments.get("to")
    if isinstance(start, date) and isinstance(end, date):
        date_range(start, end, MAX_MONTHS if field == "headcount" else None)


def _check_cursor(field: str, after: str) -> None:
    if field in POSITION_CURSORS:
        position_cursor(after)
    elif field in OPAQUE_CURSORS:
        try:
            decode_cursor(after)
        except BadCursor as error:
            raise api_error("BAD_USER_INPUT", str(error), field="after") from None
    else:
        id_cursor(after)
