"""A mutation document is one atomic write (``docs/api.md#documents-with-several-mutations-one-atomic-write``).

Before any field resolves, every mutation field of the operation becomes a command; all of them
are authorized and decided together by ``Ledger.execute_all``, each seeing the ones before it (a
document may register a person, then report their move). Either every field is accepted and
stored in one append, and each field then answers from its own outcome; or nothing is stored, and
the answer is ``data: null`` with one error per refused field, located at that field.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import msgspec
from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    get_named_type,
    get_operation_ast,
)
from graphql.execution.collect_fields import FragmentDetails, collect_fields
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from events import commands as c
from events.errors import DomainError
from events.group_claim import is_group_claim_id
from events.ledger import Refused
from schema.args import utc
from schema.context import GraphQLContext, Written
from schema.errors import MASKED_MESSAGE, api_error, from_domain, short
from schema.preflight import check_selection

log = logging.getLogger("talentledger.graphql")

COMMANDS: dict[str, type[c.Command]] = {
    "registerPerson": c.RegisterPerson,
    "registerOrganization": c.RegisterOrganization,
    "reparentOrganization": c.ReparentOrganization,
    "registerSource": c.RegisterSource,
    "reportMove": c.ReportMove,
    "addReport": c.AddReport,
    "reportAffiliation": c.ReportAffiliation,
    "reportGroupMove": c.ReportGroupMove,
    "addGroupReport": c.AddReport,  # with a group claim's id, answered with the GroupClaim
    "retractGroupClaim": c.RetractClaim,
    "retractClaim": c.RetractClaim,
    "correctClaim": c.CorrectClaim,
    "addAlias": c.AddAlias,
    "mergePeople": c.MergePeople,
}


class MutationDocument(SchemaExtension):
    """Decides a mutation operation's writes before it executes; refuses it whole if one fails."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.operation_type is OperationType.MUTATION and not context.result:
            try:
                refused = _decide(context.schema._schema, context)
            except Exception:  # an outage: nothing was stored (the append is atomic)
                log.exception("a mutation document failed before any write was stored")
                refused = [api_error("INTERNAL_SERVER_ERROR", MASKED_MESSAGE)]
            if refused:
                context.result = ExecutionResult(None, refused)
        yield

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        position = getattr(context, "pending_position", None)
        if position is None:
            return {}
        timeout = context.limits.wait_for_timeout_s
        return {"warnings": [{
            "code": "PROJECTION_PENDING",
            "position": str(position),
            "message": f"stored at position {position}, but the read models did not reach it within "
            f"{timeout:g} s: fields they do not have yet show what was written",
        }]}


def _decide(schema: Any, execution: Any) -> list[GraphQLError]:
    """Store every field's write, or none; the errors of the refused fields."""
    context: GraphQLContext = execution.context
    operation = get_operation_ast(execution.graphql_document, execution.operation_name)
    assert operation is not None
    variables = get_variable_values(schema, operation.variable_definitions or (), execution.variables or {})
    if not isinstance(variables, VariableValues):
        return []  # bad variables: execution reports them, before any resolver runs
    fragments = {
        d.name.value: FragmentDetails(d) for d in execution.graphql_document.definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    fields = collect_fields(schema, fragments, variables, schema.mutation_type, operation).grouped_field_set
    planned: list[tuple[str, FieldNode, c.Command]] = []
    errors: list[GraphQLError] = []
    for key, details in fields.items():
        node = details[0].node
        try:
            command = _command(schema, node, variables)
            if command is not None:
                context.authorize(type(command))
                planned.append((key, node, command))
        except GraphQLError as error:
            errors.append(_at(error, key, node))
        except DomainError as error:
            errors.append(_at(from_domain(error), key, node))
    if not errors:
        errors = _answers_refused(schema, fields, fragments, variables)
    if errors or not planned:
        return errors
    principal = context.authorize(type(planned[0][2]))
    try:
        outcomes = context.ledger.execute_all([command for _, _, command in planned], principal)
    except Refused as refused:
        return [_at(from_domain(error), planned[i][0], planned[i][1]) for i, error in refused.errors]
    except DomainError as error:  # too many concurrent writes
        return [_at(from_domain(error), key, node) for key, node, _ in planned]
    context.written = {key: Written(command, outcome) for (key, _, command), outcome in zip(
        planned, outcomes, strict=True)}
    context.wrote(max(outcome.position for outcome in outcomes))
    return []


def _answers_refused(
    schema: Any, fields: dict[str, Any], fragments: dict[str, FragmentDetails], variables: VariableValues
) -> list[GraphQLError]:
    """Refusals the fields' answers would meet once stored (``schema.preflight``)."""
    definitions = {name: details.definition for name, details in fragments.items()}
    errors: list[GraphQLError] = []
    for key, details in fields.items():
        node = details[0].node
        definition = schema.mutation_type.fields.get(node.name.value)
        if definition is not None:
            errors += check_selection(schema, get_named_type(definition.type), node.selection_set, definitions,
                                      variables, (key,))
    return errors


def _command(schema: Any, node: FieldNode, variables: VariableValues) -> c.Command | None:
    """The command a mutation field asks for (None for ``__typename``)."""
    command_type = COMMANDS.get(node.name.value)
    if command_type is None:
        return None
    arguments = get_argument_values(schema.mutation_type.fields[node.name.value], node, variables)
    # An explicit null means "the default" for an optional field, but is meant as given for a
    # required one (reparentOrganization's parentId: null detaches; omitting it is refused).
    required = {f.encode_name for f in msgspec.structs.fields(command_type) if f.required}
    fields = {name: value for name, value in arguments["input"].items() if value is not None or name in required}
    for name, value in fields.items():
        if isinstance(value, datetime):
            utc(value, name)  # a time the store can keep: one that exists in UTC
    try:
        command = msgspec.convert(fields, command_type)
    except msgspec.ValidationError as error:
        raise api_error("BAD_USER_INPUT", short(str(error)), field=_field_of(str(error))) from None
    _check_answer_type(node.name.value, command)
    return command


GROUP_FIELDS = {"addReport": "addGroupReport", "retractClaim": "retractGroupClaim"}


def _check_answer_type(name: str, command: c.Command) -> None:
    """``addReport`` and ``retractClaim`` answer with a Claim: a group claim's id goes through the
    field that answers with the GroupClaim (the import takes either id under either op:
    docs/api.md#group-claims)."""
    claim_id = getattr(command, "claim_id", None)
    if claim_id is None:
        return
    group = is_group_claim_id(claim_id)
    if name in GROUP_FIELDS and group:
        raise api_error("BAD_USER_INPUT", f"'{claim_id}' is a group claim: use {GROUP_FIELDS[name]}, which "
                        "answers with the GroupClaim", field="claimId")
    if name in GROUP_FIELDS.values() and not group:
        raise api_error("BAD_USER_INPUT", f"'{claim_id}' is not a group claim's id (they start with 'g')",
                        field="claimId")


def _field_of(message: str) -> str | None:
    """The input field a msgspec validation message names (``at `$.x```, or a missing field)."""
    if "at `$." in message:
        return message.rsplit("at `$.", 1)[-1].rstrip("`")
    missing = re.search(r"missing required field `([^`]+)`", message)
    return missing.group(1) if missing else None


def _at(error: GraphQLError, key: str, node: FieldNode) -> GraphQLError:
    return GraphQLError(error.message, nodes=[node], path=[key], extensions=error.extensions)
