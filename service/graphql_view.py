"""The GraphQL endpoint's edges that strawberry leaves open: undecodable bodies and websocket refusals.

A request body that is not UTF-8, or nested too deeply to decode, is answered ``400`` in the JSON
error shape, naming the body;
a request header of the wrong form likewise, naming the header (``BadRequest``). Over
graphql-transport-ws, a document that does not parse or validate gets an ``error`` message with
its errors (and their codes) rather than a closed socket.
"""

from __future__ import annotations

import json
from typing import Any

from litestar import Request, Response
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.types.execution import PreExecutionError

from service.errors import error_response


class BadRequest(Exception):
    """Input refused before GraphQL sees it: HTTP 400, ``BAD_USER_INPUT``, naming ``field``."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def bad_request_response(_: Request[Any, Any, Any], error: BadRequest) -> Response[dict[str, Any]]:
    """The Litestar exception handler of ``BadRequest``: the one JSON error shape."""
    return error_response(400, "BAD_USER_INPUT", error.message, error.field)


class TransportWSHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    """Reports every refusal before execution as an ``error`` message on the operation."""

    async def _handle_pre_execution_error(self, operation: Any, result: PreExecutionError) -> None:
        assert result.errors
        await operation.send_initial_errors(result.errors)


class StrictBodies:
    """Mixed into the GraphQL controller, before strawberry's base class."""

    graphql_transport_ws_handler_class = TransportWSHandler

    def decode_json(self, data: str | bytes) -> object:
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError:
                raise BadRequest("the request body is not valid UTF-8", field="body") from None
        try:
            return json.loads(data)
        except RecursionError:
            raise BadRequest("the request body is nested too deeply", field="body") from None
