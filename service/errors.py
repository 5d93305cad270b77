"""One error shape for every response: ``{"errors": [{"message", "extensions": {"code", "field"?}}]}``.

GraphQL errors have it by nature; the routes beside GraphQL use ``error_response``, and the app's
exception handlers give it to Litestar's own refusals (400, 404, 405, 413, ...) and to unexpected
failures (500, logged here with the traceback, never sent).
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException

log = logging.getLogger("talentledger.http")

CODES = {
    400: "BAD_REQUEST", 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE", 413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE", 422: "BAD_USER_INPUT",
    429: "TOO_MANY_REQUESTS", 500: "INTERNAL_SERVER_ERROR", 503: "SERVICE_UNAVAILABLE",
}


def code_for(status: int) -> str:
    return CODES.get(status, f"HTTP_{status}")


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    extensions: dict[str, Any] = {"code": code}
    if field is not None:
        extensions["field"] = field
    return {"errors": [{"message": message, "extensions": extensions}]}


def error_response(
    status: int, code: str, message: str, field: str | None = None, *, media_type: str = MediaType.JSON,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    """A JSON error shaped like a GraphQL error, so clients read one format everywhere."""
    return Response(error_body(code, message, field), status_code=status, media_type=media_type, headers=headers)


def on_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    """Litestar's refusals (bad parameters, unknown route, wrong method, body too large)."""
    status = exc.status_code
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list) and exc.extra:
        first = exc.extra[0] if isinstance(exc.extra[0], dict) else {}
        field = first.get("key")
        message = f"{field}: {first.get('message')}" if field else str(exc.detail)
        return error_response(status, "BAD_USER_INPUT", message, field)
    return error_response(status, code_for(status), str(exc.detail), headers=exc.headers)


def on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """A bug or an outage: logged with its traceback, answered without it."""
    log.error("unexpected error answering %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "INTERNAL_SERVER_ERROR", "Internal server error.")


EXCEPTION_HANDLERS: dict[Any, Any] = {HTTPException: on_http_exception, Exception: on_unexpected}
