"""GraphQL errors with ``extensions.code``, and the masking of everything unexpected.

Expected refusals carry a code (and, for bad input, the offending field). Any other exception is
logged here with its stack trace and reaches the client only as ``Internal server error.``.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from events.errors import DomainError

log = logging.getLogger("talentledger.graphql")

CODES = frozenset(
    {"BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "UNAUTHENTICATED", "FORBIDDEN", "TIMEOUT"}
)
MASKED_MESSAGE = "Internal server error."


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
    if original is None or isinstance(original, GraphQLError):
        return False
    return not isinstance(original, DomainError)


def log_unexpected(errors: list[GraphQLError]) -> None:
    """Log unexpected errors server-side, with their stack traces; expected ones are not logged."""
    for error in errors:
        if is_unexpected(error):
            original = error.original_error
            log.error(
                "unexpected error at %s: %r",
                ".".join(str(p) for p in error.path or ()),
                original,
                exc_info=(type(original), original, original.__traceback__) if original else None,
            )


class MaskUnexpectedErrors(MaskErrors):
    """Replace unexpected errors by a generic one; a DomainError that escaped is translated."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_should_rewrite, error_message=MASKED_MESSAGE)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, DomainError):
            translated = from_domain(original)
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
    return original is not None and not isinstance(original, GraphQLError)
