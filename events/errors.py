"""Domain errors a client can act on. Each maps to one GraphQL ``extensions.code``."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every refusal the write side makes; nothing is stored when one is raised."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class BadInput(DomainError):
    """The input cannot be true or is malformed; ``field`` names the offending input field."""

    code = "BAD_USER_INPUT"

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message, field)


class NotFound(DomainError):
    """An id names nothing that exists."""

    code = "NOT_FOUND"

    def __init__(self, kind: str, public_id: str, field: str | None = None) -> None:
        super().__init__(f"{kind} '{public_id}' does not exist", field)
        self.kind = kind
        self.public_id = public_id


class Conflict(DomainError):
    """The write contradicts what is already recorded (and is not an idempotent repeat)."""

    code = "CONFLICT"


class ConcurrentWrite(Exception):
    """Another writer appended to the same aggregate first; the use case is retried."""
