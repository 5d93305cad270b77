"""GraphQL errors with ``extensions.code``, and the masking of everything unexpected.

Expected refusals carry a code (and, for bad input, the offending field). Documents that do not
parse or validate get ``GRAPHQL_PARSE_FAILED`` / ``GRAPHQL_VALIDATION_FAILED``, variables of the
wrong type ``BAD_USER_INPUT``. Any other exception is logged here with its stack trace and reaches
the client only as ``Internal server error.``.
"""

from __future__ import annotations

import logging
import re

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import MaskErrors

from events.errors import DomainError
from projections.model import BadCursor

log = logging.getLogger("talentledger.graphql")

CODES = frozenset(
    {"BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "UNAUTHENTICATED", "FORBIDDEN", "TIMEOUT",
     "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "COST_LIMIT_EXCEEDED"}
)
MASKED_MESSAGE = "Internal server error."
MAX_MESSAGE = 300
"""Longer messages (a validation error quoting a huge literal) are cut to this many characters."""
_VARIABLE = re.compile(r"^Variable '\$(\w+)'(?:.*? at '([^']*)')?", re.DOTALL)


def short(text: str, limit: int = MAX_MESSAGE) -> str:
    """Text cut to ``limit`` characters, marked when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def api_error(code: str, message: str, field: str | None = None) -> GraphQLError:
    """An expected error a client can act on."""
    extensions: dict[str, object] = {"code": code}
    if field is not None:
        extensions["field"] = field
    return GraphQLError(message, extensions=extensions)


def from_domain(error: DomainError) -> GraphQLError:
    """The write side's refusal as a GraphQL error (same code, same field)."""
    return api_error(error.code, error.message, error.field)


def is_unexpected(error: GraphQLError) -> bool:
    """True for errors raised by a bug or an outage rather than by the request."""
    original = error.original_error
    if original is None:
        # graphql-core's own execution errors ("Cannot return null for non-nullable field") are bugs.
        return error.path is not None and "code" not in (error.extensions or {})
    return not isinstance(original, GraphQLError | DomainError | BadCursor)


def log_unexpected(errors: list[GraphQLError]) -> None:
    """Log unexpected errors server-side, with their stack traces; expected ones are not logged."""
    for error in errors:
        if is_unexpected(error):
            original = error.original_error
            log.error(
                "unexpected error at %s: %s",
                short(".".join(str(p) for p in error.path or ()), 120),
                short(repr(original)),
                exc_info=(type(original), original, original.__traceback__) if original else None,
            )


def add_codes(errors: list[GraphQLError]) -> None:
    """Give a code to the errors graphql-core raises before execution (parse, validation,
    variables), cutting long messages; errors that have a code, or will be masked, are kept."""
    for error in errors:
        extensions = error.extensions or {}
        original = error.original_error
        if "code" in extensions or error.path is not None or not isinstance(original, GraphQLError | None):
            continue
        code, field = "GRAPHQL_VALIDATION_FAILED", None
        if isinstance(error, GraphQLSyntaxError):
            code = "GRAPHQL_PARSE_FAILED"
        elif match := _VARIABLE.match(error.message):
            code, field = "BAD_USER_INPUT", match.group(2) or match.group(1)
        error.message = short(error.message)
        error.extensions = {**extensions, "code": code, **({"field": field} if field else {})}


class MaskUnexpectedErrors(MaskErrors):
    """Replace unexpected errors by a generic one; a DomainError that escaped is translated."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_should_rewrite, error_message=MASKED_MESSAGE)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, DomainError | BadCursor):
            translated = (
                from_domain(original) if isinstance(original, DomainError)
                else api_error("BAD_USER_INPUT", str(original), field="after")
            )
            return GraphQLError(
                translated.message, nodes=error.nodes, path=error.path, extensions=translated.extensions
            )
        return GraphQLError(
            MASKED_MESSAGE,
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR"},
        )


def _should_rewrite(error: GraphQLError) -> bool:
    original = error.original_error
    return is_unexpected(error) or isinstance(original, DomainError | BadCursor)
